/// A message in a dead-letter queue, for the DLQ browser and `ingest dlq`.
public struct DeadLetterView: Sendable, Hashable, Codable {
    /// Cursor for paging: pass it as `after` to get the next page.
    public var cursor: UInt64
    public var messageId: String
    public var body: String
    public var attributes: MessageAttributes
    public var receiveCount: Int
    public var state: MessageState
    /// The queue the message came from, by name, when it dead-lettered from a queue.
    public var sourceQueue: String?
    public var sourceArn: String?
    public var sentTimestamp: Timestamp
    public var arrivedAt: Timestamp
    public var firstFailureAt: Timestamp?
    public var lastFailureAt: Timestamp?
    public var failureReason: String?
}

/// One page of a dead-letter queue.
public struct DeadLetterPage: Sendable, Hashable, Codable {
    public var queue: String
    public var total: Int
    public var messages: [DeadLetterView]
    /// Pass as `after` to read on; `nil` at the end.
    public var nextCursor: UInt64?
}
