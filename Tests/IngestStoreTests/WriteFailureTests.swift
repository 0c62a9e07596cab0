import Foundation
import GRDB
import IngestCore
@testable import IngestStore
import IngestTestSupport
import Testing

/// A write that SQLite refuses reaches the caller waiting on it as an error, never a silent drop.
@Suite("Failing writes", .timeLimit(.minutes(1)))
struct WriteFailureTests {
    let dir: TempDir
    let t0 = Timestamp(millis: 1_767_225_600_000)
    init() throws { dir = try TempDir() }

    @Test("a commit made while another connection holds the write lock throws to durable; later commits work")
    func lockedDatabase() async throws {
        let store = try openStore(dir.path)
        try await write(store, [.putMessage(queue: "work", message(seq: 1, body: "before", at: t0))])

        let lock = try await StoreWriteLock(path: store.path)
        let ticket = store.enqueue([.putMessage(queue: "work", message(seq: 2, body: "refused", at: t0))])
        var failure: (any Error)?
        do { try await store.durable(ticket) } catch { failure = error }
        lock.unlock()
        guard case .io(let text)? = failure as? StoreError else {
            Issue.record("expected StoreError.io, got \(String(describing: failure))")
            return
        }
        #expect(text.contains("locked"))
        // Asking again for the same ticket still reports the failure: it is not forgotten once reported.
        await #expect(throws: StoreError.self) { try await store.durable(ticket) }

        try await write(store, [.putMessage(queue: "work", message(seq: 3, body: "after", at: t0))])
        store.close()
        // The refused change is not in the store; what was acknowledged around it is.
        #expect(try reload(dir.path).messages["work"]?.map(\.body) == ["before", "after"])
    }

    @Test("a full database (SQLite's page limit reached) fails the write and keeps none of its changes")
    func fullDatabase() async throws {
        let store = try openStore(dir.path)
        try await write(store, [.putMessage(queue: "work", message(seq: 1, body: "small", at: t0))])
        // Cap the file at its current size on the store's own connection: SQLite then answers SQLITE_FULL,
        // exactly as it does when the disk is full.
        try await store.db.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
        }
        let big = String(repeating: "x", count: 256 * 1024)
        let ticket = store.enqueue([.putMessage(queue: "work", message(seq: 2, body: "in the same transaction", at: t0)),
                                    .putMessage(queue: "work", message(seq: 3, body: big, at: t0))])
        var failure: (any Error)?
        do { try await store.durable(ticket) } catch { failure = error }
        guard case .io(let text)? = failure as? StoreError else {
            Issue.record("expected StoreError.io, got \(String(describing: failure))")
            return
        }
        #expect(text.lowercased().contains("full"))
        // Room again: the next write goes through.
        try await store.db.writeWithoutTransaction { db in _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = 1073741823") }
        try await write(store, [.putMessage(queue: "work", message(seq: 4, body: "after", at: t0))])
        store.close()
        // All or nothing: the small change that shared the failed transaction is not there either.
        #expect(try reload(dir.path).messages["work"]?.map(\.body) == ["small", "after"])
    }

    @Test("through the engine, a send whose write fails is answered ServiceUnavailable (503) and logged as an error")
    func engineSendFails() async throws {
        let store = try openStore(dir.path)
        let engine = try Engine(definition: PipelineDefinition(context: Fixtures.context, queues: [Fixtures.queue("work")]),
                                clock: ManualClock(), store: store)
        _ = try await engine.send(queue: "work", SendRequest(body: "ok"))
        let lock = try await StoreWriteLock(path: store.path)
        var failure: (any Error)?
        do { _ = try await engine.send(queue: "work", SendRequest(body: "refused")) } catch { failure = error }
        lock.unlock()
        let sqs = try #require(failure as? SQSError)
        #expect(sqs.code == "ServiceUnavailable")
        #expect(await engine.recentEvents().contains { $0.level == .error && $0.source == "store" && $0.message.contains("write failed") })
        _ = try await engine.send(queue: "work", SendRequest(body: "after"))
        store.close()
        #expect(try reload(dir.path).messages["work"]?.map(\.body) == ["ok", "after"])
    }
}
