/// Where a message stands in its queue.
public enum MessageState: String, Sendable, Codable, Hashable {
    case visible, inFlight, delayed
}

/// A message held by a queue, with everything SQS tracks about it.
public struct QueueMessage: Sendable, Hashable, Codable {
    /// Engine-wide arrival number: increases with every arrival in any queue, so it orders a queue's messages.
    public var seq: UInt64
    public var messageId: String
    public var body: String
    public var attributes: MessageAttributes
    /// The original enqueue time; retention counts from it, also in a dead-letter queue.
    public var sentTimestamp: Timestamp
    /// When the message arrived in this queue (the age metric of a DLQ counts from the move).
    public var arrivedAt: Timestamp
    public var state: MessageState
    /// When a delayed or in-flight message becomes visible.
    public var visibleAt: Timestamp
    /// Receives across all queues, never reset except by a redrive (which makes a new message).
    public var receiveCount: Int
    /// Receives in this queue, for the age metric's poison-pill rule.
    public var receivesHere: Int
    public var firstReceiveTimestamp: Timestamp?
    /// The current receive's start, for the 12-hour visibility cap.
    public var receivedAt: Timestamp?
    /// The token of the latest receipt handle; older handles are stale.
    public var receiptToken: UInt64
    /// Bumped whenever the message's timers change, so stale heap entries are recognised.
    public var generation: UInt64
    public var senderId: String
    /// Set when the message was moved here as a dead letter.
    public var deadLetterSourceArn: String?
    /// Why the message failed, where known (function error, delivery error, maxReceiveCount).
    public var failureReason: String?
    public var firstFailureAt: Timestamp?
    public var lastFailureAt: Timestamp?

    public init(seq: UInt64, messageId: String, body: String, attributes: MessageAttributes, sentTimestamp: Timestamp,
                arrivedAt: Timestamp, state: MessageState, visibleAt: Timestamp, senderId: String) {
        self.seq = seq
        self.messageId = messageId
        self.body = body
        self.attributes = attributes
        self.sentTimestamp = sentTimestamp
        self.arrivedAt = arrivedAt
        self.state = state
        self.visibleAt = visibleAt
        self.receiveCount = 0
        self.receivesHere = 0
        self.firstReceiveTimestamp = nil
        self.receivedAt = nil
        self.receiptToken = 0
        self.generation = 0
        self.senderId = senderId
    }

    /// Records a failure, keeping the first failure time.
    public mutating func noteFailure(_ reason: String, at now: Timestamp) {
        failureReason = reason
        if firstFailureAt == nil { firstFailureAt = now }
        lastFailureAt = now
    }
}

/// A message as a receive returns it.
public struct ReceivedMessage: Sendable, Hashable, Codable {
    public var messageId: String
    public var receiptHandle: String
    public var body: String
    public var md5OfBody: String
    public var md5OfMessageAttributes: String?
    public var messageAttributes: MessageAttributes
    /// System attributes as strings, as SQS returns them (`ApproximateReceiveCount`, `SentTimestamp`, ...).
    public var attributes: [String: String]
}
