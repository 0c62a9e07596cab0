extension Engine {
    /// A snapshot of every topic, queue and move task. Where the process keeps its data and listens
    /// (`dataDirectory`, `gatewayURL`) is the host's to fill in.
    public func status() -> EngineStatus {
        let now = clock.now()
        var queueList: [QueueStatus] = []
        for name in queues.keys.sorted() {
            queues[name]!.advance(to: now)
            let age = queues[name]!.ageOfOldestMessage(now: now)
            let q = queues[name]!
            let sources = queues.values.filter { $0.attributes.redrivePolicy?.deadLetterTargetArn == q.arn }.map(\.name).sorted()
            let subs = topics.values.flatMap(\.subscriptions).filter { $0.definition.deadLetterTargetArn == q.arn }.map(\.arn).sorted()
            let dlqName = q.attributes.redrivePolicy.flatMap { queueNameByArn[$0.deadLetterTargetArn] }
            queueList.append(QueueStatus(
                name: name, arn: q.arn, url: q.url, visible: q.visibleCount, inFlight: q.inFlightCount, delayed: q.delayedCount,
                ageOfOldestMessage: age, isDeadLetterQueue: !sources.isEmpty || !subs.isEmpty, sourceQueues: sources,
                sourceSubscriptions: subs, deadLetterQueue: dlqName, maxReceiveCount: q.attributes.redrivePolicy?.maxReceiveCount,
                deadLetterQueueDepth: dlqName.flatMap { queues[$0]?.count }, visibilityTimeout: q.attributes.visibilityTimeout,
                messageRetentionPeriod: q.attributes.messageRetentionPeriod, encrypted: false, counters: q.counters))
        }
        let topicList = topics.values.sorted { $0.name < $1.name }.map { t in
            TopicStatus(name: t.name, arn: t.arn, published: t.published, archived: t.archive.count,
                        archiveRetentionSeconds: t.definition.archiveRetentionSeconds,
                        subscriptions: t.subscriptions.map { s in
                            SubscriptionStatus(arn: s.arn, protocol: s.definition.protocol, endpoint: s.definition.endpoint,
                                               rawMessageDelivery: s.definition.rawMessageDelivery, hasFilterPolicy: s.filter != nil,
                                               deadLetterTargetArn: s.definition.deadLetterTargetArn, delivered: s.delivered,
                                               filteredOut: s.filteredOut, failed: s.failed, redrivenToDLQ: s.redrivenToDLQ,
                                               failedToRedriveToDLQ: s.failedToRedriveToDLQ)
                        })
        }
        let encryptedKeys = definition.queues.contains { $0.attributes.kmsMasterKeyId != nil } || definition.topics.contains { $0.kmsMasterKeyId != nil }
        return EngineStatus(
            engineVersion: Self.version, startedAt: startedAt, now: now, region: context.region, accountId: context.accountId,
            template: definition.source, dataDirectory: nil, storage: store.storageDescription,
            encryption: store.recordsChanges ? store.encryptionDescription
                : encryptedKeys ? "not encrypted: the template asks for a KMS key, but this engine keeps data in memory only"
                : "not encrypted (the template has no KMS key)",
            gatewayURL: nil, readOnly: false, topics: topicList, queues: queueList,
            moveTasks: moveTasks.reversed().prefix(20).map(\.info), warnings: definition.warnings)
    }

    /// One page of a queue's messages without receiving them (the DLQ browser; works on any queue).
    public func deadLetters(queue ref: String, after: UInt64? = nil, limit: Int = 50) throws(SQSError) -> DeadLetterPage {
        let name = try queueName(ref)
        let now = clock.now()
        queues[name]!.advance(to: now)
        let q = queues[name]!
        let pageSize = max(1, min(limit, 1_000))
        let page = q.peek(afterSeq: after, limit: pageSize)
        let views = page.map { m in
            DeadLetterView(cursor: m.seq, messageId: m.messageId, body: m.body, attributes: m.attributes, receiveCount: m.receiveCount,
                           state: m.state, sourceQueue: m.deadLetterSourceArn.flatMap { queueNameByArn[$0] },
                           sourceArn: m.deadLetterSourceArn, sentTimestamp: m.sentTimestamp, arrivedAt: m.arrivedAt,
                           firstFailureAt: m.firstFailureAt, lastFailureAt: m.lastFailureAt, failureReason: m.failureReason)
        }
        // A full page may have more after it; the page size is the clamped one, not the one asked for.
        let next = views.count == pageSize ? views.last?.cursor : nil
        return DeadLetterPage(queue: name, total: q.count, messages: views, nextCursor: next)
    }

    /// The ARN of every topic, sorted.
    public func topicArns() -> [String] { topics.keys.sorted() }

    /// The ARN of a topic given by name or ARN.
    public func resolveTopic(_ ref: String) throws(SNSError) -> String { try topicArn(ref) }

    /// The name of a queue given by name, ARN or URL.
    public func resolveQueue(_ ref: String) throws(SQSError) -> String { try queueName(ref) }
}
