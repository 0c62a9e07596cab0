/// A queue as the store keeps it when it was created or changed at run time (through the AWS API):
/// enough to bring it back at the next start, beside the template's queues.
public struct QueueRecord: Sendable, Hashable, Codable {
    public var name: String
    public var attributes: QueueAttributes
    public var tags: [String: String]
    public var createdAt: Timestamp
    /// Whether the queue came from the template (only its attributes and tags are kept) or from the API.
    public var fromTemplate: Bool

    public init(name: String, attributes: QueueAttributes, tags: [String: String], createdAt: Timestamp, fromTemplate: Bool) {
        self.name = name
        self.attributes = attributes
        self.tags = tags
        self.createdAt = createdAt
        self.fromTemplate = fromTemplate
    }
}
