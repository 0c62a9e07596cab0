/// The lifecycle of a message move task, as SQS names it.
public enum MoveTaskStatus: String, Sendable, Codable, Hashable {
    case running = "RUNNING", completed = "COMPLETED", cancelling = "CANCELLING", cancelled = "CANCELLED", failed = "FAILED"
}

/// A message move task (DLQ redrive) as `ListMessageMoveTasks` reports it.
public struct MoveTaskInfo: Sendable, Hashable, Codable {
    /// Present only while the task is running.
    public var taskHandle: String?
    public var status: MoveTaskStatus
    public var sourceArn: String
    public var destinationArn: String?
    public var maxNumberOfMessagesPerSecond: Int?
    public var approximateNumberOfMessagesMoved: Int
    public var approximateNumberOfMessagesToMove: Int
    public var failureReason: String?
    /// Epoch milliseconds.
    public var startedTimestamp: Int64
    /// Engine extension: the message ids the task was limited to, if any.
    public var selectedMessageIds: [String]?

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(taskHandle: String? = nil, status: MoveTaskStatus, sourceArn: String, destinationArn: String? = nil, maxNumberOfMessagesPerSecond: Int? = nil, approximateNumberOfMessagesMoved: Int, approximateNumberOfMessagesToMove: Int, failureReason: String? = nil, startedTimestamp: Int64, selectedMessageIds: [String]? = nil) {
        self.taskHandle = taskHandle
        self.status = status
        self.sourceArn = sourceArn
        self.destinationArn = destinationArn
        self.maxNumberOfMessagesPerSecond = maxNumberOfMessagesPerSecond
        self.approximateNumberOfMessagesMoved = approximateNumberOfMessagesMoved
        self.approximateNumberOfMessagesToMove = approximateNumberOfMessagesToMove
        self.failureReason = failureReason
        self.startedTimestamp = startedTimestamp
        self.selectedMessageIds = selectedMessageIds
    }
}

/// A request to start a DLQ redrive.
public struct RedriveRequest: Sendable, Hashable, Codable {
    /// The dead-letter queue, by name or ARN.
    public var source: String
    /// The destination queue by name or ARN; `nil` returns each message to its own source.
    public var destination: String?
    /// Messages per second (1...500); `nil` is "system optimized".
    public var maxPerSecond: Int?
    /// Engine extension: move only these message ids.
    public var messageIds: [String]?

    public init(source: String, destination: String? = nil, maxPerSecond: Int? = nil, messageIds: [String]? = nil) {
        self.source = source
        self.destination = destination
        self.maxPerSecond = maxPerSecond
        self.messageIds = messageIds
    }
}
