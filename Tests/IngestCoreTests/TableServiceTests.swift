import IngestCore
import IngestTestSupport
import Testing

@Suite("Table service: TableAccess, lookups, stream waits, shard iterators and metrics", .timeLimit(.minutes(1)))
struct TableServiceTests {
    let clock = ManualClock(start: DDBFixture.t0)

    func service() -> TableService {
        let metadata = TableDefinition(logicalId: "UserMetadataTable", name: "demo_user_metadata", hashKey: KeyAttribute(name: "user_id", type: .s),
                                       billingMode: .provisioned, readCapacity: 1, writeCapacity: 1, context: DDBFixture.context)
        return TableService(definitions: [metadata, DDBFixture.onboarding()], clock: clock)
    }

    @Test("tables are found by name, ARN or stream ARN; an unknown table is ResourceNotFoundException")
    func lookup() async throws {
        let s = service()
        let def = DDBFixture.onboarding()
        try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u1"), condition: nil)
        #expect(try await s.getItem(table: def.arn, key: ["user_id": .s("u1")]) != nil)
        #expect(try await s.getItem(table: def.streamArn, key: ["user_id": .s("u1")]) != nil)
        #expect(try await s.table(named: def.arn).name == "demo_user_onboarding")
        let missing = await ddbError { try await s.getItem(table: "nope", key: ["user_id": .s("u1")]) }
        #expect(missing?.code == "ResourceNotFoundException")
        #expect(await ddbError { try await s.putItem(table: "nope", item: [:], condition: nil) }?.code == "ResourceNotFoundException")
    }

    @Test("TableAccess writes: idempotent insert, then an aliased update guarded by attribute_exists")
    func tableAccess() async throws {
        let s = service()
        let tables: any TableAccess = s
        let first = try await tables.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u1"), condition: DDBFixture.insertOnce)
        #expect(first == nil)
        let again = await ddbError { try await tables.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u1"), condition: DDBFixture.insertOnce) }
        #expect(again?.code == "ConditionalCheckFailedException")
        #expect(again?.item == DDBFixture.user("u1"))

        let updated = try await tables.updateItem(
            table: "demo_user_onboarding", key: ["user_id": .s("u1")],
            update: ConditionSpec("SET #status = :done, updated_at = :t", names: ["#status": "status"], values: [":done": .s("COMPLETED"), ":t": .s("now")]),
            condition: ConditionSpec("attribute_exists(#id)", names: ["#id": "user_id"]))
        #expect(updated["status"] == .s("COMPLETED"))
        #expect(updated["updated_at"] == .s("now"))

        let reserved = await ddbError {
            try await tables.updateItem(table: "demo_user_onboarding", key: ["user_id": .s("u1")],
                                        update: ConditionSpec("SET status = :s", values: [":s": .s("X")]), condition: nil)
        }
        #expect(reserved?.message == "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status")

        let old = try await tables.deleteItem(table: "demo_user_onboarding", key: ["user_id": .s("u1")], condition: nil)
        #expect(old?["status"] == .s("COMPLETED"))
        #expect(try await tables.getItem(table: "demo_user_onboarding", key: ["user_id": .s("u1")]) == nil)
        let names = try await s.streamRecords(table: "demo_user_onboarding", after: nil, limit: 10).map(\.eventName)
        #expect(names == [.insert, .modify, .remove])
    }

    @Test("a stream consumer waits for new records without polling")
    func waitForRecords() async throws {
        let s = service()
        let latest = await s.latestSequence(table: "demo_user_onboarding")
        #expect(latest == nil)
        let waiter = Task { await s.waitForStreamRecords(table: "demo_user_onboarding", after: latest) }
        while await s.waiterCount == 0 { await Task.yield() }
        // A write to another table, or one without a record, does not wake it.
        try await s.putItem(table: "demo_user_metadata", item: ["user_id": .s("u1")], condition: nil)
        #expect(await s.waiterCount == 1)
        try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u1"), condition: nil)
        await waiter.value
        #expect(await s.waiterCount == 0)
        let records = try await s.streamRecords(table: "demo_user_onboarding", after: latest, limit: 100)
        #expect(records.count == 1)
        // With a record already after the position, the wait returns at once.
        await s.waitForStreamRecords(table: "demo_user_onboarding", after: nil)
        #expect(await s.latestSequence(table: "demo_user_onboarding") == records[0].sequenceNumber)
    }

    @Test("a waiting consumer is released when its task is cancelled")
    func waitCancelled() async {
        let s = service()
        let waiter = Task { await s.waitForStreamRecords(table: "demo_user_onboarding", after: nil) }
        while await s.waiterCount == 0 { await Task.yield() }
        waiter.cancel()
        await waiter.value
        while await s.waiterCount > 0 { await Task.yield() }
        #expect(await s.waiterCount == 0)
    }

    @Test("shard iterators expire after 15 minutes")
    func iteratorExpiry() async throws {
        let s = service()
        try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u1"), condition: nil)
        let iterator = try await s.getShardIterator(table: "demo_user_onboarding", type: .trimHorizon)
        let first = try await s.getRecords(shardIterator: iterator)
        #expect(first.records.count == 1)
        clock.advance(seconds: 900)
        #expect(try await s.getRecords(shardIterator: iterator).records.count == 1)
        clock.advance(millis: 1)
        let expired = await ddbError { try await s.getRecords(shardIterator: iterator) }
        #expect(expired?.code == "ExpiredIteratorException")
        // A fresh iterator works, and the next iterator continues after what was read.
        let fresh = try await s.getRecords(shardIterator: try await s.getShardIterator(table: "demo_user_onboarding", type: .trimHorizon))
        #expect(fresh.records.count == 1)
        try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u2"), condition: nil)
        let next = try await s.getRecords(shardIterator: try #require(fresh.nextShardIterator))
        #expect(next.records.map { $0.keys["user_id"] } == [.s("u2")])
        #expect(await ddbError { try await s.getRecords(shardIterator: "garbage") }?.code == "ValidationException")
        #expect(await ddbError { try await s.getShardIterator(table: "demo_user_metadata", type: .latest) }?.code == "ValidationException")
    }

    @Test("GetRecords from LATEST sees only later changes; AT_SEQUENCE_NUMBER re-reads")
    func latestIterator() async throws {
        let s = service()
        try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("before"), condition: nil)
        let latest = try await s.getShardIterator(table: "demo_user_onboarding", type: .latest)
        try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("after"), condition: nil)
        #expect(try await s.getRecords(shardIterator: latest).records.map { $0.keys["user_id"] } == [.s("after")])
        let at = try await s.getShardIterator(table: "demo_user_onboarding", type: .atSequenceNumber, sequenceNumber: "000000000000000000001")
        #expect(try await s.getRecords(shardIterator: at, limit: 1).records.map { $0.keys["user_id"] } == [.s("before")])
        #expect(await ddbError { try await s.getRecords(shardIterator: at, limit: 1001) }?.code == "ValidationException")
    }

    @Test("stream replay positions: from a sequence number or a time; the lag after a checkpoint")
    func replayPositions() async throws {
        let s = service()
        for i in 0..<4 {
            try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u\(i)"), condition: nil)
            clock.advance(seconds: 60)
        }
        let fromThird = await s.sequence(before: "000000000000000000003", table: "demo_user_onboarding")
        #expect(try await s.streamRecords(table: "demo_user_onboarding", after: fromThird, limit: 10).map { $0.keys["user_id"] } == [.s("u2"), .s("u3")])
        let fromTime = await s.sequence(before: DDBFixture.t0.adding(seconds: 61), table: "demo_user_onboarding")
        #expect(try await s.streamRecords(table: "demo_user_onboarding", after: fromTime, limit: 10).count == 2)
        #expect(await s.sequence(atOrAfter: DDBFixture.t0.adding(seconds: 61), table: "demo_user_onboarding") == "000000000000000000003")
        #expect(await s.countAfter(sequence: nil, table: "demo_user_onboarding") == 4)
        #expect(await s.countAfter(sequence: "000000000000000000001", table: "demo_user_onboarding") == 3)
        #expect(try await s.recentStreamRecords(table: "demo_user_onboarding", limit: 2).map(\.sequenceNumber)
            == ["000000000000000000003", "000000000000000000004"])
        // A day later the records are gone; an old checkpoint reports trimmed data.
        clock.advance(seconds: 86_400)
        #expect(await s.trimStreams() == 4)
        let trimmed = await ddbError { try await s.streamRecords(table: "demo_user_onboarding", after: "000000000000000000001", limit: 10) }
        #expect(trimmed?.code == "TrimmedDataAccessException")
        #expect(try await s.streamRecords(table: "demo_user_onboarding", after: nil, limit: 10).isEmpty)
    }

    @Test("drainMetrics reports writes and conditional check failures since the last call")
    func metrics() async throws {
        let s = service()
        try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u1"), condition: DDBFixture.insertOnce)
        _ = await ddbError { try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u1"), condition: DDBFixture.insertOnce) }
        _ = await ddbError { try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u1"), condition: DDBFixture.insertOnce) }
        try await s.putItem(table: "demo_user_metadata", item: ["user_id": .s("u1")], condition: nil)
        let first = await s.drainMetrics()
        #expect(first == [
            TableMetrics(table: "demo_user_metadata", writes: 1, conditionalCheckFailures: 0, streamRecords: 0),
            TableMetrics(table: "demo_user_onboarding", writes: 1, conditionalCheckFailures: 2, streamRecords: 1),
        ])
        let second = await s.drainMetrics()
        #expect(second.allSatisfy { $0.writes == 0 && $0.conditionalCheckFailures == 0 && $0.streamRecords == 0 })
        // A malformed condition is a ValidationException and counts as neither.
        let bad = await ddbError { try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u2"), condition: ConditionSpec("attribute_not_exists(")) }
        #expect(bad?.code == "ValidationException")
        #expect(await s.drainMetrics().allSatisfy { $0.writes == 0 && $0.conditionalCheckFailures == 0 })
    }

    @Test("table summaries show key schema, counts, stream and capacity")
    func summaries() async throws {
        let s = service()
        try await s.putItem(table: "demo_user_onboarding", item: DDBFixture.user("u1"), condition: nil)
        let all = await s.summaries()
        #expect(all.map(\.name) == ["demo_user_metadata", "demo_user_onboarding"])
        let t = try await s.table(named: "demo_user_onboarding")
        #expect(t.keySchema == "user_id (S, HASH)")
        #expect(t.itemCount == 1)
        #expect(t.streamViewType == .newAndOldImages)
        #expect(t.streamArn == DDBFixture.onboarding().streamArn)
        #expect(t.streamRecordCount == 1)
        #expect(t.newestSequence == "000000000000000000001")
        #expect(t.billingMode == .provisioned && t.readCapacity == 1 && t.writeCapacity == 1)
        #expect(t.sizeBytes > 0)
        #expect(all[0].streamArn == nil && all[0].streamRecordCount == 0)
        #expect(await ddbError { try await s.table(named: "nope") }?.code == "ResourceNotFoundException")
    }

    @Test("query and scan pages through the service")
    func paging() async throws {
        let s = TableService(definitions: [DDBFixture.composite()], clock: clock)
        for i in 1...3 { _ = try await s.put(table: "events", item: ["pk": .s("a"), "sk": .n(String(i))]) }
        let q = try await s.query(table: "events", hashKey: .s("a"), limit: 2)
        #expect(q.items.count == 2 && q.lastEvaluatedKey == ["pk": .s("a"), "sk": .n("2")])
        let page = try await s.scanPage(table: "events", limit: 2, exclusiveStartKey: q.lastEvaluatedKey)
        #expect(page.items == [["pk": .s("a"), "sk": .n("3")]])
        #expect(page.lastEvaluatedKey == nil)
    }
}
