import Synchronization

/// When the engine is ready (its gateway URL) and when it has ended, for what runs beside it (the console,
/// demo traffic). Waiting for readiness returns `nil` if the engine ended first.
public final class EngineLifecycle: Sendable {
    private struct State {
        var url: String?
        var ended = false
        var readyWaiters: [CheckedContinuation<String?, Never>] = []
        var endHandlers: [@Sendable () -> Void] = []
        var stopRequested = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    public init() {}

    public func ready(url: String) {
        let waiters = state.withLock { s in
            s.url = url
            defer { s.readyWaiters = [] }
            return s.readyWaiters
        }
        for w in waiters { w.resume(returning: url) }
    }

    public func ended() {
        let (waiters, handlers) = state.withLock { s in
            s.ended = true
            defer { s.readyWaiters = []; s.endHandlers = [] }
            return (s.readyWaiters, s.endHandlers)
        }
        for w in waiters { w.resume(returning: nil) }
        for h in handlers { h() }
    }

    /// Asks the engine to stop gracefully (the console quit).
    public func requestStop() {
        let waiters = state.withLock { s in
            s.stopRequested = true
            defer { s.stopWaiters = [] }
            return s.stopWaiters
        }
        for w in waiters { w.resume() }
    }

    /// Returns once a stop is requested; the engine runner waits on it. Cancelling the waiting task
    /// leaves the continuation to be resumed by a later request (or never, which a cancelled runner does not mind).
    public func waitForStopRequest() async {
        await withCheckedContinuation { c in
            let now = state.withLock { s in
                if !s.stopRequested { s.stopWaiters.append(c) }
                return s.stopRequested
            }
            if now { c.resume() }
        }
    }

    public func waitReady() async -> String? {
        await withCheckedContinuation { c in
            let now: String?? = state.withLock { s in
                if let url = s.url { return .some(url) }
                if s.ended { return .some(nil) }
                s.readyWaiters.append(c)
                return .none
            }
            if let now { c.resume(returning: now) }
        }
    }

    /// Runs `handler` when the engine ends (at once if it has).
    public func onEnded(_ handler: @escaping @Sendable () -> Void) {
        let already = state.withLock { s in
            if !s.ended { s.endHandlers.append(handler) }
            return s.ended
        }
        if already { handler() }
    }
}
