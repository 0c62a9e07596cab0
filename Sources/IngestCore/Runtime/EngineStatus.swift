/// A whole-engine snapshot for `ingest status`.
public struct EngineStatus: Sendable, Hashable, Codable {
    public var engineVersion: String
    public var startedAt: Timestamp
    public var now: Timestamp
    public var region: String
    public var accountId: String
    public var template: String
    /// The engine's data directory (filled in by the host).
    public var dataDirectory: String?
    /// How data is kept: "memory" for now; later the store describes itself.
    public var storage: String
    /// Whether data at rest is encrypted, in words.
    public var encryption: String
    /// Where the gateway listens (filled in by the host once it does).
    public var gatewayURL: String?
    /// Whether the engine refuses every change. Always `false` today: read-only access is a property of a
    /// client (a `--readonly` console, a read-only token), which the servers enforce.
    public var readOnly: Bool
    public var topics: [TopicStatus]
    public var queues: [QueueStatus]
    public var moveTasks: [MoveTaskInfo]
    public var warnings: [String]

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(engineVersion: String, startedAt: Timestamp, now: Timestamp, region: String, accountId: String, template: String, dataDirectory: String? = nil, storage: String, encryption: String, gatewayURL: String? = nil, readOnly: Bool, topics: [TopicStatus], queues: [QueueStatus], moveTasks: [MoveTaskInfo], warnings: [String]) {
        self.engineVersion = engineVersion
        self.startedAt = startedAt
        self.now = now
        self.region = region
        self.accountId = accountId
        self.template = template
        self.dataDirectory = dataDirectory
        self.storage = storage
        self.encryption = encryption
        self.gatewayURL = gatewayURL
        self.readOnly = readOnly
        self.topics = topics
        self.queues = queues
        self.moveTasks = moveTasks
        self.warnings = warnings
    }
}
