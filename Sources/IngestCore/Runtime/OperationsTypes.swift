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
}

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
}

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
}

/// One page of a dead-letter queue.
public struct DeadLetterPage: Sendable, Hashable, Codable {
    public var queue: String
    public var total: Int
    public var messages: [DeadLetterView]
    /// Pass as `after` to read on; `nil` at the end.
    public var nextCursor: UInt64?
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

/// What a purge did.
public struct PurgeResult: Sendable, Hashable, Codable {
    public var queue: String
    public var purged: Int
}

/// What a publish returned.
public struct PublishResult: Sendable, Hashable, Codable {
    public var messageId: String
}

/// A gateway API key as `ingest keys` shows it.
public struct ApiKeyInfo: Sendable, Hashable, Codable {
    public var name: String
    public var id: String
    public var value: String
    public var enabled: Bool
    /// Where the value came from: "template" or "generated".
    public var source: String

    public init(name: String, id: String, value: String, enabled: Bool, source: String) {
        self.name = name
        self.id = id
        self.value = value
        self.enabled = enabled
        self.source = source
    }
}

/// The gateway URL and keys of a running engine.
public struct KeysInfo: Sendable, Hashable, Codable {
    public var gatewayURL: String?
    public var storeURL: String?
    public var topicArns: [String]
    public var keys: [ApiKeyInfo]
    /// Usage-plan throttle and quota of each key (filled in by `ingest keys`).
    public var usage: [KeyUsage]?

    public init(gatewayURL: String?, storeURL: String?, topicArns: [String], keys: [ApiKeyInfo], usage: [KeyUsage]? = nil) {
        self.gatewayURL = gatewayURL
        self.storeURL = storeURL
        self.topicArns = topicArns
        self.keys = keys
        self.usage = usage
    }
}
