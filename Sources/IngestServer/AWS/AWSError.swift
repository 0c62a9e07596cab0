import IngestCore

/// An error as the AWS protocols send it: the modelled code (`__type` in JSON 1.0), the query
/// protocol's code (`x-amzn-query-error`, and `<Code>` in XML), the fault and the HTTP status.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var queryCode: String
    public var message: String
    public var senderFault: Bool
    public var status: Int
    /// The namespace of `__type`: the service's for modelled errors, the framework's for protocol errors.
    public var namespace: String
    /// Further members of a JSON error body besides `__type` and `message` (DynamoDB's failed `Item`).
    public var members: [String: JSONValue] = [:]

    public init(code: String, queryCode: String? = nil, message: String, senderFault: Bool = true, status: Int = 400,
                namespace: String = "com.amazonaws.sqs") {
        self.code = code
        self.queryCode = queryCode ?? code
        self.message = message
        self.senderFault = senderFault
        self.status = status
        self.namespace = namespace
    }

    public var description: String { "\(code): \(message)" }
    /// `Sender` or `Receiver`.
    public var faultType: String { senderFault ? "Sender" : "Receiver" }

    /// A required member is absent.
    public static func missingParameter(_ name: String) -> AWSError {
        AWSError(code: "MissingParameter", message: "The request must contain the parameter \(name).")
    }

    /// A member has the wrong type or an unreadable value.
    public static func invalidParameter(_ name: String, _ detail: String) -> AWSError {
        AWSError(code: "InvalidParameterValue", message: "Value for parameter \(name) is invalid. Reason: \(detail)")
    }

    /// The body could not be read as the protocol's shape.
    public static func serialization(_ detail: String) -> AWSError {
        AWSError(code: "SerializationException", queryCode: "MalformedQueryString", message: detail, namespace: "com.amazon.coral.service")
    }

    /// The query codes and statuses SQS uses for the engine's error codes (the older `AWS.SimpleQueueService.*` names).
    static let sqsCodes: [String: (query: String, status: Int)] = [
        "QueueDoesNotExist": ("AWS.SimpleQueueService.NonExistentQueue", 400),
        "QueueNameExists": ("QueueAlreadyExists", 400),
        "QueueDeletedRecently": ("AWS.SimpleQueueService.QueueDeletedRecently", 400),
        "BatchEntryIdsNotDistinct": ("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400),
        "EmptyBatchRequest": ("AWS.SimpleQueueService.EmptyBatchRequest", 400),
        "TooManyEntriesInBatchRequest": ("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400),
        "InvalidBatchEntryId": ("AWS.SimpleQueueService.InvalidBatchEntryId", 400),
        "BatchRequestTooLong": ("AWS.SimpleQueueService.BatchRequestTooLong", 400),
        "MessageNotInflight": ("AWS.SimpleQueueService.MessageNotInflight", 400),
        "PurgeQueueInProgress": ("AWS.SimpleQueueService.PurgeQueueInProgress", 403),
        "UnsupportedOperation": ("AWS.SimpleQueueService.UnsupportedOperation", 400),
        "OverLimit": ("OverLimit", 403),
        "ResourceNotFoundException": ("ResourceNotFoundException", 404),
        "AccessDenied": ("AccessDenied", 403),
        "ServiceUnavailable": ("ServiceUnavailable", 503),
    ]

    /// The wire form of an engine error.
    public init(_ e: SQSError) {
        let known = Self.sqsCodes[e.code]
        let status = known?.status ?? 400
        self.init(code: e.code, queryCode: known?.query, message: e.message, senderFault: e.senderFault && status < 500, status: status)
    }
}
