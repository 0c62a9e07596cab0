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
}

/// What a purge did.
public struct PurgeResult: Sendable, Hashable, Codable {
    public var queue: String
    public var purged: Int
}
