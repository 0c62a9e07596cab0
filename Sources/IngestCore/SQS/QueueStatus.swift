/// One queue as the status view shows it.
public struct QueueStatus: Sendable, Hashable, Codable {
    public var name: String
    public var arn: String
    public var url: String
    public var visible: Int
    public var inFlight: Int
    public var delayed: Int
    /// `ApproximateAgeOfOldestMessage` in seconds.
    public var ageOfOldestMessage: Int
    /// Whether some queue or subscription sends its dead letters here.
    public var isDeadLetterQueue: Bool
    /// Names of the queues whose redrive policy targets this queue.
    public var sourceQueues: [String]
    /// Subscription ARNs whose redrive policy targets this queue.
    public var sourceSubscriptions: [String]
    /// This queue's own dead-letter queue, its `maxReceiveCount` and depth.
    public var deadLetterQueue: String?
    public var maxReceiveCount: Int?
    public var deadLetterQueueDepth: Int?
    public var visibilityTimeout: Int
    public var messageRetentionPeriod: Int
    public var encrypted: Bool
    public var counters: QueueCounters

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(name: String, arn: String, url: String, visible: Int, inFlight: Int, delayed: Int, ageOfOldestMessage: Int, isDeadLetterQueue: Bool, sourceQueues: [String], sourceSubscriptions: [String], deadLetterQueue: String? = nil, maxReceiveCount: Int? = nil, deadLetterQueueDepth: Int? = nil, visibilityTimeout: Int, messageRetentionPeriod: Int, encrypted: Bool, counters: QueueCounters) {
        self.name = name
        self.arn = arn
        self.url = url
        self.visible = visible
        self.inFlight = inFlight
        self.delayed = delayed
        self.ageOfOldestMessage = ageOfOldestMessage
        self.isDeadLetterQueue = isDeadLetterQueue
        self.sourceQueues = sourceQueues
        self.sourceSubscriptions = sourceSubscriptions
        self.deadLetterQueue = deadLetterQueue
        self.maxReceiveCount = maxReceiveCount
        self.deadLetterQueueDepth = deadLetterQueueDepth
        self.visibilityTimeout = visibilityTimeout
        self.messageRetentionPeriod = messageRetentionPeriod
        self.encrypted = encrypted
        self.counters = counters
    }
}

/// What a purge did.
public struct PurgeResult: Sendable, Hashable, Codable {
    public var queue: String
    public var purged: Int

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(queue: String, purged: Int) {
        self.queue = queue
        self.purged = purged
    }
}
