import Foundation
import GRDB
import IngestCore
import IngestStore
import IngestTestSupport
import Testing

/// Concurrent commits share transactions, and none returns before its change is in the file.
@Suite("Group commit", .timeLimit(.minutes(1)))
struct GroupCommitTests {
    let dir: TempDir
    let t0 = Timestamp(millis: 1_767_225_600_000)
    init() throws { dir = try TempDir() }

    /// Whether a message is in the file, read through a separate connection (as a restarted engine would).
    static func isStored(_ path: String, messageId: String) throws -> Bool {
        var config = Configuration()
        config.readonly = true
        let db = try DatabaseQueue(path: path, configuration: config)
        defer { try? db.close() }
        return try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM messages WHERE message_id = ?", arguments: [messageId]) } == 1
    }

    @Test("200 concurrent commits end in far fewer transactions, each durable before it returns")
    func concurrentCommits() async throws {
        let n = 200
        let store = try openStore(dir.path)
        let path = store.path
        let t0 = self.t0
        let notYetReadable = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<n {
                group.addTask {
                    let m = message(seq: UInt64(i + 1), body: "message \(i)", at: t0)
                    try await store.commit([.putMessage(queue: "work", m)])
                    // The moment commit returns, a fresh connection must see the change.
                    return try Self.isStored(path, messageId: m.messageId)
                }
            }
            var missing = 0
            for try await readable in group where !readable { missing += 1 }
            return missing
        }
        #expect(notYetReadable == 0)
        let counts = store.counts
        #expect(counts.changes == n)
        #expect(counts.transactions >= 1)
        // One sync per transaction: group commit means far fewer than one per commit.
        #expect(counts.transactions <= n / 4, "\(counts.transactions) transactions for \(n) commits")
        store.close()

        let s = try reload(dir.path)
        #expect(s.messages["work"]?.count == n)
        #expect(Set(s.messages["work"]?.map(\.body) ?? []) == Set((0..<n).map { "message \($0)" }))
    }

    @Test("changes commit in enqueue order: a later change is never applied before an earlier one")
    func order() async throws {
        let store = try openStore(dir.path)
        var last: UInt64 = 0
        for i in 1...95 {
            var m = message(seq: 1, body: "version \(i)", at: t0)
            m.receiveCount = i
            last = store.enqueue([.putMessage(queue: "work", m)])
            if i.isMultiple(of: 10) { _ = store.enqueue([.removeMessage(queue: "work", seq: 1)]) }
        }
        _ = store.enqueue([.checkpoint(mapping: "m", sequence: "1")])
        try await store.durable(last)
        store.close()
        let s = try reload(dir.path)
        // Each tenth version was removed and put back by the next: only the ordered result is version 95.
        #expect(s.messages["work"]?.map(\.body) == ["version 95"])
        #expect(s.messages["work"]?.first?.receiveCount == 95)
        #expect(s.checkpoints["m"] == .some("1"))
    }

    @Test("an empty enqueue still gets a ticket that becomes durable, and close commits what is queued")
    func emptyAndClose() async throws {
        let store = try openStore(dir.path)
        try await store.durable(store.enqueue([]))
        _ = store.enqueue([.putMessage(queue: "work", message(seq: 1, body: "queued before close", at: t0))])
        store.close()
        #expect(try reload(dir.path).messages["work"]?.map(\.body) == ["queued before close"])
    }
}
