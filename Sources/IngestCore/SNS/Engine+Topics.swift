/// A publish request, as SNS `Publish` takes it.
public struct PublishRequest: Sendable, Hashable {
    public var topic: String
    public var message: String?
    public var subject: String?
    public var attributes: MessageAttributes

    public init(topic: String, message: String?, subject: String? = nil, attributes: MessageAttributes = [:]) {
        self.topic = topic
        self.message = message
        self.subject = subject
        self.attributes = attributes
    }
}

extension Engine {
    /// Publishes to a topic, archives the message and fans it out to every subscription.
    /// Returns the MessageId once the message and its deliveries are durable.
    public func publish(_ request: PublishRequest) async throws -> PublishResult {
        let result = try publishNow(request)
        try await flush()
        return result
    }

    /// Publishes without waiting for the store (the caller flushes).
    func publishNow(_ request: PublishRequest) throws(SNSError) -> PublishResult {
        let arn = try topicArn(request.topic)
        let message = try SNSTopic.validatePublish(message: request.message, subject: request.subject, attributes: request.attributes)
        let now = clock.now()
        let archived = ArchivedMessage(seq: nextSequence(), messageId: newId(), publishedAt: now, message: message,
                                       subject: request.subject, attributes: request.attributes)
        let trimmed = topics[arn]!.archive(archived, now: now)
        topics[arn]!.published += 1
        record(.archive(topicArn: arn, archived))
        if let trimmed { record(.trimArchive(topicArn: arn, throughSeq: trimmed)) }
        for i in topics[arn]!.subscriptions.indices { _ = deliver(archived, topic: arn, subscription: i, now: now) }
        return PublishResult(messageId: archived.messageId)
    }

    /// The outcome of one delivery attempt.
    enum Delivery { case delivered, filteredOut, failed, skipped }

    /// Delivers one archived message to one subscription. A delivery that cannot be made goes to the
    /// subscription's DLQ with the reason, or is counted as failed when there is none: never dropped silently.
    func deliver(_ m: ArchivedMessage, topic arn: String, subscription i: Int, now: Timestamp) -> Delivery {
        let sub = topics[arn]!.subscriptions[i]
        let def = sub.definition
        guard def.protocol == "sqs" else { return .skipped }
        if let f = sub.filter, !f.matches(attributes: m.attributes, body: m.message) {
            topics[arn]!.subscriptions[i].filteredOut += 1
            return .filteredOut
        }
        let body: String
        var attributes: MessageAttributes = [:]
        if def.rawMessageDelivery {
            body = m.message
            // SQS takes `String.Array` as a String with a custom type label, so attributes map unchanged.
            attributes = m.attributes
        } else {
            body = SNSEnvelope.body(messageId: m.messageId, topicArn: arn, subject: m.subject, message: m.message, timestamp: m.publishedAt,
                                    attributes: m.attributes, region: context.region, subscriptionArn: sub.arn)
        }
        guard let queue = queueNameByArn[def.endpoint], let limits = queues[queue].map({ ($0.attributes.maximumMessageSize, $0.attributes.delaySeconds) }) else {
            return deliveryFailed(m, body: body, attributes: attributes, topic: arn, subscription: i, now: now,
                                  code: "AWS.SimpleQueueService.NonExistentQueue", reason: "The subscribed queue \(def.endpoint) does not exist.")
        }
        do {
            try MessageValidation.validateSQS(body: body, attributes: attributes, maximumSize: limits.0)
        } catch {
            return deliveryFailed(m, body: body, attributes: attributes, topic: arn, subscription: i, now: now,
                                  code: "AWS.SimpleQueueService.\(error.code)", reason: error.message)
        }
        let qm = QueueMessage(seq: nextSequence(), messageId: newId(), body: body, attributes: attributes, sentTimestamp: now,
                              arrivedAt: now, state: .visible, visibleAt: now, senderId: "sns.amazonaws.com")
        enqueue(qm, into: queue, delay: limits.1, now: now)
        queues[queue]!.counters.sent += 1
        topics[arn]!.subscriptions[i].delivered += 1
        return .delivered
    }

    func deliveryFailed(_ m: ArchivedMessage, body: String, attributes: MessageAttributes, topic arn: String, subscription i: Int,
                        now: Timestamp, code: String, reason: String) -> Delivery {
        topics[arn]!.subscriptions[i].failed += 1
        let sub = topics[arn]!.subscriptions[i]
        guard let dlqArn = sub.definition.deadLetterTargetArn, let dlq = queueNameByArn[dlqArn], queues[dlq] != nil else {
            topics[arn]!.subscriptions[i].failedToRedriveToDLQ += 1
            events.append(EngineEvent(at: now, level: .error, source: sub.arn,
                                      message: "delivery of \(m.messageId) failed (\(code): \(reason)) and the subscription has no usable DLQ; message dropped"))
            return .failed
        }
        var attrs = attributes
        attrs["RequestID"] = .string(newId())
        attrs["ErrorCode"] = .string(code)
        attrs["ErrorMessage"] = .string(String(reason.prefix(1024)))
        while attrs.count > 10, let drop = attrs.keys.filter({ !["RequestID", "ErrorCode", "ErrorMessage"].contains($0) }).sorted().last {
            attrs.removeValue(forKey: drop)
        }
        var qm = QueueMessage(seq: nextSequence(), messageId: newId(), body: body, attributes: attrs, sentTimestamp: now,
                              arrivedAt: now, state: .visible, visibleAt: now, senderId: "sns.amazonaws.com")
        qm.deadLetterSourceArn = sub.arn
        qm.noteFailure("\(code): \(reason)", at: now)
        enqueue(qm, into: dlq, delay: 0, now: now)
        topics[arn]!.subscriptions[i].redrivenToDLQ += 1
        events.append(EngineEvent(at: now, level: .warn, source: sub.arn, message: "delivery of \(m.messageId) failed (\(code)); sent to \(dlq)"))
        return .failed
    }

    /// Re-delivers the archived messages published in `[from, to)` to every subscription of the topic, or
    /// to one. Each archived message is delivered once per target; the replay is one atomic step.
    public func replay(topic ref: String, from: Timestamp, to: Timestamp?, subscription: String? = nil) async throws -> ReplayResult {
        let arn = try topicArn(ref)
        let end = to ?? clock.now().adding(millis: 1)
        guard from < end else { throw SNSError.invalidParameter("replay range is empty: --from must be before --to") }
        var targets = Array(topics[arn]!.subscriptions.indices)
        if let s = subscription {
            guard let idx = topics[arn]!.subscriptions.firstIndex(where: { $0.arn == s || $0.definition.logicalId == s }) else {
                throw SNSError.notFound("Subscription \(s) does not exist on \(arn)")
            }
            targets = [idx]
        }
        let now = clock.now()
        let messages = topics[arn]!.archived(from: from, to: end)
        var result = ReplayResult(topicArn: arn, subscriptionArn: subscription.map { _ in topics[arn]!.subscriptions[targets[0]].arn },
                                  from: from, to: end, messages: messages.count, deliveries: 0, filteredOut: 0, failed: 0)
        for m in messages {
            for i in targets {
                switch deliver(m, topic: arn, subscription: i, now: now) {
                case .delivered: result.deliveries += 1
                case .filteredOut: result.filteredOut += 1
                case .failed: result.failed += 1
                case .skipped: break
                }
            }
        }
        events.append(EngineEvent(at: now, level: .info, source: arn, message: "replayed \(messages.count) message(s): \(result.deliveries) deliveries"))
        try await flush()
        return result
    }
}
