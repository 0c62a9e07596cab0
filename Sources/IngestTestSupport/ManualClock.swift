import IngestCore
import Synchronization

/// A clock that moves only when a test says so. Sleepers wake when `advance` passes their deadline.
public final class ManualClock: EngineClock {
    private struct State {
        var now: Timestamp
        var sleepers: [UInt64: (deadline: Timestamp, continuation: CheckedContinuation<Void, any Error>)] = [:]
        var nextId: UInt64 = 0
    }

    private let state: Mutex<State>

    /// Starts at `start` (default 2026-01-01T00:00:00Z).
    public init(start: Timestamp = Timestamp(millis: 1_767_225_600_000)) {
        state = Mutex(State(now: start))
    }

    public func now() -> Timestamp { state.withLock { $0.now } }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    public func advance(seconds: Double) { advance(millis: Int64((seconds * 1000).rounded())) }

    public func advance(millis: Int64) {
        let due = state.withLock { s -> [CheckedContinuation<Void, any Error>] in
            s.now = s.now.adding(millis: millis)
            let ready = s.sleepers.filter { $0.value.deadline <= s.now }
            for k in ready.keys { s.sleepers.removeValue(forKey: k) }
            return ready.values.map(\.continuation)
        }
        for c in due { c.resume() }
    }

    /// How many tasks are sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The deadlines of every task sleeping on this clock.
    public var deadlines: [Timestamp] { state.withLock { $0.sleepers.values.map(\.deadline) } }

    /// Waits (by yielding, never by sleeping) until some task sleeps until exactly `deadline`: the way a
    /// test knows the engine has parked before it moves time past that point.
    public func parked(until deadline: Timestamp, count: Int = 1) async throws {
        try await eventually("\(count) task(s) sleeping until \(deadline)") { deadlines.filter { $0 == deadline }.count >= count }
    }

    public func sleep(until deadline: Timestamp) async throws {
        let id = state.withLock { s -> UInt64 in
            s.nextId += 1
            return s.nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { s -> Bool in
                    if deadline <= s.now { return true }
                    if Task.isCancelled { return true }
                    s.sleepers[id] = (deadline, c)
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let c = state.withLock { $0.sleepers.removeValue(forKey: id)?.continuation }
            c?.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }
}
