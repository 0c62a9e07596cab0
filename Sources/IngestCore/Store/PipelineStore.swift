/// One change to durable state, as the pipeline reports it to its store.
public enum StoreChange: Sendable {
    /// A message was added to, or changed in, a queue.
    case putMessage(queue: String, QueueMessage)
    /// A message left a queue (deleted, expired, moved).
    case removeMessage(queue: String, seq: UInt64)
    /// A queue was purged.
    case purgeQueue(queue: String)
    /// A queue was created, or its attributes or tags changed, at run time.
    case putQueue(QueueRecord)
    /// A queue created or changed at run time was deleted (its messages go with `purgeQueue`).
    case dropQueue(name: String)
    /// A topic was created, or its attributes, tags or subscriptions changed, at run time.
    case putTopic(TopicRecord)
    /// A topic created or changed at run time was deleted (its archive goes with it).
    case dropTopic(name: String, arn: String)
    /// A published message entered a topic's archive.
    case archive(topicArn: String, ArchivedMessage)
    /// Archive entries of a topic up to and including `seq` passed their retention.
    case trimArchive(topicArn: String, throughSeq: UInt64)
    /// A move task started or progressed.
    case moveTask(MoveTaskState)
    /// A table was created at run time (CreateTable).
    case putTable(TableRecord)
    /// A table was deleted at run time (DeleteTable): its definition, items and stream records go.
    case dropTable(name: String)
    /// A table item was written (the whole item after the write).
    case putItem(table: String, key: String, Item)
    /// A table item was deleted.
    case deleteItem(table: String, key: String)
    /// A change record entered a table's stream.
    case streamRecord(table: String, StreamRecord)
    /// A stream mapping's checkpoint moved (`nil`: before the first record).
    case checkpoint(mapping: String, sequence: String?)
    /// An alarm changed state (or recorded an action).
    case alarm(AlarmStateRecord)
    /// An alarm was created or reconfigured at run time (`PutMetricAlarm`).
    case putAlarm(AlarmRecord)
    /// An alarm was deleted at run time (`DeleteAlarms`): its definition and its state go.
    case dropAlarm(name: String)
    /// A function was reconfigured at runtime.
    case function(FunctionConfigRecord)
    /// A line entered the log book (already redacted).
    case logLine(LogLine)
    /// An API key used its quota (the latest count of its window).
    case quota(QuotaUsage)
}

/// An alarm's state and history as the store keeps it.
public struct AlarmStateRecord: Sendable, Hashable, Codable {
    public var name: String
    public var state: AlarmState
    public var reason: String
    public var reasonData: String?
    public var since: Timestamp
    public var history: [AlarmHistoryItem]
    public var lastValue: Double?

    public init(name: String, state: AlarmState, reason: String, reasonData: String?, since: Timestamp, history: [AlarmHistoryItem], lastValue: Double?) {
        self.name = name
        self.state = state
        self.reason = reason
        self.reasonData = reasonData
        self.since = since
        self.history = history
        self.lastValue = lastValue
    }
}

/// A function's configuration changed at runtime (`ingest function configure`, `update-code`), as the store keeps it.
public struct FunctionConfigRecord: Sendable, Hashable, Codable {
    public var name: String
    public var handler: String
    public var environment: [String: String]
    /// The last `--enabled` given for its mappings, if any.
    public var mappingsEnabled: Bool?
    /// The code deployed with `ingest function update-code`, when it runs code that was deployed so.
    public var code: FunctionCode?
    /// The `Runtime` and `Handler` deployed with it, when they differ from the template's.
    public var runtime: String?
    public var handlerProperty: String?

    public init(name: String, handler: String, environment: [String: String], mappingsEnabled: Bool?, code: FunctionCode? = nil) {
        self.name = name
        self.handler = handler
        self.environment = environment
        self.mappingsEnabled = mappingsEnabled
        self.code = code
    }
}

/// What a move task needs to resume after a restart: its public view, and which DLQ messages it covers.
public struct MoveTaskState: Sendable, Hashable, Codable {
    /// The task's handle (kept after the public `taskHandle` is cleared).
    public var handle: String
    public var info: MoveTaskInfo
    public var sourceQueue: String
    public var destinationQueue: String?
    /// The newest message of the source the task covers: messages that arrive later are not moved.
    public var lastSeq: UInt64

    public init(handle: String, info: MoveTaskInfo, sourceQueue: String, destinationQueue: String?, lastSeq: UInt64) {
        self.handle = handle
        self.info = info
        self.sourceQueue = sourceQueue
        self.destinationQueue = destinationQueue
        self.lastSeq = lastSeq
    }
}

/// Everything a store holds, read back at start.
public struct StoreSnapshot: Sendable {
    /// Queues created or changed at run time, restored before their messages.
    public var queues: [QueueRecord] = []
    /// Tables created at run time, restored before their items.
    public var tables: [TableRecord] = []
    /// Topics created or changed at run time, restored before their archives.
    public var topics: [TopicRecord] = []
    /// Messages by queue name, in ascending sequence order.
    public var messages: [String: [QueueMessage]] = [:]
    /// Archived messages by topic ARN, in publish order.
    public var archive: [String: [ArchivedMessage]] = [:]
    public var moveTasks: [MoveTaskState] = []
    /// Items by table name.
    public var items: [String: [Item]] = [:]
    /// Stream records by table name, in sequence order.
    public var streamRecords: [String: [StreamRecord]] = [:]
    /// Checkpoints by stream mapping (logical id); `nil` means before the first record.
    public var checkpoints: [String: String?] = [:]
    public var alarms: [AlarmStateRecord] = []
    /// Alarms created or reconfigured at run time, restored before the alarm states.
    public var apiAlarms: [AlarmRecord] = []
    public var functions: [FunctionConfigRecord] = []
    /// The newest log lines, oldest first.
    public var logLines: [LogLine] = []
    /// Each API key's quota window.
    public var quotas: [QuotaUsage] = []
    /// The largest sequence number in use, so new ones continue after it.
    public var lastSeq: UInt64 = 0

    public init() {}

    public var isEmpty: Bool {
        queues.isEmpty && topics.isEmpty && tables.isEmpty && messages.isEmpty && archive.isEmpty && moveTasks.isEmpty && items.isEmpty && streamRecords.isEmpty && checkpoints.isEmpty
    }
}

/// Where the pipeline keeps its state. The engine owns this protocol; stores implement it.
///
/// Changes are enqueued synchronously, in the order they happen, into one log that the store commits
/// in that order (concurrent callers share a transaction: group commit). A caller that acknowledges
/// something to the outside waits with `durable(_:)` for its ticket; other changes (a receive, a table
/// write ahead of the delete that depends on it) only need to be enqueued first, since the store never
/// commits a later change before an earlier one.
public protocol PipelineStore: Sendable {
    /// Whether this store wants changes at all; a memory-only store says no and costs nothing.
    var recordsChanges: Bool { get }
    /// How the status view describes the store ("memory", "sqlite (WAL) at …").
    var storageDescription: String { get }
    /// How the status view describes encryption at rest.
    var encryptionDescription: String { get }
    /// Adds `changes` to the log, in order, and returns a ticket for `durable`.
    func enqueue(_ changes: [StoreChange]) -> UInt64
    /// Returns once every change up to `ticket` is durable; throws when the write failed.
    func durable(_ ticket: UInt64) async throws
}

extension PipelineStore {
    /// Enqueues and waits until durable.
    public func commit(_ changes: [StoreChange]) async throws {
        try await durable(enqueue(changes))
    }
}

/// Keeps nothing: state lives in memory and is gone when the process ends.
public struct MemoryStore: PipelineStore {
    public init() {}
    public var recordsChanges: Bool { false }
    public var storageDescription: String { "memory (nothing survives a restart)" }
    public var encryptionDescription: String { "not encrypted: nothing is written to disk" }
    public func enqueue(_ changes: [StoreChange]) -> UInt64 { 0 }
    public func durable(_ ticket: UInt64) async throws {}
}
