import IngestCore
import Synchronization

/// Runs an integration against API Gateway's integration timeout on the engine clock: the caller gets
/// the result, or `.timedOut` when the deadline passes first. The work itself is not abandoned (a publish
/// that is being made durable finishes and is delivered), which is why a 504 can still mean "published":
/// the same duplicate risk as with API Gateway, documented for clients that retry.
enum IntegrationTimeout {
    enum Outcome<T: Sendable>: Sendable {
        case finished(Result<T, any Error>)
        case timedOut
    }

    /// Resumes its continuation once, whichever side comes first.
    final class Once: Sendable {
        private let done = Mutex(false)
        func claim() -> Bool { done.withLock { d in defer { d = true }; return !d } }
    }

    static func run<T: Sendable>(clock: any EngineClock, deadline: Timestamp, _ work: @escaping @Sendable () async throws -> T) async -> Outcome<T> {
        await withCheckedContinuation { (c: CheckedContinuation<Outcome<T>, Never>) in
            let once = Once()
            let timer = Task {
                do { try await clock.sleep(until: deadline) } catch { return }
                if once.claim() { c.resume(returning: .timedOut) }
            }
            Task {
                let r: Result<T, any Error>
                do { r = .success(try await work()) } catch { r = .failure(error) }
                timer.cancel()
                if once.claim() { c.resume(returning: .finished(r)) }
            }
        }
    }
}
