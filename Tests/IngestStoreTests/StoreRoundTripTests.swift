import Foundation
import IngestCore
import IngestStore
import IngestTestSupport
import Testing

/// What goes into the SQLite file comes back out after the store is closed and opened again.
@Suite("Store round trips through a real SQLite file", .timeLimit(.minutes(1)))
struct StoreRoundTripTests {
    let dir: TempDir
    let t0 = Timestamp(millis: 1_767_225_600_000)
    init() throws { dir = try TempDir() }

    var attributes: MessageAttributes {
        [
            "kind": .string("signup"), "count": .number("-12.50"), "blob": .binary([0, 1, 2, 254, 255]),
            "tags": .stringArray(#"["a","b"]"#), "custom": MessageAttributeValue(dataType: "String.custom", stringValue: "ünïcödé ✓"),
        ]
    }

    /// One message in each state, with every field a restart must keep.
    func messages() -> (visible: QueueMessage, inFlight: QueueMessage, delayed: QueueMessage, dead: QueueMessage) {
        let visible = message(seq: 1, body: #"{"user_id":"u1","email":"a@example.com"}"#, at: t0, attributes: attributes)
        var inFlight = message(seq: 2, body: "in flight ✈︎", state: .inFlight, at: t0)
        inFlight.visibleAt = t0.adding(seconds: 30)
        inFlight.receiveCount = 3
        inFlight.receivesHere = 2
        inFlight.firstReceiveTimestamp = t0.adding(seconds: 1)
        inFlight.receivedAt = t0.adding(seconds: 5)
        inFlight.receiptToken = 0xFEDC_BA98_7654_3210
        var delayed = message(seq: 3, body: "", state: .delayed, at: t0)
        delayed.visibleAt = t0.adding(seconds: 900)
        var dead = message(seq: 4, body: "poison", at: t0.adding(seconds: -3600), attributes: ["a": .string("b")])
        dead.receiveCount = 5
        dead.receivesHere = 0
        dead.firstReceiveTimestamp = t0.adding(seconds: -3000)
        dead.deadLetterSourceArn = Fixtures.context.queueArn("work")
        dead.noteFailure("first failure", at: t0.adding(seconds: -2000))
        dead.noteFailure("received 5 times without being deleted (maxReceiveCount 5)", at: t0.adding(seconds: -10))
        return (visible, inFlight, delayed, dead)
    }

    @Test("messages in every state come back field for field; removals and purges stay applied")
    func messagesRoundTrip() async throws {
        let (visible, inFlight, delayed, dead) = messages()
        var firstVersion = visible
        firstVersion.body = "an older version of message 1"
        let store = try openStore(dir.path)
        try await write(store, [.putMessage(queue: "work", firstVersion), .putMessage(queue: "work", inFlight)])
        try await write(store, [
            .putMessage(queue: "work", visible), // replaces the older version
            .putMessage(queue: "work", delayed),
            .putMessage(queue: "dlq", dead),
            .putMessage(queue: "work", message(seq: 5, body: "deleted", at: t0)),
            .putMessage(queue: "gone", message(seq: 6, body: "purged 1", at: t0)),
            .putMessage(queue: "gone", message(seq: 7, body: "purged 2", at: t0)),
        ])
        try await write(store, [.removeMessage(queue: "work", seq: 5), .purgeQueue(queue: "gone"),
                                .putMessage(queue: "gone", message(seq: 8, body: "after the purge", at: t0))])
        store.close()

        let s = try reload(dir.path)
        #expect(s.messages["work"] == [visible, inFlight, delayed])
        #expect(s.messages["dlq"] == [dead])
        #expect(s.messages["gone"]?.map(\.body) == ["after the purge"])
        #expect(s.lastSeq == 8)
        let back = try #require(s.messages["work"]?.first { $0.seq == 2 })
        #expect(back.state == .inFlight)
        #expect(back.visibleAt == t0.adding(seconds: 30))
        #expect(back.receiptToken == 0xFEDC_BA98_7654_3210)
        #expect(back.receiveCount == 3 && back.receivesHere == 2)
        #expect(s.messages["work"]?.first { $0.seq == 1 }?.attributes == attributes)
        #expect(s.messages["work"]?.first { $0.seq == 3 }?.state == .delayed)
        #expect(s.messages["dlq"]?.first?.failureReason == "received 5 times without being deleted (maxReceiveCount 5)")
        #expect(s.messages["dlq"]?.first?.firstFailureAt == t0.adding(seconds: -2000))
        #expect(s.messages["dlq"]?.first?.deadLetterSourceArn == Fixtures.context.queueArn("work"))
    }

    @Test("archive entries round trip per topic, and trimArchive drops only that topic's entries up to its seq")
    func archiveRoundTrip() async throws {
        let a = Fixtures.context.topicArn("signups"), b = Fixtures.context.topicArn("other")
        let entries = (1...4).map { i in
            ArchivedMessage(seq: UInt64(10 + i), messageId: "m\(i)", publishedAt: t0.adding(seconds: i), message: "message \(i) ✓",
                            subject: i.isMultiple(of: 2) ? "subject \(i)" : nil, attributes: i == 3 ? attributes : [:])
        }
        let early = ArchivedMessage(seq: 2, messageId: "b1", publishedAt: t0, message: "on another topic", subject: "", attributes: [:])
        let store = try openStore(dir.path)
        try await write(store, entries.map { .archive(topicArn: a, $0) } + [.archive(topicArn: b, early)])
        try await write(store, [.trimArchive(topicArn: a, throughSeq: 12)])
        store.close()

        let s = try reload(dir.path)
        #expect(s.archive[a] == Array(entries.dropFirst(2)))
        #expect(s.archive[b] == [early])
        #expect(s.archive[b]?.first?.subject == "")
        #expect(s.archive[a]?.first?.subject == nil)
        #expect(s.lastSeq == 14)
    }

    @Test("move task states round trip; the latest state of a task wins")
    func moveTasksRoundTrip() async throws {
        let running0 = try moveTask(handle: "h1", status: .running, moved: 0, toMove: 5, started: t0.millis, rate: 1, lastSeq: 40)
        let running2 = try moveTask(handle: "h1", status: .running, moved: 2, toMove: 5, started: t0.millis, rate: 1, lastSeq: 40)
        let failed = try moveTask(handle: "h0", status: .failed, moved: 1, toMove: 3, started: t0.millis - 5000,
                                  failure: "AWS.SimpleQueueService.NonExistentQueue: destination x does not exist", lastSeq: 9)
        let cancelled = try moveTask(handle: "h2", status: .cancelled, moved: 0, toMove: 2, started: t0.millis + 5000,
                                     selected: ["m-1", "m-2"], lastSeq: 50)
        let store = try openStore(dir.path)
        try await write(store, [.moveTask(running0), .moveTask(failed)])
        try await write(store, [.moveTask(running2), .moveTask(cancelled)])
        store.close()

        let s = try reload(dir.path)
        #expect(s.moveTasks == [failed, running2, cancelled]) // oldest start first
        #expect(s.moveTasks[1].info.taskHandle == "h1")
        #expect(s.moveTasks[1].info.maxNumberOfMessagesPerSecond == 1)
        #expect(s.moveTasks[2].info.selectedMessageIds == ["m-1", "m-2"])
    }

    @Test("table items (every attribute type) put, overwritten and deleted; stream records in order")
    func tablesRoundTrip() async throws {
        let rich: Item = [
            "user_id": .s("u1"), "email": .s("u1@example.com"), "age": .n("42.50"), "avatar": .b([0, 7, 255]), "active": .bool(true),
            "nothing": .null, "list": .l([.s("x"), .n("1"), .m(["deep": .bool(false)])]), "map": .m(["k": .s("v"), "n": .n("-3")]),
            "ss": .ss(["a", "b"]), "ns": .ns(["1", "2.5"]), "bs": .bs([[1], [2, 3]]),
        ]
        let first: Item = ["user_id": .s("u2"), "email": .s("old@example.com")]
        let second: Item = ["user_id": .s("u2"), "email": .s("new@example.com")]
        let doomed: Item = ["user_id": .s("u3")]
        let other: Item = ["order_id": .s("o1"), "total": .n("9.99")]
        let key = { (id: String) in TableService.storeKey(["user_id": .s(id)]) }
        let records = [
            streamRecord(table: "users", seq: 1, keys: ["user_id": .s("u2")], new: first, old: nil, name: .insert, at: t0),
            streamRecord(table: "users", seq: 2, keys: ["user_id": .s("u2")], new: second, old: first, name: .modify, at: t0.adding(millis: 1)),
            streamRecord(table: "users", seq: 3, keys: ["user_id": .s("u3")], new: nil, old: doomed, name: .remove, at: t0.adding(millis: 2)),
        ]
        let orders = [streamRecord(table: "orders", seq: 1, keys: ["order_id": .s("o1")], new: other, old: nil, name: .insert, at: t0)]
        let store = try openStore(dir.path)
        try await write(store, [
            .putItem(table: "users", key: key("u1"), rich), .putItem(table: "users", key: key("u2"), first),
            .putItem(table: "users", key: key("u3"), doomed), .streamRecord(table: "users", records[0]),
            .putItem(table: "orders", key: TableService.storeKey(["order_id": .s("o1")]), other), .streamRecord(table: "orders", orders[0]),
        ])
        try await write(store, [.putItem(table: "users", key: key("u2"), second), .streamRecord(table: "users", records[1])])
        try await write(store, [.deleteItem(table: "users", key: key("u3")), .streamRecord(table: "users", records[2])])
        store.close()

        let s = try reload(dir.path)
        let users = try #require(s.items["users"])
        #expect(users.count == 2)
        #expect(Set(users) == Set([rich, second]))
        #expect(s.items["orders"] == [other])
        #expect(s.streamRecords["users"] == records)
        #expect(s.streamRecords["orders"] == orders)
    }

    @Test("checkpoints round trip, including nil (before the first record) and a move back to nil")
    func checkpointsRoundTrip() async throws {
        let store = try openStore(dir.path)
        try await write(store, [.checkpoint(mapping: "A", sequence: "000000000000000000001"), .checkpoint(mapping: "B", sequence: nil),
                                .checkpoint(mapping: "C", sequence: "000000000000000000007")])
        try await write(store, [.checkpoint(mapping: "A", sequence: "000000000000000000002"), .checkpoint(mapping: "C", sequence: nil)])
        store.close()

        let s = try reload(dir.path)
        #expect(s.checkpoints.count == 3)
        #expect(s.checkpoints["A"] == .some("000000000000000000002"))
        // Present with a nil value: "before the first record", unlike an absent mapping.
        #expect(s.checkpoints["B"] == .some(nil))
        #expect(s.checkpoints["C"] == .some(nil))
        #expect(s.checkpoints["D"] == nil)
    }

    @Test("an encrypted store round trips the same as a plain one")
    func encryptedRoundTrip() async throws {
        let keyFile = dir.file("store.key")
        let ring = try KeyRing.create(path: keyFile)
        let data = try dir.directory("data")
        let (visible, inFlight, delayed, dead) = messages()
        let enc: Set<String> = ["work", "dlq", "users", Fixtures.context.topicArn("signups")]
        let item: Item = ["user_id": .s("u1"), "email": .s("u1@example.com")]
        let record = streamRecord(table: "users", seq: 1, keys: ["user_id": .s("u1")], new: item, old: nil, name: .insert, at: t0)
        let archived = ArchivedMessage(seq: 9, messageId: "p", publishedAt: t0, message: "hello", subject: "s", attributes: attributes)
        let store = try openStore(data, ring: ring, encrypted: enc)
        try await write(store, [.putMessage(queue: "work", visible), .putMessage(queue: "work", inFlight), .putMessage(queue: "work", delayed),
                                .putMessage(queue: "dlq", dead), .putItem(table: "users", key: "k", item), .streamRecord(table: "users", record),
                                .archive(topicArn: Fixtures.context.topicArn("signups"), archived)])
        store.close()

        let s = try reload(data, ring: try KeyRing.load(path: keyFile), encrypted: enc)
        #expect(s.messages["work"] == [visible, inFlight, delayed])
        #expect(s.messages["dlq"] == [dead])
        #expect(s.items["users"] == [item])
        #expect(s.streamRecords["users"] == [record])
        #expect(s.archive[Fixtures.context.topicArn("signups")] == [archived])
    }

    @Test("a store opens again right after close: close releases the database, not a later deinit on another thread")
    func reopenRightAfterClose() async throws {
        for i in 1...100 {
            let store = try openStore(dir.path)
            try await write(store, [.putMessage(queue: "work", message(seq: UInt64(i), body: "restart \(i)", at: t0))])
            store.close()
        }
        #expect(try reload(dir.path).messages["work"]?.count == 100)
    }

    @Test("an empty store loads as empty, and a new store's files are private (0600)")
    func emptyStore() throws {
        let store = try openStore(dir.path)
        store.close()
        #expect(try reload(dir.path).isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: dir.file(SQLiteStore.fileName))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
