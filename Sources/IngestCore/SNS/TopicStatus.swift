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
}

/// One topic as the status view shows it.
public struct TopicStatus: Sendable, Hashable, Codable {
    public var name: String
    public var arn: String
    public var published: Int
    public var archived: Int
    public var archiveRetentionSeconds: Int
    public var subscriptions: [SubscriptionStatus]
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
