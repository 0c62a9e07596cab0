/// One subscription as the status view shows it.
public struct SubscriptionStatus: Sendable, Hashable, Codable {
    public var arn: String
    public var `protocol`: String
    public var endpoint: String
    public var rawMessageDelivery: Bool
    public var hasFilterPolicy: Bool
    public var deadLetterTargetArn: String?
    public var delivered: Int
    public var filteredOut: Int
    public var failed: Int
    public var redrivenToDLQ: Int
    public var failedToRedriveToDLQ: Int

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(arn: String, protocol: String, endpoint: String, rawMessageDelivery: Bool, hasFilterPolicy: Bool, deadLetterTargetArn: String? = nil, delivered: Int, filteredOut: Int, failed: Int, redrivenToDLQ: Int, failedToRedriveToDLQ: Int) {
        self.arn = arn
        self.`protocol` = `protocol`
        self.endpoint = endpoint
        self.rawMessageDelivery = rawMessageDelivery
        self.hasFilterPolicy = hasFilterPolicy
        self.deadLetterTargetArn = deadLetterTargetArn
        self.delivered = delivered
        self.filteredOut = filteredOut
        self.failed = failed
        self.redrivenToDLQ = redrivenToDLQ
        self.failedToRedriveToDLQ = failedToRedriveToDLQ
    }
}

/// One topic as the status view shows it.
public struct TopicStatus: Sendable, Hashable, Codable {
    public var name: String
    public var arn: String
    public var published: Int
    public var archived: Int
    public var archiveRetentionSeconds: Int
    public var subscriptions: [SubscriptionStatus]

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(name: String, arn: String, published: Int, archived: Int, archiveRetentionSeconds: Int, subscriptions: [SubscriptionStatus]) {
        self.name = name
        self.arn = arn
        self.published = published
        self.archived = archived
        self.archiveRetentionSeconds = archiveRetentionSeconds
        self.subscriptions = subscriptions
    }
}

/// What a publish returned.
public struct PublishResult: Sendable, Hashable, Codable {
    public var messageId: String
}

/// What a replay did.
public struct ReplayResult: Sendable, Hashable, Codable {
    public var topicArn: String
    public var subscriptionArn: String?
    public var from: Timestamp
    public var to: Timestamp
    /// Archived messages in the range.
    public var messages: Int
    /// Deliveries made (a message counts once per subscription it reached).
    public var deliveries: Int
    public var filteredOut: Int
    public var failed: Int
}
