import IngestAWSAuth

/// An AWS call that failed, in words an operator can act on: one line that names the service, the
/// action and what to do. Secrets never appear in it (requests are not echoed).
public struct AWSClientError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The service answered with an error code.
        case service(code: String, status: Int)
        /// The endpoint does not implement the action (moto lacks message move tasks, for one).
        case unsupported
        /// No answer: DNS, connection refused, TLS, timeout.
        case transport
        /// Credentials, region or endpoint could not be resolved.
        case configuration
        /// The answer could not be read.
        case malformedResponse
        /// A console action that has no AWS counterpart ingest will make (deploying code, replaying a topic).
        case notOnAWS
    }

    public var kind: Kind
    /// `sqs:ListQueues`: the IAM action of the call.
    public var action: String
    public var message: String

    public init(kind: Kind, action: String, message: String) {
        self.kind = kind
        self.action = action
        self.message = message
    }

    /// The service's error code, when it sent one.
    public var code: String? { if case .service(let code, _) = kind { return code } else { return nil } }

    public var isThrottling: Bool {
        guard case .service(let code, let status) = kind else { return false }
        return Self.throttlingCodes.contains(code) || status == 429
    }

    public var isExpiredCredentials: Bool { code.map(Self.expiredCodes.contains) ?? false }
    public var isAccessDenied: Bool { code.map(Self.deniedCodes.contains) ?? false }

    /// Throttling error codes the AWS SDKs retry (the "standard" retry mode's list).
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "AWS.SimpleQueueService.RequestThrottled",
    ]
    static let expiredCodes: Set<String> = ["ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"]
    static let deniedCodes: Set<String> = ["AccessDenied", "AccessDeniedException", "AuthorizationError", "UnauthorizedOperation",
                                           "AuthorizationErrorException", "AccessDeniedFault"]
    static let badCredentialCodes: Set<String> = ["InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch",
                                                  "InvalidSignatureException", "InvalidAccessKeyId", "IncompleteSignature"]

    public var description: String {
        switch kind {
        case .service(let code, let status):
            if isExpiredCredentials {
                return "\(action): the credentials have expired (\(code)); refresh them (aws sso login, a new session token) and retry"
            }
            if isAccessDenied {
                return "\(action): access denied: the caller lacks \(action) (\(code)\(message.isEmpty ? "" : ": \(message)")); docs/aws.md lists the policy each feature needs"
            }
            if Self.badCredentialCodes.contains(code) {
                return "\(action): the credentials were refused (\(code)): check the access key, secret and profile"
            }
            if isThrottling {
                return "\(action): throttled by AWS (\(code)) after every retry; try again in a moment"
            }
            return "\(action): \(code)\(status >= 500 ? " (HTTP \(status))" : "")\(message.isEmpty ? "" : ": \(message)")"
        case .unsupported:
            return "\(action) is not supported by this endpoint\(message.isEmpty ? "" : " (\(message))")"
        case .transport, .configuration, .malformedResponse, .notOnAWS:
            return "\(action): \(message)"
        }
    }

    static func configuration(_ error: AWSConfigError, action: String) -> AWSClientError {
        AWSClientError(kind: .configuration, action: action, message: error.description)
    }
}
