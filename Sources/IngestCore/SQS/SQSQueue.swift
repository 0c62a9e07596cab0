import DequeModule
import HeapModule

/// A standard SQS queue: its messages, their visibility, receive counts and retention.
///
/// Every operation costs O(1) or O(log n) in the queue's depth: visible messages wait in a deque in
/// arrival order, delayed and in-flight ones in a heap keyed by the time they become visible, and
/// retention in a heap keyed by expiry. Stale heap and deque entries are recognised by a generation
/// number and skipped lazily, so no operation scans the queue.
///
/// Time is never read here: every operation takes `now`. The owner (the engine) reads its clock.
public struct SQSQueue: Sendable {
    public let name: String
    public let arn: String
    public let url: String
    public var attributes: QueueAttributes
    public let createdAt: Timestamp
    public var lastModifiedAt: Timestamp
    /// When the last purge happened, for the 60-second rule.
    public var lastPurgeAt: Timestamp?
    /// Cost-allocation tags (`TagQueue`), at most 50.
    public var tags: [String: String] = [:]

    var messages: [UInt64: QueueMessage] = [:]
    var byMessageId: [String: UInt64] = [:]
    /// Visible candidates in the order they became visible: (seq, generation).
    var ready: Deque<Entry> = []
    /// Delayed and in-flight messages by the time they become visible.
    var timers: Heap<TimedEntry> = []
    /// Every message by expiry time.
    var expiries: Heap<TimedEntry> = []
    /// Arrival order (ascending seq), with tombstones compacted as they build up. For paging and moves.
    var arrival: Deque<UInt64> = []
    /// Arrival order of messages that still count for the age metric (received fewer than 3 times here).
    var ageCandidates: Deque<UInt64> = []
    var nextToken: UInt64 = 1
    /// When set (a durable store is attached), expired messages are listed in `expired` for the store.
    public var tracksExpiry = false
    /// Messages dropped by retention since the owner last took them.
    public var expired: [UInt64] = []

    public private(set) var visibleCount = 0
    public private(set) var inFlightCount = 0
    public private(set) var delayedCount = 0

    /// Cumulative counters since the engine started.
    public var counters = QueueCounters()

    struct Entry: Sendable, Hashable {
        var seq: UInt64
        var generation: UInt64
    }

    struct TimedEntry: Sendable, Comparable, Hashable {
        var at: Timestamp
        var seq: UInt64
        var generation: UInt64
        static func < (a: TimedEntry, b: TimedEntry) -> Bool { a.at == b.at ? a.seq < b.seq : a.at < b.at }
    }

    public init(name: String, arn: String, url: String, attributes: QueueAttributes, now: Timestamp, createdAt: Timestamp? = nil) {
        self.name = name
        self.arn = arn
        self.url = url
        self.attributes = attributes
        self.createdAt = createdAt ?? now
        self.lastModifiedAt = now
    }

    /// Messages in the queue, in any state.
    public var count: Int { messages.count }

    /// Looks up a message by its MessageId.
    public func message(id: String) -> QueueMessage? {
        byMessageId[id].flatMap { messages[$0] }
    }

    /// Looks up a message by its engine sequence number.
    public func message(seq: UInt64) -> QueueMessage? { messages[seq] }

    // MARK: - Time

    /// Applies everything that became due by `now`: delays and visibility timeouts that ended, and expiries.
    public mutating func advance(to now: Timestamp) {
        while let top = timers.min, top.at <= now {
            timers.removeMin()
            guard var m = messages[top.seq], m.generation == top.generation, m.state != .visible else { continue }
            switch m.state {
            case .inFlight: inFlightCount -= 1
            case .delayed: delayedCount -= 1
            case .visible: break
            }
            m.state = .visible
            m.generation &+= 1
            visibleCount += 1
            ready.append(Entry(seq: m.seq, generation: m.generation))
            messages[top.seq] = m
        }
        while let top = expiries.min, top.at <= now {
            expiries.removeMin()
            guard let m = messages[top.seq], m.sentTimestamp.adding(seconds: attributes.messageRetentionPeriod) <= now else { continue }
            remove(seq: m.seq)
            counters.expired += 1
            if tracksExpiry { expired.append(m.seq) }
        }
    }

    /// The earliest time a delayed or in-flight message becomes visible, if any.
    public var nextTimerDeadline: Timestamp? { timers.min?.at }

    // MARK: - Enqueue

    /// Adds a message that already passed validation. `delay` is in seconds.
    public mutating func enqueue(_ message: QueueMessage, delay: Int, now: Timestamp) {
        var m = message
        m.state = delay > 0 ? .delayed : .visible
        m.visibleAt = now.adding(seconds: delay)
        place(m, now: now)
        compactHeaps()
    }

    /// Puts back a message read from the store, keeping its state: an in-flight or delayed message
    /// whose time has not come stays hidden until then; otherwise it is visible. Call in ascending `seq`.
    /// Makes room for `count` more messages at once, before a restore puts them back one by one (the
    /// indexes would otherwise be rehashed and copied as they double, a dozen times for a million).
    public mutating func reserve(_ count: Int) {
        messages.reserveCapacity(messages.count + count)
        byMessageId.reserveCapacity(byMessageId.count + count)
        ready.reserveCapacity(ready.count + count)
        arrival.reserveCapacity(arrival.count + count)
        ageCandidates.reserveCapacity(ageCandidates.count + count)
    }

    public mutating func restore(_ message: QueueMessage, now: Timestamp) {
        place(message, now: now)
        nextToken = Swift.max(nextToken, message.receiptToken &+ 1)
    }

    /// Indexes a message by its state: hidden until `visibleAt` when delayed or in flight and that time
    /// is still ahead, visible otherwise; plus its id, expiry, arrival and age-metric entries.
    private mutating func place(_ message: QueueMessage, now: Timestamp) {
        var m = message
        m.generation &+= 1
        if m.state != .visible, m.visibleAt > now {
            if m.state == .delayed { delayedCount += 1 } else { inFlightCount += 1 }
            timers.insert(TimedEntry(at: m.visibleAt, seq: m.seq, generation: m.generation))
        } else {
            m.state = .visible
            visibleCount += 1
            ready.append(Entry(seq: m.seq, generation: m.generation))
        }
        messages[m.seq] = m
        byMessageId[m.messageId] = m.seq
        expiries.insert(TimedEntry(at: m.sentTimestamp.adding(seconds: attributes.messageRetentionPeriod), seq: m.seq, generation: 0))
        arrival.append(m.seq)
        if m.receivesHere < 3 { ageCandidates.append(m.seq) }
    }

    // MARK: - Receive

    /// The outcome of one receive: what the caller gets, and what must move to the dead-letter queue.
    public struct ReceiveOutcome: Sendable {
        public var received: [ReceivedMessage] = []
        public var deadLetters: [QueueMessage] = []
    }

    /// Receives up to `max` visible messages, hiding each for `visibilityTimeout` seconds.
    ///
    /// When the queue has a redrive policy, a message whose receive count already reached
    /// `maxReceiveCount` is not returned: it is taken out and handed back in `deadLetters` for the
    /// owner to put in the dead-letter queue (the lazy move SQS does at receive time).
    public mutating func receive(max: Int, visibilityTimeout: Int, now: Timestamp, moveDeadLetters: Bool = true) -> ReceiveOutcome {
        advance(to: now)
        var out = ReceiveOutcome()
        let maxReceives = moveDeadLetters ? attributes.redrivePolicy?.maxReceiveCount : nil
        while out.received.count < max, let entry = ready.popFirst() {
            guard var m = messages[entry.seq], m.state == .visible, m.generation == entry.generation else { continue }
            if let limit = maxReceives, m.receiveCount >= limit {
                remove(seq: m.seq)
                m.noteFailure(m.failureReason ?? "received \(m.receiveCount) times without being deleted (maxReceiveCount \(limit))", at: now)
                m.deadLetterSourceArn = arn
                out.deadLetters.append(m)
                continue
            }
            let token = nextToken
            nextToken &+= 1
            m.receiveCount += 1
            m.receivesHere += 1
            if m.firstReceiveTimestamp == nil { m.firstReceiveTimestamp = now }
            m.receivedAt = now
            m.receiptToken = token
            m.state = .inFlight
            m.generation &+= 1
            m.visibleAt = now.adding(seconds: visibilityTimeout)
            visibleCount -= 1
            inFlightCount += 1
            timers.insert(TimedEntry(at: m.visibleAt, seq: m.seq, generation: m.generation))
            messages[m.seq] = m
            if timers.count > 2 * (inFlightCount + delayedCount) + 1024 { compactHeaps() }
            out.received.append(Self.received(m, handle: ReceiptHandle(seq: m.seq, token: token)))
        }
        counters.received += out.received.count
        if out.received.isEmpty { counters.emptyReceives += 1 }
        return out
    }

    static func received(_ m: QueueMessage, handle: ReceiptHandle) -> ReceivedMessage {
        var attrs: [String: String] = [
            "ApproximateReceiveCount": String(m.receiveCount),
            "SentTimestamp": String(m.sentTimestamp.millis),
            "SenderId": m.senderId,
        ]
        if let f = m.firstReceiveTimestamp { attrs["ApproximateFirstReceiveTimestamp"] = String(f.millis) }
        if let d = m.deadLetterSourceArn { attrs["DeadLetterQueueSourceArn"] = d }
        return ReceivedMessage(
            messageId: m.messageId, receiptHandle: handle.encoded, body: m.body, md5OfBody: MD5.hex(m.body),
            md5OfMessageAttributes: MD5.ofAttributes(m.attributes), messageAttributes: m.attributes, attributes: attrs)
    }

    // MARK: - Delete and visibility

    /// Deletes the message the handle names. A stale handle (an older receive, or a message already
    /// gone) succeeds and deletes nothing; a malformed handle is an error.
    @discardableResult
    public mutating func delete(receiptHandle: String, now: Timestamp) throws(SQSError) -> QueueMessage? {
        guard let h = ReceiptHandle(receiptHandle) else { throw .receiptHandleIsInvalid(receiptHandle) }
        advance(to: now)
        guard let m = messages[h.seq], m.receiptToken == h.token, h.token != 0 else { return nil }
        remove(seq: h.seq)
        counters.deleted += 1
        return m
    }

    /// Changes how long an in-flight message stays hidden, counted from `now`. The value is not
    /// remembered: the next receive uses the queue's timeout again.
    public mutating func changeVisibility(receiptHandle: String, timeout: Int, now: Timestamp) throws(SQSError) {
        guard let h = ReceiptHandle(receiptHandle) else { throw .receiptHandleIsInvalid(receiptHandle) }
        guard (0...43_200).contains(timeout) else {
            throw .invalidParameterValue("Value \(timeout) for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.")
        }
        advance(to: now)
        guard var m = messages[h.seq], m.receiptToken == h.token else { throw .messageNotInflight() }
        guard m.state == .inFlight, let receivedAt = m.receivedAt else { throw .messageNotInflight() }
        let hiddenSoFar = now.millis(since: receivedAt)
        guard hiddenSoFar + Int64(timeout) * 1000 <= 43_200_000 else {
            throw .invalidParameterValue("Value \(timeout) for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds].")
        }
        m.generation &+= 1
        m.visibleAt = now.adding(seconds: timeout)
        messages[m.seq] = m
        if timeout == 0 {
            inFlightCount -= 1
            visibleCount += 1
            m.state = .visible
            messages[m.seq] = m
            ready.append(Entry(seq: m.seq, generation: m.generation))
        } else {
            timers.insert(TimedEntry(at: m.visibleAt, seq: m.seq, generation: m.generation))
        }
    }

    /// Records why an in-flight message failed (shown in the DLQ browser once it dead-letters).
    public mutating func noteFailure(seq: UInt64, reason: String, now: Timestamp) {
        messages[seq]?.noteFailure(reason, at: now)
    }

    // MARK: - Removal

    /// Removes a message in any state; returns it.
    @discardableResult
    public mutating func remove(seq: UInt64) -> QueueMessage? {
        guard let m = messages.removeValue(forKey: seq) else { return nil }
        byMessageId.removeValue(forKey: m.messageId)
        switch m.state {
        case .visible: visibleCount -= 1
        case .inFlight: inFlightCount -= 1
        case .delayed: delayedCount -= 1
        }
        compactIfNeeded()
        return m
    }

    /// Takes a visible message out of the queue (for moves); `nil` when it is absent or not visible.
    public mutating func takeVisible(seq: UInt64, now: Timestamp) -> QueueMessage? {
        advance(to: now)
        guard let m = messages[seq], m.state == .visible else { return nil }
        return remove(seq: seq)
    }

    /// Deletes every message, in flight or not. A second purge within 60 seconds is refused.
    public mutating func purge(now: Timestamp) throws(SQSError) -> Int {
        if let last = lastPurgeAt, now.millis(since: last) < 60_000 { throw .purgeQueueInProgress(name) }
        let n = messages.count
        messages.removeAll()
        byMessageId.removeAll()
        ready.removeAll()
        timers = []
        expiries = []
        arrival.removeAll()
        ageCandidates.removeAll()
        visibleCount = 0
        inFlightCount = 0
        delayedCount = 0
        lastPurgeAt = now
        counters.purged += n
        return n
    }

    /// Applies new attributes. A retention change re-keys the expiry heap (rare, O(n)).
    public mutating func setAttributes(_ new: QueueAttributes, now: Timestamp) {
        let retentionChanged = new.messageRetentionPeriod != attributes.messageRetentionPeriod
        attributes = new
        lastModifiedAt = now
        if retentionChanged {
            expiries = Heap(messages.values.map {
                TimedEntry(at: $0.sentTimestamp.adding(seconds: new.messageRetentionPeriod), seq: $0.seq, generation: 0)
            })
            advance(to: now)
        }
    }

    /// Drops heap entries of messages that are gone or whose timers changed, so the heaps track the
    /// queue's depth rather than everything sent within the retention period (amortised O(1)).
    /// Each rebuild costs the heap's own size and runs only after it doubled past the live count.
    mutating func compactHeaps() {
        if expiries.count > 2 * messages.count + 1024 {
            expiries = Heap(expiries.unordered.filter { messages[$0.seq] != nil })
        }
        if timers.count > 2 * (inFlightCount + delayedCount) + 1024 {
            timers = Heap(timers.unordered.filter { e in messages[e.seq].map { $0.generation == e.generation && $0.state != .visible } ?? false })
        }
    }

    mutating func compactIfNeeded() {
        compactHeaps()
        if arrival.count > 1024, arrival.count > 2 * messages.count {
            arrival = Deque(arrival.filter { messages[$0] != nil })
        }
        if ageCandidates.count > 1024, ageCandidates.count > 2 * messages.count {
            ageCandidates = Deque(ageCandidates.filter { messages[$0].map { $0.receivesHere < 3 } ?? false })
        }
        if ready.count > 1024, ready.count > 2 * (visibleCount + 1) {
            ready = Deque(ready.filter { e in messages[e.seq].map { $0.state == .visible && $0.generation == e.generation } ?? false })
        }
    }

    // MARK: - Metrics

    /// `ApproximateAgeOfOldestMessage` in seconds: the oldest message received fewer than 3 times in this
    /// queue (the poison-pill rule), counted from its arrival here (so a DLQ counts from the move).
    public mutating func ageOfOldestMessage(now: Timestamp) -> Int {
        advance(to: now)
        while let front = ageCandidates.first {
            if let m = messages[front], m.receivesHere < 3 { return Int(max(0, now.millis(since: m.arrivedAt)) / 1000) }
            ageCandidates.removeFirst()
        }
        return 0
    }

    /// Up to `limit` messages in arrival order, starting after `afterSeq`, without receiving them.
    public func peek(afterSeq: UInt64?, limit: Int) -> [QueueMessage] {
        var lo = 0
        if let after = afterSeq {
            var hi = arrival.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if arrival[mid] <= after { lo = mid + 1 } else { hi = mid }
            }
        }
        var out: [QueueMessage] = []
        var i = lo
        while i < arrival.count, out.count < limit {
            if let m = messages[arrival[i]] { out.append(m) }
            i += 1
        }
        return out
    }

    /// Sequence numbers of every message, in arrival order (for a move task's snapshot).
    public func sequenceNumbers() -> [UInt64] { arrival.filter { messages[$0] != nil } }
}

/// Cumulative per-queue counters.
public struct QueueCounters: Sendable, Hashable, Codable {
    public var sent = 0
    public var received = 0
    public var deleted = 0
    public var emptyReceives = 0
    public var expired = 0
    public var purged = 0
    public var deadLettered = 0
    public init() {}
}
