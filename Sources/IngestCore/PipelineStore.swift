/// One change to durable state, as the engine reports it to its store.
public enum StoreChange: Sendable {
    /// A message was added to, or changed in, a queue.
    case putMessage(queue: String, QueueMessage)
    /// A message left a queue (deleted, expired, moved).
    case removeMessage(queue: String, seq: UInt64)
    /// A queue was purged.
    case purgeQueue(queue: String)
    /// A published message entered a topic's archive.
    case archive(topicArn: String, ArchivedMessage)
    /// A move task started or progressed.
    case moveTask(MoveTaskInfo)
}

/// Where the engine keeps its state. The engine owns this protocol; stores implement it.
///
/// The engine calls `commit` before it acknowledges anything (a publish, a send, a move step), so
/// an acknowledged change is durable when `commit` returns. Stores may group concurrent commits.
public protocol PipelineStore: Sendable {
    /// Whether this store wants changes at all; a memory-only store says no and costs nothing.
    var recordsChanges: Bool { get }
    /// How the status view describes the store ("memory", "sqlite (WAL) at …").
    var storageDescription: String { get }
    /// Makes `changes` durable, in order.
    func commit(_ changes: [StoreChange]) async throws
}

/// Keeps nothing: state lives in the engine's memory and is gone when the process ends.
public struct MemoryStore: PipelineStore {
    public init() {}
    public var recordsChanges: Bool { false }
    public var storageDescription: String { "memory (nothing survives a restart)" }
    public func commit(_ changes: [StoreChange]) async throws {}
}
