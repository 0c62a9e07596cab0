/// The AWS services ingest calls, with the names each part of the AWS configuration uses for them.
///
/// botocore derives two of these from the service's `serviceId`: the environment-variable suffix is the
/// id upper-cased with spaces as `_` (`CloudWatch Logs` → `CLOUDWATCH_LOGS`), the `[services NAME]` key
/// is the id lower-cased with spaces as `_` (`cloudwatch_logs`).
public enum AWSServiceName: String, Sendable, CaseIterable {
    case sqs, sns, monitoring, logs, dynamodb, lambda, cloudformation, sts

    /// The service name in a SigV4 credential scope.
    public var signingName: String { rawValue }

    /// The first label of the service's AWS host name: `{prefix}.{region}.amazonaws.com`.
    public var endpointPrefix: String { rawValue }

    /// The suffix of the service's own endpoint variable, `AWS_ENDPOINT_URL_<suffix>`.
    public var environmentSuffix: String {
        switch self {
        case .sqs: "SQS"
        case .sns: "SNS"
        case .monitoring: "CLOUDWATCH"
        case .logs: "CLOUDWATCH_LOGS"
        case .dynamodb: "DYNAMODB"
        case .lambda: "LAMBDA"
        case .cloudformation: "CLOUDFORMATION"
        case .sts: "STS"
        }
    }

    /// The service's key inside a config file's `[services NAME]` section.
    public var configKey: String {
        switch self {
        case .monitoring: "cloudwatch"
        case .logs: "cloudwatch_logs"
        default: rawValue
        }
    }
}
