import Foundation
import IngestCore
import IngestHandlers
@testable import IngestStore
import IngestTestSupport
import Testing

/// Tables, their streams and the stream consumers' checkpoints, stopped and started again.
@Suite("Table, stream and checkpoint recovery", .timeLimit(.minutes(1)))
struct TableRecoveryTests {
    let dir: TempDir
    let clock = ManualClock()
    init() throws { dir = try TempDir() }

    static let users = TableDefinition(name: "users", hashKey: KeyAttribute(name: "user_id", type: .s), streamViewType: .newAndOldImages)

    func tables(_ store: SQLiteStore, restoring snapshot: StoreSnapshot? = nil) async throws -> TableService {
        let t = TableService(definitions: [Self.users], clock: clock, store: store)
        if let snapshot { try await t.restore(items: snapshot.items, streamRecords: snapshot.streamRecords) }
        return t
    }

    @Test("table writes are persisted and restored, and the stream continues its numbering after a restart")
    func tableWrites() async throws {
        var store = try openStore(dir.path)
        var t = try await tables(store)
        _ = try await t.put(table: "users", item: ["user_id": .s("u1"), "email": .s("a@example.com")])
        _ = try await t.put(table: "users", item: ["user_id": .s("u2"), "n": .n("1")])
        _ = try await t.put(table: "users", item: ["user_id": .s("u1"), "email": .s("b@example.com")])
        _ = try await t.delete(table: "users", key: ["user_id": .s("u2")])
        // Writes are enqueued, not awaited: whatever is acknowledged after them is committed after them.
        try await store.durable(store.enqueue([]))
        let before = try await t.streamRecords(table: "users", after: nil, limit: 100)
        store.close()

        store = try openStore(dir.path)
        t = try await tables(store, restoring: try store.load())
        #expect(try await t.getItem(table: "users", key: ["user_id": .s("u1")]) == ["user_id": .s("u1"), "email": .s("b@example.com")])
        #expect(try await t.getItem(table: "users", key: ["user_id": .s("u2")]) == nil)
        #expect(try await t.streamRecords(table: "users", after: nil, limit: 100) == before)
        let next = try #require(try await t.put(table: "users", item: ["user_id": .s("u3")]).record)
        #expect(next.sequenceNumber == TableStream.format(5))
        store.close()
    }

    @Test("a table whose stream records were all swept by retention keeps numbering after them")
    func sweptStreamKeepsNumbering() async throws {
        var store = try openStore(dir.path)
        let old = Timestamp(date: Date()).adding(seconds: -2 * 86_400)
        try await write(store, (1...3).map { i in
            .streamRecord(table: "users", streamRecord(table: "users", seq: UInt64(i), keys: ["user_id": .s("u\(i)")],
                                                       new: ["user_id": .s("u\(i)")], old: nil, name: .insert, at: old))
        } + [.checkpoint(mapping: "M", sequence: TableStream.format(3))])
        // The store's retention sweep (the writer runs it once a minute), on the real connection.
        let sealer = store.sealer
        try await store.db.write { db in try StoreWriter(db: db, sealer: sealer, encrypted: []).sweep(now: Timestamp(date: Date()), logCapacity: 50_000) }
        store.close()

        store = try openStore(dir.path)
        let snapshot = try store.load()
        #expect((snapshot.streamRecords["users"]?.count ?? 0) <= 1, "records past retention are swept")
        let t = try await tables(store, restoring: snapshot)
        let next = try #require(try await t.put(table: "users", item: ["user_id": .s("new")]).record)
        // A consumer whose checkpoint is 3 must see this record: it cannot be numbered 1 again.
        #expect(next.sequenceNumber == TableStream.format(4))
        #expect(try await t.streamRecords(table: "users", after: snapshot.checkpoints["M"] ?? nil, limit: 10).map(\.sequenceNumber)
            == [TableStream.format(4)])
        store.close()
    }

    // MARK: Stream consumers

    /// A pipeline with table `users` (stream), a function that logs each record it gets, and mapping `M`.
    func pipeline(_ store: SQLiteStore, startingPosition: EventSourceMappingDefinition.StartingPosition,
                  enabled: Bool = true) throws -> PipelineRuntime {
        var d = PipelineDefinition(context: Fixtures.context, queues: [])
        var mapping = Fixtures.streamMapping("M", table: "users", function: "f", startingPosition: startingPosition)
        mapping.enabled = enabled
        d.tables = [Fixtures.table("users", stream: .newAndOldImages)]
        d.functions = [Fixtures.function("f", handler: "fail", environment: ["FAIL_RATIO": "1"])]
        d.eventSourceMappings = [mapping]
        return try PipelineRuntime(definition: d, handlers: BuiltinHandlers.registry, clock: clock, store: store)
    }

    /// The sequence numbers a function invocation received (the `fail` handler logs each record it fails).
    func received(_ p: PipelineRuntime, _ report: BatchReport) -> [String] {
        let prefix = "injected failure for record "
        return p.logBook.query(LogQuery(source: "f", requestId: report.requestId, limit: 10_000)).compactMap { line in
            guard line.message.hasPrefix(prefix) else { return nil }
            return String(line.message.dropFirst(prefix.count).prefix { $0 != " " })
        }
    }

    @Test("a stream consumer resumes from its stored checkpoint: nothing read twice, nothing skipped")
    func consumerResumes() async throws {
        var store = try openStore(dir.path)
        var p = try pipeline(store, startingPosition: .trimHorizon)
        await p.start()
        for i in 1...3 { _ = try await p.tables.put(table: "users", item: ["user_id": .s("u\(i)")]) }
        try await eventually("checkpoint at 3") { await p.streamMappings[0].status().checkpoint == TableStream.format(3) }
        try await store.durable(store.enqueue([]))
        await p.stop()
        store.close()
        #expect(try reload(dir.path).checkpoints["M"] == .some(TableStream.format(3)))

        store = try openStore(dir.path)
        p = try pipeline(store, startingPosition: .trimHorizon)
        try await p.restore(try store.load())
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        #expect(await p.streamMappings[0].status().lag == 0)
        _ = try await p.tables.put(table: "users", item: ["user_id": .s("u4")])
        let report = try #require(await reports.next())
        #expect(received(p, report) == [TableStream.format(4)])
        try await eventually("checkpoint at 4") { await p.streamMappings[0].status().checkpoint == TableStream.format(4) }
        await p.stop()
        store.close()
    }

    @Test("a LATEST consumer started on an empty stream keeps 'before the first record' across a restart")
    func latestOnEmptyStream() async throws {
        var store = try openStore(dir.path)
        var p = try pipeline(store, startingPosition: .latest, enabled: false)
        await p.start()
        // Records arrive while the consumer is disabled (or before it got to them), then the engine stops.
        for i in 1...2 { _ = try await p.tables.put(table: "users", item: ["user_id": .s("u\(i)")]) }
        try await store.durable(store.enqueue([]))
        await p.stop()
        store.close()
        #expect(try reload(dir.path).checkpoints["M"] == .some(nil))

        store = try openStore(dir.path)
        p = try pipeline(store, startingPosition: .latest, enabled: true)
        try await p.restore(try store.load())
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        // Its position was before record 1: both records are still to be read, not skipped as "older than LATEST".
        let report = try #require(await reports.next())
        #expect(received(p, report) == [TableStream.format(1), TableStream.format(2)])
        try await eventually("checkpoint at 2") { await p.streamMappings[0].status().checkpoint == TableStream.format(2) }
        await p.stop()
        store.close()
    }
}
