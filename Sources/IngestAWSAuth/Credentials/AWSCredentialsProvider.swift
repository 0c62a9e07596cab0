import Dispatch
import Foundation
import IngestCore

/// Hands out the credentials of resolved settings, caching them.
///
/// Keys from the environment or a file never change. A `credential_process` runs on first use and
/// again once `now` is within `refreshMargin` of the Expiration it printed (never, without one).
/// Callers that ask while it runs share that one run. If a refresh fails while the cached
/// credentials have not expired yet, those are returned (as botocore does in its advisory window).
public actor AWSCredentialsProvider {
    /// How long before Expiration a `credential_process` is run again: 5 minutes.
    public static let refreshMargin: TimeInterval = 300

    nonisolated let source: AWSCredentialSource
    private var cached: AWSCredentials?
    private var running: Task<Result<AWSCredentials, AWSConfigError>, Never>?

    init(source: AWSCredentialSource) {
        self.source = source
    }

    /// A provider of fixed credentials (for tests and callers that already hold keys).
    public init(credentials: AWSCredentials) {
        self.source = .fixed(credentials)
    }

    /// Where the credentials come from, in words (`credential_process of profile prod`), or why
    /// there are none. Never a secret.
    public nonisolated var sourceDescription: String {
        switch source {
        case .fixed(let credentials): credentials.source
        case .process(let process): process.source
        case .unavailable(let error): "none: \(error.description)"
        }
    }

    /// The credentials to sign with at `now`.
    public func current(now: Date) async throws(AWSConfigError) -> AWSCredentials {
        switch source {
        case .fixed(let credentials):
            return credentials
        case .unavailable(let error):
            throw error
        case .process(let process):
            if let cached, !Self.refreshDue(cached, at: now) { return cached }
            switch await run(process) {
            case .success(let fresh):
                if let expiration = fresh.expiration, fresh.isExpired(at: now) {
                    throw AWSConfigError("credentials from \(process.source) expired at \(ISO8601.format(Timestamp(date: expiration)))")
                }
                cached = fresh
                return fresh
            case .failure(let error):
                if let cached, !cached.isExpired(at: now) { return cached }
                throw error
            }
        }
    }

    static func refreshDue(_ credentials: AWSCredentials, at now: Date) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return now >= expiration.addingTimeInterval(-refreshMargin)
    }

    /// One run of the process at a time, on a thread of its own rather than the cooperative pool's.
    private func run(_ process: AWSCredentialProcess) async -> Result<AWSCredentials, AWSConfigError> {
        if let running { return await running.value }
        let task = Task {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<AWSCredentials, AWSConfigError>, Never>) in
                DispatchQueue.global().async { continuation.resume(returning: process.run()) }
            }
        }
        running = task
        let result = await task.value
        running = nil
        return result
    }
}
