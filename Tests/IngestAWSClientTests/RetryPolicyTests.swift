@testable import IngestAWSClient
import Testing

/// The standard retry mode's arithmetic and its choice of what to retry.
@Suite("RetryPolicy: standard mode")
struct RetryPolicyTests {
    let policy = RetryPolicy()

    func service(_ code: String, _ status: Int) -> AWSClientError {
        AWSClientError(kind: .service(code: code, status: status), action: "sqs:ListQueues", message: "")
    }

    @Test("3 attempts; waits up to 1 s, 2 s, 4 s… times the jitter, capped at 20 s")
    func backoff() {
        #expect(policy.maxAttempts == 3)
        #expect(policy.backoff(afterAttempt: 1, jitter: 1) == .seconds(1))
        #expect(policy.backoff(afterAttempt: 2, jitter: 1) == .seconds(2))
        #expect(policy.backoff(afterAttempt: 3, jitter: 0.5) == .seconds(2))
        #expect(policy.backoff(afterAttempt: 10, jitter: 1) == .seconds(20))
        #expect(policy.backoff(afterAttempt: 1, jitter: 0) == .zero)
        // A jitter outside 0...1 is clamped.
        #expect(policy.backoff(afterAttempt: 1, jitter: 7) == .seconds(1))
        #expect(policy.backoff(afterAttempt: 1, jitter: -1) == .zero)
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }

    @Test("throttling (by code or HTTP 429), transient 5xx and lost connections are retried")
    func retried() {
        #expect(policy.shouldRetry(service("ThrottlingException", 400)))
        #expect(policy.shouldRetry(service("AWS.SimpleQueueService.RequestThrottled", 403)))
        #expect(policy.shouldRetry(service("TooManyRequestsException", 429)))
        #expect(policy.shouldRetry(service("SomethingNew", 429)))
        #expect(policy.shouldRetry(service("InternalError", 500)))
        #expect(policy.shouldRetry(service("ServiceUnavailable", 503)))
        #expect(policy.shouldRetry(AWSClientError(kind: .transport, action: "sqs:ListQueues", message: "connection reset")))
    }

    @Test("denied, expired, bad requests, unsupported, configuration and unreadable answers are not retried")
    func notRetried() {
        #expect(!policy.shouldRetry(service("AccessDenied", 403)))
        #expect(!policy.shouldRetry(service("ExpiredToken", 403)))
        #expect(!policy.shouldRetry(service("InvalidParameterValue", 400)))
        #expect(!policy.shouldRetry(service("NotImplemented", 501)))
        #expect(!policy.shouldRetry(AWSClientError(kind: .unsupported, action: "sqs:ListMessageMoveTasks", message: "")))
        #expect(!policy.shouldRetry(AWSClientError(kind: .configuration, action: "sqs:ListQueues", message: "")))
        #expect(!policy.shouldRetry(AWSClientError(kind: .malformedResponse, action: "sqs:ListQueues", message: "")))
    }
}
