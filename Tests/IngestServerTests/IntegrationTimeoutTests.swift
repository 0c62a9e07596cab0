import IngestCore
@testable import IngestServer
import IngestTestSupport
import Synchronization
import Testing

@Suite("Integration timeout: 504 when publishing outlasts it, on the engine clock", .timeLimit(.minutes(1)))
struct IntegrationTimeoutTests {
    let clock = ManualClock()

    /// A publish that has not become durable yet: it finishes only when the test lets it.
    final class Stalled: Sendable {
        let waiting = Mutex<CheckedContinuation<String, Never>?>(nil)
        func work() async -> String { await withCheckedContinuation { c in waiting.withLock { $0 = c } } }
        var started: Bool { waiting.withLock { $0 != nil } }
        func finish() { waiting.withLock { $0?.resume(returning: "late"); $0 = nil } }
    }

    @Test("a publish still running at the deadline is answered as timed out; finishing later changes nothing")
    func timesOut() async throws {
        let stalled = Stalled()
        let deadline = clock.now().adding(millis: 1_200)
        let race = Task { await IntegrationTimeout.run(clock: clock, deadline: deadline) { await stalled.work() } }
        try await eventually("the work to start") { stalled.started }
        try await clock.parked(until: deadline)
        clock.advance(millis: 1_199)
        #expect(stalled.started)
        clock.advance(millis: 1)
        guard case .timedOut = await race.value else { Issue.record("expected a timeout"); return }
        stalled.finish()   // the publish completes afterwards (it is not abandoned); nothing is resumed twice
    }

    @Test("a publish that finishes in time returns its result and leaves no timer sleeping")
    func finishesInTime() async throws {
        let outcome = await IntegrationTimeout.run(clock: clock, deadline: clock.now().adding(millis: 1_200)) { "message-id" }
        guard case .finished(.success(let id)) = outcome else { Issue.record("expected the result"); return }
        #expect(id == "message-id")
        try await eventually("the timer to be cancelled") { clock.sleeperCount == 0 }
    }

    @Test("an error from the integration is passed through, not turned into a timeout")
    func errorPassesThrough() async {
        struct Refused: Error {}
        let outcome = await IntegrationTimeout.run(clock: clock, deadline: clock.now().adding(millis: 1_200)) { () async throws -> String in throw Refused() }
        guard case .finished(.failure(let e)) = outcome else { Issue.record("expected the error"); return }
        #expect(e is Refused)
    }
}
