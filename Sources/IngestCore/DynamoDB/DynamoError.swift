/// A DynamoDB or DynamoDB Streams error with its AWS error code, HTTP status and message.
///
/// Every DynamoDB client error is HTTP 400; the code tells them apart
/// (`ConditionalCheckFailedException`, `ValidationException`, `ResourceNotFoundException`, ...).
public struct DynamoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The short error code (`ConditionalCheckFailedException`).
    public var code: String
    /// The message AWS would send.
    public var message: String
    public var httpStatus: Int
    /// For a failed condition: the item as it was (what `ReturnValuesOnConditionCheckFailure=ALL_OLD` returns).
    public var item: Item?

    public init(code: String, message: String, httpStatus: Int = 400, item: Item? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.item = item
    }

    public var description: String { "\(code): \(message)" }

    /// The `__type` of the JSON error body.
    public var awsType: String {
        code == "ValidationException" ? "com.amazon.coral.validate#ValidationException" : "com.amazonaws.dynamodb.v20120810#\(code)"
    }

    /// Whether this is `ConditionalCheckFailedException`.
    public var isConditionalCheckFailure: Bool { code == "ConditionalCheckFailedException" }

    /// A condition did not hold: nothing was written.
    public static func conditionalCheckFailed(item: Item? = nil) -> DynamoError {
        .init(code: "ConditionalCheckFailedException", message: "The conditional request failed", item: item)
    }

    /// A malformed request: bad key, bad expression, bad value.
    public static func validation(_ message: String) -> DynamoError {
        .init(code: "ValidationException", message: message)
    }

    /// An unknown table or stream (or, for the control API, item).
    public static func resourceNotFound(_ message: String = "Requested resource not found") -> DynamoError {
        .init(code: "ResourceNotFoundException", message: message)
    }

    /// CreateTable of a name in use, or DeleteTable of a table being changed.
    public static func resourceInUse(_ message: String) -> DynamoError {
        .init(code: "ResourceInUseException", message: message)
    }

    /// The store could not make a change durable.
    public static func internalServerError(_ message: String) -> DynamoError {
        .init(code: "InternalServerError", message: message, httpStatus: 500)
    }

    /// A shard iterator older than 15 minutes.
    public static func expiredIterator(_ message: String = "Iterator expired. The iterator was created more than 15 minutes ago.") -> DynamoError {
        .init(code: "ExpiredIteratorException", message: message)
    }

    /// A read from a position whose records are past the 24-hour retention.
    public static func trimmedDataAccess(_ message: String = "The operation attempted to read past the oldest stream record in a shard.")
        -> DynamoError
    {
        .init(code: "TrimmedDataAccessException", message: message)
    }
}
