/// An SQS error with its AWS error code, sender fault and message.
public struct SQSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The modern error code (`QueueDoesNotExist`, `MessageNotInflight`, ...).
    public var code: String
    /// The message AWS would send.
    public var message: String
    /// Whether the caller is at fault (`Sender`) rather than the service (`Receiver`).
    public var senderFault: Bool

    public init(code: String, message: String, senderFault: Bool = true) {
        self.code = code
        self.message = message
        self.senderFault = senderFault
    }

    public var description: String { "\(code): \(message)" }

    public static func queueDoesNotExist(_ name: String) -> SQSError {
        .init(code: "QueueDoesNotExist", message: "The specified queue does not exist: \(name)")
    }
    public static func invalidAttributeValue(_ m: String) -> SQSError { .init(code: "InvalidAttributeValue", message: m) }
    public static func invalidParameterValue(_ m: String) -> SQSError { .init(code: "InvalidParameterValue", message: m) }
    public static func invalidMessageContents(_ m: String) -> SQSError { .init(code: "InvalidMessageContents", message: m) }
    public static func messageNotInflight() -> SQSError { .init(code: "MessageNotInflight", message: "The message referred to isn't in flight.") }
    public static func receiptHandleIsInvalid(_ h: String) -> SQSError {
        .init(code: "ReceiptHandleIsInvalid", message: "The input receipt handle \"\(h)\" is not a valid receipt handle.")
    }
    public static func purgeQueueInProgress(_ name: String) -> SQSError {
        .init(code: "PurgeQueueInProgress", message: "Only one PurgeQueue operation on \(name) is allowed every 60 seconds.")
    }
    public static func unsupportedOperation(_ m: String) -> SQSError { .init(code: "UnsupportedOperation", message: m) }
    public static func resourceNotFound(_ m: String) -> SQSError { .init(code: "ResourceNotFoundException", message: m) }
    public static func overLimit(_ m: String) -> SQSError { .init(code: "OverLimit", message: m) }
    public static func queueNameExists(_ name: String) -> SQSError {
        .init(code: "QueueNameExists", message: "A queue already exists with the same name and a different value for attribute(s): \(name)")
    }
    public static func queueDeletedRecently(_ name: String) -> SQSError {
        .init(code: "QueueDeletedRecently", message: "You must wait 60 seconds after deleting a queue before you can create another queue with the same name: \(name)")
    }
}

/// An SNS error with its AWS code, HTTP status and message.
public struct SNSError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var httpStatus: Int

    public init(code: String, message: String, httpStatus: Int = 400) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String { "\(code): \(message)" }

    public static func invalidParameter(_ m: String) -> SNSError { .init(code: "InvalidParameter", message: "Invalid parameter: \(m)") }
    public static func notFound(_ m: String) -> SNSError { .init(code: "NotFound", message: m, httpStatus: 404) }
}
