import Foundation

/// Runs blocking work (waiting for a child process, reading its pipes, a socket round trip) on a thread
/// of its own and awaits its result. Swift's cooperative pool has one thread per core (two here): a test
/// that blocked one while a client or an engine ran would starve every other test of the run, and an
/// in-process engine waiting for the pool would never answer it.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
