/// The result of a send.
public struct SendResult: Sendable, Hashable, Codable {
    public var messageId: String
    public var md5OfMessageBody: String
    public var md5OfMessageAttributes: String?
}

/// One entry of a batch request.
public struct BatchEntry<Payload: Sendable>: Sendable {
    public var id: String
    public var payload: Payload
    public init(id: String, payload: Payload) {
        self.id = id
        self.payload = payload
    }
}

/// A failed entry of a batch, reported with HTTP 200 as SQS does.
public struct BatchFailure: Sendable, Hashable, Codable {
    public var id: String
    public var senderFault: Bool
    public var code: String
    public var message: String
}

/// The outcome of a batch: per-entry successes and failures.
public struct BatchResult<Success: Sendable & Hashable>: Sendable, Hashable {
    public var successful: [String: Success] = [:]
    public var failed: [BatchFailure] = []
}

/// What a send carries.
public struct SendRequest: Sendable, Hashable {
    public var body: String
    public var attributes: MessageAttributes
    /// Per-message delay in seconds; `nil` uses the queue's `DelaySeconds`.
    public var delaySeconds: Int?

    public init(body: String, attributes: MessageAttributes = [:], delaySeconds: Int? = nil) {
        self.body = body
        self.attributes = attributes
        self.delaySeconds = delaySeconds
    }
}

extension Engine {
    // MARK: - Queue lifecycle

    /// Creates a queue. An existing queue with equal attributes is returned as is; different attributes
    /// are `QueueNameExists`; a name deleted less than 60 seconds ago is `QueueDeletedRecently`. The new
    /// queue is durable (the store keeps it, and it comes back at the next start) before this returns.
    @discardableResult
    public func createQueue(name: String, attributes: QueueAttributes = QueueAttributes(), tags: [String: String] = [:]) async throws(SQSError) -> String {
        if let q = queues[name] {
            guard q.attributes == attributes else { throw .queueNameExists(name) }
            return q.url
        }
        let url = try addQueue(name: name, attributes: attributes, tags: tags)
        try await flushQueueChange()
        return url
    }

    /// Adds a new queue to the engine and records it for the store.
    func addQueue(name: String, attributes: QueueAttributes, tags: [String: String]) throws(SQSError) -> String {
        let valid = !name.isEmpty && name.count <= 80 && name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
        guard valid else {
            throw .invalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
        }
        try attributes.validate()
        try Self.validateTags(tags)
        let now = clock.now()
        if let deleted = recentlyDeleted[name], now.millis(since: deleted) < 60_000 { throw .queueDeletedRecently(name) }
        if let r = attributes.redrivePolicy, queueNameByArn[r.deadLetterTargetArn] == nil {
            throw .invalidAttributeValue("Value \(r.deadLetterTargetArn) for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.")
        }
        let arn = context.queueArn(name)
        var q = SQSQueue(name: name, arn: arn, url: context.queueURL(name), attributes: attributes, now: now)
        q.tags = tags
        q.tracksExpiry = store.recordsChanges
        queues[name] = q
        queueNameByArn[arn] = name
        recordQueue(name)
        return context.queueURL(name)
    }

    /// Deletes a queue and its messages.
    public func deleteQueue(_ ref: String) async throws(SQSError) {
        let name = try queueName(ref)
        let q = queues.removeValue(forKey: name)!
        queueNameByArn.removeValue(forKey: q.arn)
        recentlyDeleted[name] = clock.now()
        record(.purgeQueue(queue: name))
        record(.dropQueue(name: name))
        wakeWaiters(name)
        try await flushQueueChange()
    }

    /// A queue's attributes.
    public func queueAttributes(_ ref: String) throws(SQSError) -> QueueAttributes {
        queues[try queueName(ref)]!.attributes
    }

    /// Changes a queue's attributes (they apply at once, and are durable before this returns).
    public func setQueueAttributes(_ ref: String, _ attributes: QueueAttributes) async throws(SQSError) {
        let name = try queueName(ref)
        try attributes.validate()
        if let r = attributes.redrivePolicy {
            guard let dlq = queueNameByArn[r.deadLetterTargetArn], let target = queues[dlq] else {
                throw SQSError.invalidAttributeValue("Value \(r.deadLetterTargetArn) for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.")
            }
            if let allow = target.attributes.redriveAllowPolicy, !allow.allows(queues[name]!.arn) {
                throw SQSError.invalidAttributeValue("Queue \(dlq) does not allow \(name) to use it as a dead-letter queue (RedriveAllowPolicy).")
            }
        }
        queues[name]!.setAttributes(attributes, now: clock.now())
        recordQueue(name)
        try await flushQueueChange()
    }

    // MARK: - Send

    /// Sends one message. Returns after the message is durable.
    public func send(queue ref: String, _ request: SendRequest) async throws -> SendResult {
        let result = try sendNow(queue: ref, request)
        try await flush()
        return result
    }

    /// Sends one message without waiting for the store (the caller flushes).
    func sendNow(queue ref: String, _ request: SendRequest) throws(SQSError) -> SendResult {
        let name = try queueName(ref)
        let now = clock.now()
        guard let attrs = queues[name]?.attributes else { throw .queueDoesNotExist(ref) }
        try MessageValidation.validateSQS(body: request.body, attributes: request.attributes, maximumSize: attrs.maximumMessageSize)
        let delay = request.delaySeconds ?? attrs.delaySeconds
        guard (0...900).contains(delay) else {
            throw .invalidParameterValue("Value \(delay) for parameter DelaySeconds is invalid. Reason: must be between 0 and 900, if provided.")
        }
        let m = QueueMessage(seq: nextSequence(), messageId: newId(), body: request.body, attributes: request.attributes,
                             sentTimestamp: now, arrivedAt: now, state: .visible, visibleAt: now, senderId: context.accountId)
        enqueue(m, into: name, delay: delay, now: now)
        queues[name]!.counters.sent += 1
        return SendResult(messageId: m.messageId, md5OfMessageBody: MD5.hex(m.body), md5OfMessageAttributes: MD5.ofAttributes(m.attributes))
    }

    /// Puts a ready-made message into a queue, records it and wakes a waiting receiver.
    func enqueue(_ m: QueueMessage, into name: String, delay: Int, now: Timestamp) {
        queues[name]!.enqueue(m, delay: delay, now: now)
        record(.putMessage(queue: name, queues[name]!.messages[m.seq]!))
        // A delayed message arms an earlier timer than waiting receivers may know of: wake them to re-arm.
        wakeWaiters(name)
    }

    /// Sends up to 10 messages; entries fail one by one with HTTP 200 semantics.
    public func sendBatch(queue ref: String, _ entries: [BatchEntry<SendRequest>]) async throws -> BatchResult<SendResult> {
        let name = try queueName(ref)
        try Self.validateBatch(entries.map(\.id))
        let total = entries.reduce(0) { $0 + $1.payload.body.utf8.count + $1.payload.attributes.reduce(0) { $0 + $1.key.utf8.count + $1.value.sizeInBytes } }
        guard total <= 1_048_576 else {
            throw SQSError(code: "BatchRequestTooLong", message: "Batch requests cannot be longer than 1048576 bytes. You have sent \(total) bytes.")
        }
        var result = BatchResult<SendResult>()
        for e in entries {
            do {
                result.successful[e.id] = try sendNow(queue: name, e.payload)
            } catch {
                result.failed.append(BatchFailure(id: e.id, senderFault: error.senderFault, code: error.code, message: error.message))
            }
        }
        try await flush()
        return result
    }

    /// Checks batch entry ids: 1 to 10 entries, each id 1–80 of `[A-Za-z0-9_-]`, all distinct.
    static func validateBatch(_ ids: [String], entry: String = "SendMessageBatchRequestEntry") throws(SQSError) {
        guard !ids.isEmpty else { throw SQSError(code: "EmptyBatchRequest", message: "There should be at least one \(entry) in the request.") }
        guard ids.count <= 10 else {
            throw SQSError(code: "TooManyEntriesInBatchRequest", message: "Maximum number of entries per request are 10. You have sent \(ids.count).")
        }
        for id in ids {
            let ok = !id.isEmpty && id.count <= 80 && id.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
            }
            guard ok else {
                throw SQSError(code: "InvalidBatchEntryId", message: "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
            }
        }
        guard Set(ids).count == ids.count else {
            let dup = Dictionary(grouping: ids, by: { $0 }).first { $0.value.count > 1 }!.key
            throw SQSError(code: "BatchEntryIdsNotDistinct", message: "Id \(dup) repeated.")
        }
    }

    // MARK: - Receive

    /// Receives up to `max` messages (1...10). With `waitSeconds` > 0 (or the queue's default wait) it
    /// waits until a message is available or the time is up, woken by arrivals rather than polling.
    ///
    /// `untilDurable: false` is for consumers inside the engine (event source mappings): they acknowledge
    /// nothing to a client, and what their handlers write is logged after the receive, so a crash before
    /// the receive is durable loses the handlers' writes with it and the message is simply received again.
    public func receive(queue ref: String, max: Int = 1, visibilityTimeout: Int? = nil, waitSeconds: Int? = nil,
                        untilDurable: Bool = true) async throws -> [ReceivedMessage] {
        let name = try queueName(ref)
        guard (1...10).contains(max) else {
            throw SQSError.invalidParameterValue("Value \(max) for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.")
        }
        let wait = waitSeconds ?? queues[name]!.attributes.receiveMessageWaitTimeSeconds
        guard (0...20).contains(wait) else {
            throw SQSError.invalidParameterValue("Value \(wait) for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.")
        }
        if let vt = visibilityTimeout, !(0...43_200).contains(vt) {
            throw SQSError.invalidParameterValue("Value \(vt) for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.")
        }
        let deadline = clock.now().adding(seconds: wait)
        while true {
            if Task.isCancelled { try await flush(untilDurable: untilDurable); return [] }
            let got = try receiveNow(queue: name, max: max, visibilityTimeout: visibilityTimeout)
            if !got.isEmpty { try await flush(untilDurable: untilDurable); return got }
            let now = clock.now()
            if now >= deadline || Task.isCancelled { try await flush(untilDurable: untilDurable); return [] }
            guard queues[name] != nil else { throw SQSError.queueDoesNotExist(name) }
            let wake = Swift.min(deadline, queues[name]!.nextTimerDeadline ?? deadline)
            await waitForActivity(on: name, until: wake)
        }
    }

    /// One receive attempt: returns at once. Dead letters found on the way move to the DLQ.
    func receiveNow(queue name: String, max: Int, visibilityTimeout: Int?) throws(SQSError) -> [ReceivedMessage] {
        guard queues[name] != nil else { throw .queueDoesNotExist(name) }
        let now = clock.now()
        if queues[name]!.inFlightCount >= 120_000 {
            throw .overLimit("Too many messages in flight in \(name) (limit 120000).")
        }
        let vt = visibilityTimeout ?? queues[name]!.attributes.visibilityTimeout
        let dlqExists = queues[name]!.attributes.redrivePolicy.map { queueNameByArn[$0.deadLetterTargetArn] != nil } ?? false
        if queues[name]!.attributes.redrivePolicy != nil, !dlqExists {
            events.append(EngineEvent(at: now, level: .error, source: name, message: "dead-letter queue missing: messages past maxReceiveCount stay in \(name)"))
        }
        let outcome = queues[name]!.receive(max: max, visibilityTimeout: vt, now: now, moveDeadLetters: dlqExists)
        for r in outcome.received {
            if let seq = ReceiptHandle(r.receiptHandle)?.seq, let m = queues[name]!.messages[seq] { record(.putMessage(queue: name, m)) }
        }
        if !outcome.deadLetters.isEmpty { moveToDeadLetterQueue(outcome.deadLetters, from: name, now: now) }
        if !outcome.received.isEmpty { wakeWaiters(name) }
        return outcome.received
    }

    /// Puts messages that exceeded `maxReceiveCount` into the source's DLQ, keeping their identity.
    func moveToDeadLetterQueue(_ messages: [QueueMessage], from source: String, now: Timestamp) {
        // receiveNow only asks for dead letters when the DLQ exists.
        let policy = queues[source]!.attributes.redrivePolicy!
        let dlq = queueNameByArn[policy.deadLetterTargetArn]!
        for var m in messages {
            record(.removeMessage(queue: source, seq: m.seq))
            m.seq = nextSequence()
            m.arrivedAt = now
            m.receivesHere = 0
            m.receiptToken = 0
            m.receivedAt = nil
            enqueue(m, into: dlq, delay: 0, now: now)
        }
        queues[source]!.counters.deadLettered += messages.count
        events.append(EngineEvent(at: now, level: .warn, source: source,
                                  message: "\(messages.count) message(s) moved to \(dlq) after \(policy.maxReceiveCount) receives"))
    }

    // MARK: - Delete and visibility

    /// Deletes a message by receipt handle. A stale handle succeeds and deletes nothing.
    public func delete(queue ref: String, receiptHandle: String) async throws {
        try deleteNow(queue: ref, receiptHandle: receiptHandle)
        try await flush()
    }

    func deleteNow(queue ref: String, receiptHandle: String) throws(SQSError) {
        let name = try queueName(ref)
        if let m = try queues[name]!.delete(receiptHandle: receiptHandle, now: clock.now()) {
            record(.removeMessage(queue: name, seq: m.seq))
        }
    }

    /// Deletes up to 10 messages by receipt handle. `untilDurable: false` is for the engine's own consumers:
    /// a delete lost in a crash only means the message is received again (at least once, as on AWS).
    public func deleteBatch(queue ref: String, _ entries: [BatchEntry<String>], untilDurable: Bool = true) async throws -> BatchResult<String> {
        let name = try queueName(ref)
        try Self.validateBatch(entries.map(\.id))
        var result = BatchResult<String>()
        for e in entries {
            do {
                try deleteNow(queue: name, receiptHandle: e.payload)
                result.successful[e.id] = e.id
            } catch {
                result.failed.append(BatchFailure(id: e.id, senderFault: true, code: error.code, message: error.message))
            }
        }
        try await flush(untilDurable: untilDurable)
        return result
    }

    /// Changes an in-flight message's visibility timeout, counted from now.
    public func changeVisibility(queue ref: String, receiptHandle: String, timeout: Int) async throws {
        let name = try queueName(ref)
        try queues[name]!.changeVisibility(receiptHandle: receiptHandle, timeout: timeout, now: clock.now())
        if let seq = ReceiptHandle(receiptHandle)?.seq, let m = queues[name]!.messages[seq] { record(.putMessage(queue: name, m)) }
        wakeWaiters(name)
        try await flush()
    }

    /// Changes the visibility of up to 10 messages.
    public func changeVisibilityBatch(queue ref: String, _ entries: [BatchEntry<(receiptHandle: String, timeout: Int)>]) async throws -> BatchResult<String> {
        let name = try queueName(ref)
        try Self.validateBatch(entries.map(\.id))
        var result = BatchResult<String>()
        let now = clock.now()
        for e in entries {
            do {
                try queues[name]!.changeVisibility(receiptHandle: e.payload.receiptHandle, timeout: e.payload.timeout, now: now)
                result.successful[e.id] = e.id
            } catch {
                result.failed.append(BatchFailure(id: e.id, senderFault: true, code: error.code, message: error.message))
            }
        }
        wakeWaiters(name)
        try await flush()
        return result
    }

    /// Deletes every message of a queue (atomic at call time). A second purge within 60 s is refused.
    public func purge(queue ref: String) async throws -> PurgeResult {
        let name = try queueName(ref)
        let n = try queues[name]!.purge(now: clock.now())
        record(.purgeQueue(queue: name))
        events.append(EngineEvent(at: clock.now(), level: .warn, source: name, message: "purged \(n) message(s)"))
        try await flush()
        return PurgeResult(queue: name, purged: n)
    }

    /// The SQS-style attribute map of a queue, including the read-only counts.
    public func queueAttributeStrings(_ ref: String) throws(SQSError) -> [String: String] {
        let name = try queueName(ref)
        let now = clock.now()
        queues[name]!.advance(to: now)
        let q = queues[name]!
        var a: [String: String] = [
            "QueueArn": q.arn,
            "VisibilityTimeout": String(q.attributes.visibilityTimeout),
            "MessageRetentionPeriod": String(q.attributes.messageRetentionPeriod),
            "DelaySeconds": String(q.attributes.delaySeconds),
            "ReceiveMessageWaitTimeSeconds": String(q.attributes.receiveMessageWaitTimeSeconds),
            "MaximumMessageSize": String(q.attributes.maximumMessageSize),
            "ApproximateNumberOfMessages": String(q.visibleCount),
            "ApproximateNumberOfMessagesNotVisible": String(q.inFlightCount),
            "ApproximateNumberOfMessagesDelayed": String(q.delayedCount),
            "CreatedTimestamp": String(q.createdAt.epochSeconds),
            "LastModifiedTimestamp": String(q.lastModifiedAt.epochSeconds),
        ]
        if let r = q.attributes.redrivePolicy {
            a["RedrivePolicy"] = JSONValue.object(["deadLetterTargetArn": .string(r.deadLetterTargetArn), "maxReceiveCount": .int(r.maxReceiveCount)]).serialized()
        }
        if let r = q.attributes.redriveAllowPolicy {
            var o: [String: JSONValue] = ["redrivePermission": .string(r.redrivePermission.rawValue)]
            if !r.sourceQueueArns.isEmpty { o["sourceQueueArns"] = .array(r.sourceQueueArns.map { .string($0) }) }
            a["RedriveAllowPolicy"] = JSONValue.object(o).serialized()
        }
        if let k = q.attributes.kmsMasterKeyId { a["KmsMasterKeyId"] = k }
        return a
    }

    /// `ApproximateAgeOfOldestMessage` of a queue, in seconds.
    public func ageOfOldestMessage(_ ref: String) throws(SQSError) -> Int {
        let name = try queueName(ref)
        return queues[name]!.ageOfOldestMessage(now: clock.now())
    }

    // MARK: - Waiting

    /// Suspends until something arrives in `queue` or `until` passes.
    func waitForActivity(on queue: String, until: Timestamp) async {
        let id = nextWaiterId
        nextWaiterId += 1
        let clock = self.clock
        let timer = Task { [weak self] in
            try? await clock.sleep(until: until)
            await self?.resumeWaiter(queue, id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                waiters[queue, default: [:]][id] = c
            }
        } onCancel: {
            Task { await self.resumeWaiter(queue, id) }
        }
        timer.cancel()
    }

    func resumeWaiter(_ queue: String, _ id: UInt64) {
        waiters[queue]?.removeValue(forKey: id)?.resume()
    }

    /// Wakes every receiver waiting on `queue`; each tries again.
    func wakeWaiters(_ queue: String) {
        guard let w = waiters[queue], !w.isEmpty else { return }
        waiters[queue] = [:]
        for c in w.values { c.resume() }
    }

    /// How many receivers are waiting on a queue (for tests and the console).
    public func waitingReceivers(_ ref: String) throws(SQSError) -> Int {
        waiters[try queueName(ref)]?.count ?? 0
    }
}

extension Engine {
    /// Records why an in-flight message failed (a function error, with its request id), so the DLQ
    /// browser can show the reason once the message dead-letters. A stale handle is ignored.
    public func noteFailure(queue ref: String, receiptHandle: String, reason: String) {
        guard let name = try? queueName(ref), let h = ReceiptHandle(receiptHandle),
              let m = queues[name]?.message(seq: h.seq), m.receiptToken == h.token else { return }
        queues[name]!.noteFailure(seq: h.seq, reason: reason, now: clock.now())
    }

    /// The ARN of a queue given by name, ARN or URL.
    public func queueArn(_ ref: String) throws(SQSError) -> String { queues[try queueName(ref)]!.arn }
}
