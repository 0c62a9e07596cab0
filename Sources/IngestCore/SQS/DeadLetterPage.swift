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

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(cursor: UInt64, messageId: String, body: String, attributes: MessageAttributes, receiveCount: Int, state: MessageState, sourceQueue: String? = nil, sourceArn: String? = nil, sentTimestamp: Timestamp, arrivedAt: Timestamp, firstFailureAt: Timestamp? = nil, lastFailureAt: Timestamp? = nil, failureReason: String? = nil) {
        self.cursor = cursor
        self.messageId = messageId
        self.body = body
        self.attributes = attributes
        self.receiveCount = receiveCount
        self.state = state
        self.sourceQueue = sourceQueue
        self.sourceArn = sourceArn
        self.sentTimestamp = sentTimestamp
        self.arrivedAt = arrivedAt
        self.firstFailureAt = firstFailureAt
        self.lastFailureAt = lastFailureAt
        self.failureReason = failureReason
    }
}

/// One page of a dead-letter queue.
public struct DeadLetterPage: Sendable, Hashable, Codable {
    public var queue: String
    public var total: Int
    public var messages: [DeadLetterView]
    /// Pass as `after` to read on; `nil` at the end.
    public var nextCursor: UInt64?

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(queue: String, total: Int, messages: [DeadLetterView], nextCursor: UInt64? = nil) {
        self.queue = queue
        self.total = total
        self.messages = messages
        self.nextCursor = nextCursor
    }
}
