import Foundation
import GRDB

/// Another connection holding an SQLite database's write lock (as another process, a backup tool or a
/// stray sqlite3 shell could), until released: what makes the store's writes fail in tests.
public final class StoreWriteLock: @unchecked Sendable {
    // @unchecked: the semaphores are the only shared state, and they are thread-safe.
    private let release = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Returns once the lock is held.
    public init(path: String) async throws {
        let release = self.release, finished = self.finished
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                var resumed = false
                do {
                    var config = Configuration()
                    config.busyMode = .timeout(10)   // wait for a commit of the engine in progress
                    let db = try DatabaseQueue(path: path, configuration: config)
                    try db.inTransaction(.exclusive) { _ in
                        resumed = true
                        c.resume()
                        release.wait()
                        return .commit
                    }
                    try db.close()
                } catch {
                    if !resumed { c.resume(throwing: error) }
                }
                finished.signal()
            }
        }
    }

    public func unlock() {
        release.signal()
        finished.wait()
    }
}
