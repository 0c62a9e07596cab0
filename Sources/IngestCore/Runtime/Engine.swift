import Foundation

/// The pipeline engine: owns every topic and queue, and runs move tasks.
///
/// One actor owns the state so a fan-out or a dead-letter move is one atomic step; the per-queue
/// work is done by value types (`SQSQueue`, `SNSTopic`) whose operations cost O(1) or O(log n).
public actor Engine {
    public static let version = "0.1.0"

    public nonisolated let clock: any EngineClock
    public nonisolated let context: AWSContext
    public nonisolated let definition: PipelineDefinition
    public nonisolated let store: any PipelineStore
    let startedAt: Timestamp

    var queues: [String: SQSQueue] = [:]
    var queueNameByArn: [String: String] = [:]
    var topics: [String: SNSTopic] = [:]
    var topicArnByName: [String: String] = [:]
    /// Subscription ARN → its topic's ARN.
    var subscriptionTopic: [String: String] = [:]
    var moveTasks: [MoveTaskRecord] = []
    var moveDrivers: [String: Task<Void, Never>] = [:]
    var waiters: [String: [UInt64: CheckedContinuation<Void, Never>]] = [:]
    var nextWaiterId: UInt64 = 1
    var nextSeq: UInt64 = 1
    var ids = MessageIDGenerator()
    var recentlyDeleted: [String: Timestamp] = [:]
    var journal: [StoreChange] = []
    var events = EventLog(capacity: 2_000)

    /// Creates the engine and every topic, queue and subscription of `definition`.
    public init(definition: PipelineDefinition, clock: any EngineClock = SystemClock(), store: any PipelineStore = MemoryStore()) throws {
        self.clock = clock
        self.context = definition.context
        self.definition = definition
        self.store = store
        let now = clock.now()
        self.startedAt = now
        for q in definition.queues {
            try q.attributes.validate()
            guard queues[q.name] == nil else { throw SQSError.queueNameExists(q.name) }
            let arn = context.queueArn(q.name)
            queues[q.name] = SQSQueue(name: q.name, arn: arn, url: context.queueURL(q.name), attributes: q.attributes, now: now)
            queueNameByArn[arn] = q.name
        }
        for q in definition.queues {
            guard let r = q.attributes.redrivePolicy else { continue }
            guard let dlqName = queueNameByArn[r.deadLetterTargetArn], let dlq = queues[dlqName] else {
                throw SQSError.invalidAttributeValue("Value \(r.deadLetterTargetArn) for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist (queue \(q.name)).")
            }
            if let allow = dlq.attributes.redriveAllowPolicy, !allow.allows(context.queueArn(q.name)) {
                throw SQSError.invalidAttributeValue("Queue \(dlqName) does not allow \(q.name) to use it as a dead-letter queue (RedriveAllowPolicy).")
            }
        }
        for t in definition.topics {
            let arn = context.topicArn(t.name)
            topics[arn] = SNSTopic(definition: t, arn: arn)
            topicArnByName[t.name] = arn
        }
        for s in definition.subscriptions {
            guard topics[s.topicArn] != nil else {
                throw SNSError.notFound("Subscription \(s.logicalId): topic \(s.topicArn) does not exist")
            }
            let arn = "\(s.topicArn):\(Self.stableUUID(s.logicalId))"
            let sub = try SNSSubscription(arn: arn, definition: s)
            subscriptionTopic[arn] = s.topicArn
            topics[s.topicArn]!.subscriptions.append(sub)
        }
        if store.recordsChanges { for name in queues.keys { queues[name]!.tracksExpiry = true } }
    }

    /// A UUID-shaped id derived from a name, so ARNs are the same on every start.
    static func stableUUID(_ name: String) -> String {
        let h = MD5.hex(name)
        let c = Array(h)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    /// A fresh lower-case UUID for a message or request id.
    func newId() -> String { ids.uuid() }

    // MARK: - Lookup

    /// Resolves a queue given by name, ARN or URL.
    func queueName(_ ref: String) throws(SQSError) -> String {
        if queues[ref] != nil { return ref }
        if let n = queueNameByArn[ref] { return n }
        if let last = ref.split(separator: "/").last, queues[String(last)] != nil, ref.hasPrefix("http") { return String(last) }
        throw .queueDoesNotExist(ref)
    }

    /// Resolves a topic given by ARN or name.
    func topicArn(_ ref: String) throws(SNSError) -> String {
        if topics[ref] != nil { return ref }
        if let a = topicArnByName[ref] { return a }
        throw .notFound("Topic does not exist")
    }

    func nextSequence() -> UInt64 {
        defer { nextSeq &+= 1 }
        return nextSeq
    }

    func record(_ change: @autoclosure () -> StoreChange) {
        if store.recordsChanges { journal.append(change()) }
    }

    /// Commits what the last steps changed: waits until it is durable when `untilDurable` (before
    /// acknowledging anything to a client), else only hands it to the store, whose log keeps the order.
    func flush(untilDurable: Bool) async throws {
        if untilDurable { try await flush() } else { _ = enqueueJournal() }
    }

    /// Commits what the last steps changed and waits until it is durable; called before acknowledging.
    /// A failed write surfaces as `ServiceUnavailable` (the gateway answers 503).
    func flush() async throws {
        guard store.recordsChanges else { return }
        let ticket = enqueueJournal()
        do {
            try await store.durable(ticket)
        } catch {
            events.append(EngineEvent(at: clock.now(), level: .error, source: "store", message: "write failed: \(error)"))
            throw SQSError(code: "ServiceUnavailable", message: "The store could not make the change durable: \(error)")
        }
    }

    /// Hands the journal to the store without waiting (for changes nothing is acknowledged on, such as a
    /// receive). Later changes are committed after it, never before.
    @discardableResult
    func enqueueJournal() -> UInt64 {
        guard store.recordsChanges else { return 0 }
        for name in queues.keys where !queues[name]!.expired.isEmpty {
            for seq in queues[name]!.expired { journal.append(.removeMessage(queue: name, seq: seq)) }
            queues[name]!.expired.removeAll()
        }
        let batch = journal
        journal.removeAll(keepingCapacity: true)
        return store.enqueue(batch)
    }

    /// Recent engine events, oldest first.
    public func recentEvents(limit: Int = 200) -> [EngineEvent] { events.last(limit) }
}
