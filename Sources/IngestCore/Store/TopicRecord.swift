/// A topic as the store keeps it when it was created or changed at run time (through the AWS API):
/// its definition, attributes, tags and subscriptions, enough to bring it back at the next start.
public struct TopicRecord: Sendable, Hashable, Codable {
    public var name: String
    public var definition: TopicDefinition
    /// Attributes kept as given (`Policy`, `DeliveryPolicy`, `TracingConfig`, ...).
    public var attributes: [String: String]
    public var tags: [String: String]
    public var subscriptions: [SubscriptionRecord]
    public var createdAt: Timestamp
    /// Whether the topic came from the template (its template subscriptions come back from the template,
    /// with the attributes kept here) or from the API.
    public var fromTemplate: Bool

    public init(name: String, definition: TopicDefinition, attributes: [String: String], tags: [String: String],
                subscriptions: [SubscriptionRecord], createdAt: Timestamp, fromTemplate: Bool) {
        self.name = name
        self.definition = definition
        self.attributes = attributes
        self.tags = tags
        self.subscriptions = subscriptions
        self.createdAt = createdAt
        self.fromTemplate = fromTemplate
    }
}

/// One subscription of a stored topic.
public struct SubscriptionRecord: Sendable, Hashable, Codable {
    public var arn: String
    public var definition: SubscriptionDefinition
    /// Made by the template (kept only while the template still has it) or by `Subscribe`.
    public var fromTemplate: Bool

    public init(arn: String, definition: SubscriptionDefinition, fromTemplate: Bool) {
        self.arn = arn
        self.definition = definition
        self.fromTemplate = fromTemplate
    }
}
