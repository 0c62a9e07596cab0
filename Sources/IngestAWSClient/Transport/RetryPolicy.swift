/// The AWS SDKs' "standard" retry mode: at most 3 attempts; throttling, transient server errors and lost
/// connections are retried after a random wait up to 1 s, then 2 s (truncated binary exponential backoff).
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    /// The ceiling of the first wait, doubled on each retry, never above `maxBackoff`.
    public var base: Duration
    public var maxBackoff: Duration

    public init(maxAttempts: Int = 3, base: Duration = .seconds(1), maxBackoff: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.base = base
        self.maxBackoff = maxBackoff
    }

    /// The wait before attempt `attempt + 1` (after `attempt` failures, from 1), for a random fraction `jitter` in 0...1.
    public func backoff(afterAttempt attempt: Int, jitter: Double) -> Duration {
        let ceiling = min(maxBackoff, base * (1 << min(20, max(0, attempt - 1))))
        return ceiling * min(1, max(0, jitter))
    }

    /// Transient server statuses the SDKs retry.
    static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    func shouldRetry(_ error: AWSClientError) -> Bool {
        switch error.kind {
        case .transport: return true
        case .service(_, let status): return error.isThrottling || Self.transientStatuses.contains(status)
        default: return false
        }
    }
}
