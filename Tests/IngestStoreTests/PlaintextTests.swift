import Foundation
import GRDB
import IngestCore
import IngestStore
import IngestTestSupport
import Testing

/// With a KMS key on a resource, nothing it stores is readable in the data files; without one, it is.
@Suite("No plaintext at rest", .timeLimit(.minutes(1)))
struct PlaintextTests {
    let dir: TempDir
    let t0 = Timestamp(millis: 1_767_225_600_000)
    init() throws { dir = try TempDir() }

    /// Moves the write-ahead log into the database file (as SQLite eventually does by itself).
    func checkpoint(_ data: String) throws {
        let db = try DatabaseQueue(path: (data as NSString).appendingPathComponent(SQLiteStore.fileName))
        try db.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try db.close()
    }

    @Test("every payload kind of an encrypted queue, topic and table is sealed; a resource without a key is stored plain")
    func storeLevel() async throws {
        let data = try dir.directory("data")
        let ring = try KeyRing.create(path: dir.file("store.key"))
        let topic = Fixtures.context.topicArn("signups")
        let store = try openStore(data, ring: ring, encrypted: ["work", "users", topic])
        let secret = (1...5).map { "secret\($0)@example.com" }
        let plain = (1...4).map { "plain\($0)@example.com" }
        let item: Item = ["user_id": .s("u1"), "email": .s(secret[3])]
        try await write(store, [
            .putMessage(queue: "work", message(seq: 1, body: #"{"email":"\#(secret[0])"}"#, at: t0, attributes: ["to": .string(secret[1])])),
            .archive(topicArn: topic, ArchivedMessage(seq: 2, messageId: "p", publishedAt: t0, message: secret[2], subject: nil, attributes: [:])),
            .putItem(table: "users", key: TableService.storeKey(["user_id": .s("u1")]), item),
            .streamRecord(table: "users", streamRecord(table: "users", seq: 1, keys: ["user_id": .s("u1")],
                                                       new: ["user_id": .s("u1"), "email": .s(secret[4])], old: nil, name: .insert, at: t0)),
        ])
        // The same kinds of payload for resources that have no key (not in encryptedResources): stored plain.
        try await write(store, [
            .putMessage(queue: "plain", message(seq: 4, body: plain[0], at: t0)),
            .putItem(table: "public", key: TableService.storeKey(["user_id": .s("u2")]), ["user_id": .s("u2"), "email": .s(plain[1])]),
            .archive(topicArn: Fixtures.context.topicArn("open"),
                     ArchivedMessage(seq: 5, messageId: "q", publishedAt: t0, message: plain[2], subject: nil, attributes: [:])),
            .streamRecord(table: "public", streamRecord(table: "public", seq: 1, keys: ["user_id": .s("u2")],
                                                        new: ["user_id": .s("u2"), "email": .s(plain[3])], old: nil, name: .insert, at: t0)),
        ])
        store.close()

        let bytes = rawStoreBytes(data)
        #expect(!bytes.isEmpty)
        for e in secret { #expect(!occurs(e, in: bytes), "\(e) is readable in the data files") }
        for e in plain { #expect(occurs(e, in: bytes), "\(e) of an unencrypted resource should be stored plain") }

        try checkpoint(data)
        let afterCheckpoint = rawStoreBytes(data)
        for e in secret { #expect(!occurs(e, in: afterCheckpoint)) }
        #expect(occurs(plain[0], in: afterCheckpoint))

        // And everything still reads back.
        let s = try reload(data, ring: ring, encrypted: ["work", "users", topic])
        #expect(s.messages["work"]?.first?.body.contains(secret[0]) == true)
        #expect(s.items["users"] == [item])
        #expect(s.messages["plain"]?.first?.body == plain[0])
    }

    @Test("through the engine and the table service: published, sent and written e-mail addresses never reach the files in clear")
    func pipelineLevel() async throws {
        let data = try dir.directory("data")
        let ring = try KeyRing.create(path: dir.file("store.key"))
        let clock = ManualClock()
        let topic = TopicDefinition(logicalId: "Topic", name: "signups", kmsMasterKeyId: "alias/ingest")
        let arn = Fixtures.context.topicArn("signups")
        let definition = PipelineDefinition(
            context: Fixtures.context, topics: [topic],
            queues: [Fixtures.queue("work-dlq"), Fixtures.queue("work", dlq: "work-dlq", maxReceiveCount: 1), Fixtures.queue("plain")],
            subscriptions: [SubscriptionDefinition(logicalId: "Sub", topicArn: arn, protocol: "sqs", endpoint: Fixtures.context.queueArn("work"),
                                                   rawMessageDelivery: false)])
        let store = try openStore(data, ring: ring, encrypted: ["work", "work-dlq", arn, "users"])
        let engine = try Engine(definition: definition, clock: clock, store: store)
        let tables = TableService(definitions: [TableDefinition(name: "users", hashKey: KeyAttribute(name: "user_id", type: .s),
                                                                streamViewType: .newAndOldImages),
                                                TableDefinition(name: "public", hashKey: KeyAttribute(name: "user_id", type: .s))],
                                  clock: clock, store: store)
        var secrets: [String] = []
        for i in 0..<20 {
            let email = "user\(i)@secret.example"
            secrets.append(email)
            _ = try await engine.publish(PublishRequest(topic: arn, message: #"{"user_id":"u\#(i)","email":"\#(email)"}"#,
                                                        attributes: ["email": .string(email)]))
            _ = try await tables.put(table: "users", item: ["user_id": .s("u\(i)"), "email": .s(email)])
        }
        // Receive every message once, then once more past the visibility timeout: all move to the (encrypted) DLQ.
        var received = 0
        while true {
            let got = try await engine.receive(queue: "work", max: 10).count
            if got == 0 { break }
            received += got
        }
        #expect(received == 20)
        clock.advance(seconds: 31)
        #expect(try await engine.receive(queue: "work", max: 10).isEmpty)
        _ = try await engine.send(queue: "plain", SendRequest(body: "visible@plain.example"))
        _ = try await tables.put(table: "public", item: ["user_id": .s("p"), "email": .s("listed@plain.example")])
        try await store.durable(store.enqueue([]))
        #expect(try await engine.queueAttributeStrings("work-dlq")["ApproximateNumberOfMessages"] == "20")

        let bytes = rawStoreBytes(data)
        for e in secrets { #expect(!occurs(e, in: bytes), "\(e) is readable in the data files") }
        #expect(occurs("visible@plain.example", in: bytes))
        #expect(occurs("listed@plain.example", in: bytes))
        store.close()
        try checkpoint(data)
        let after = rawStoreBytes(data)
        for e in secrets { #expect(!occurs(e, in: after)) }

        let s = try reload(data, ring: ring, encrypted: ["work", "work-dlq", arn, "users"])
        #expect(s.items["users"]?.count == 20)
        #expect(s.archive[arn]?.count == 20)
        #expect(s.messages["work"] == nil)
        #expect(s.messages["work-dlq"]?.count == 20)
    }
}
