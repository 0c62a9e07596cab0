import IngestAWSAuth

/// One call to an AWS service, before signing.
public struct AWSRequest: Sendable {
    public var service: AWSServiceName
    /// The API action (`ListQueues`): named in errors as its IAM action, `sqs:ListQueues`.
    public var action: String
    public var method: String
    /// Percent-encoded path below the endpoint's own path.
    public var path: String
    /// Percent-encoded query, without `?`.
    public var query: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// An action some endpoints lack (moto has no message move tasks or alarm history): a 501, an unknown
    /// operation or a server error page is reported as `.unsupported` at once instead of being retried.
    public var optional: Bool

    public init(service: AWSServiceName, action: String, method: String = "POST", path: String = "/", query: String = "",
                headers: [(name: String, value: String)] = [], body: [UInt8] = [], optional: Bool = false) {
        self.service = service
        self.action = action
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.optional = optional
    }

    /// `sqs:ListQueues`, `cloudwatch:DescribeAlarms`.
    public var iamAction: String { "\(service.iamPrefix):\(action)" }
}

/// What a service answered (any status).
public struct AWSResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

extension AWSServiceName {
    /// The prefix of the service's IAM actions (CloudWatch signs as `monitoring` but authorises as `cloudwatch`).
    public var iamPrefix: String {
        switch self {
        case .monitoring: return "cloudwatch"
        default: return signingName
        }
    }
}
