/// The topic and subscription operations of the SNS API that the template did not need: creating and
/// deleting topics, subscribing and unsubscribing, attributes and batch publishing. Every change is
/// durable before it returns, and an API-made topic or subscription keeps every rule a template one has.
extension Engine {
    /// `CreateTopic`: an existing topic of that name is returned when every given attribute and tag equals
    /// its current value, else `InvalidParameter`.
    @discardableResult
    public func createTopic(name: String, attributes: [String: String] = [:], tags: [String: String] = [:]) async throws(SNSError) -> String {
        try SNSAttributes.validateTopicName(name, attributes: attributes)
        try SNSAttributes.validateTopic(attributes)
        try Self.validateTopicTags(tags)
        let given = attributes.filter { $0.key != "FifoTopic" && $0.key != "ContentBasedDeduplication" }
        if let arn = topicArnByName[name], let t = topics[arn] {
            let current = topicAttributeValues(t)
            guard given.allSatisfy({ current[$0.key] == $0.value }) else {
                throw .invalidParameter("Attributes Reason: Topic already exists with different attributes")
            }
            guard tags.allSatisfy({ t.tags[$0.key] == $0.value }) else { throw .invalidParameter("Tags Reason: Topic already exists with different tags") }
            return arn
        }
        let arn = context.topicArn(name)
        var topic = SNSTopic(definition: TopicDefinition(logicalId: name, name: name), arn: arn)
        apply(given, to: &topic)
        topic.tags = tags
        topics[arn] = topic
        topicArnByName[name] = arn
        recordTopic(arn)
        try await flushTopicChange()
        return arn
    }

    /// `DeleteTopic`: the topic, its subscriptions and its archive go. Deleting a topic that does not exist
    /// succeeds, as in SNS. A template topic comes back with the template at the next start.
    public func deleteTopic(_ ref: String) async throws(SNSError) {
        guard let arn = try? topicArn(ref), let t = topics.removeValue(forKey: arn) else { return }
        topicArnByName.removeValue(forKey: t.name)
        for s in t.subscriptions { subscriptionTopic.removeValue(forKey: s.arn) }
        record(.dropTopic(name: t.name, arn: arn))
        events.append(EngineEvent(at: clock.now(), level: .info, source: arn, message: "topic deleted with \(t.subscriptions.count) subscription(s)"))
        try await flushTopicChange()
    }

    /// Topic ARNs in name order (`ListTopics`).
    public func topicArnsByName() -> [String] { topics.values.sorted { $0.name < $1.name }.map(\.arn) }

    /// `GetTopicAttributes`.
    public func topicAttributes(_ ref: String) throws(SNSError) -> [String: String] {
        let t = topics[try topicArn(ref)]!
        var out = topicAttributeValues(t)
        out["TopicArn"] = t.arn
        out["Owner"] = context.accountId
        out["Policy"] = out["Policy"] ?? SNSAttributes.defaultPolicy(topicArn: t.arn, account: context.accountId)
        out["EffectiveDeliveryPolicy"] = out["DeliveryPolicy"] ?? SNSAttributes.defaultDeliveryPolicy
        out["DisplayName"] = out["DisplayName"] ?? ""
        out["SubscriptionsConfirmed"] = String(t.subscriptions.count)
        out["SubscriptionsPending"] = "0"
        out["SubscriptionsDeleted"] = "0"
        return out
    }

    /// `SetTopicAttributes`: one attribute; an empty value clears it.
    public func setTopicAttribute(_ ref: String, name: String, value: String) async throws(SNSError) {
        let arn = try topicArn(ref)
        try SNSAttributes.validateTopic([name: value])
        apply([name: value], to: &topics[arn]!)
        recordTopic(arn)
        try await flushTopicChange()
    }

    /// A topic's tags (`ListTagsForResource`).
    public func topicTags(_ ref: String) throws(SNSError) -> [String: String] { topics[try topicArn(ref)]!.tags }

    /// `TagResource` / `UntagResource`.
    public func tagTopic(_ ref: String, add: [String: String] = [:], remove: [String] = []) async throws(SNSError) {
        let arn = try topicArn(ref)
        var tags = topics[arn]!.tags.merging(add) { $1 }
        for k in remove { tags.removeValue(forKey: k) }
        try Self.validateTopicTags(tags)
        topics[arn]!.tags = tags
        recordTopic(arn)
        try await flushTopicChange()
    }

    // MARK: - Subscriptions

    /// `Subscribe` with the `sqs` protocol: the queue ARN receives every matching publish from now on. The
    /// same endpoint subscribed again with the same attributes returns the existing subscription.
    public func subscribe(topic ref: String, protocol proto: String, endpoint: String?, attributes: [String: String] = [:]) async throws(SNSError) -> String {
        let arn = try topicArn(ref)
        guard proto == "sqs" else {
            throw .invalidParameter("Protocol Reason: this engine delivers to sqs subscriptions only, got \(proto)")
        }
        guard let endpoint, SNSAttributes.isQueueArn(endpoint) else { throw .invalidParameter("SQS endpoint ARN") }
        let base = SubscriptionDefinition(logicalId: "", topicArn: arn, protocol: proto, endpoint: endpoint)
        if let existing = topics[arn]!.subscriptions.first(where: { $0.definition.protocol == proto && $0.definition.endpoint == endpoint }) {
            var wanted = try SNSAttributes.apply(attributes, to: existing.definition)
            wanted.logicalId = existing.definition.logicalId
            guard wanted == existing.definition else {
                throw .invalidParameter("Attributes Reason: Subscription already exists with different attributes")
            }
            return existing.arn
        }
        let subArn = "\(arn):\(newId())"
        var definition = try SNSAttributes.apply(attributes, to: base)
        definition.logicalId = subArn
        let sub = try SNSSubscription(arn: subArn, definition: definition)
        topics[arn]!.subscriptions.append(sub)
        subscriptionTopic[subArn] = arn
        recordTopic(arn)
        try await flushTopicChange()
        return subArn
    }

    /// `Unsubscribe`. A subscription that no longer exists is already gone: that succeeds, as in SNS.
    public func unsubscribe(_ subscriptionArn: String) async throws(SNSError) {
        guard let (topic, i) = subscriptionPosition(subscriptionArn) else {
            guard subscriptionArn.hasPrefix("arn:"), subscriptionArn.split(separator: ":").count >= 7 else {
                throw .invalidParameter("SubscriptionArn Reason: An ARN must have at least 7 elements, not \(subscriptionArn.split(separator: ":").count)")
            }
            return
        }
        topics[topic]!.subscriptions.remove(at: i)
        subscriptionTopic.removeValue(forKey: subscriptionArn)
        recordTopic(topic)
        try await flushTopicChange()
    }

    /// Subscriptions of every topic (`ListSubscriptions`) or of one (`ListSubscriptionsByTopic`), in ARN order.
    public func subscriptionList(topic ref: String? = nil) throws(SNSError) -> [SubscriptionDefinitionEntry] {
        let arns = try ref.map { r throws(SNSError) in [try topicArn(r)] } ?? Array(topics.keys)
        return arns.flatMap { topics[$0]!.subscriptions }.map { SubscriptionDefinitionEntry(arn: $0.arn, definition: $0.definition) }
            .sorted { $0.arn < $1.arn }
    }

    /// `GetSubscriptionAttributes`.
    public func subscriptionAttributes(_ subscriptionArn: String) throws(SNSError) -> [String: String] {
        guard let (topic, i) = subscriptionPosition(subscriptionArn) else { throw .notFound("Subscription does not exist") }
        return SNSAttributes.of(subscription: topics[topic]!.subscriptions[i], owner: context.accountId)
    }

    /// `SetSubscriptionAttributes`: one attribute; the filter policy is compiled before anything changes.
    public func setSubscriptionAttribute(_ subscriptionArn: String, name: String, value: String) async throws(SNSError) {
        guard let (topic, i) = subscriptionPosition(subscriptionArn) else { throw .notFound("Subscription does not exist") }
        var sub = topics[topic]!.subscriptions[i]
        let definition = try SNSAttributes.apply([name: value], to: sub.definition)
        let counters = sub
        sub = try SNSSubscription(arn: sub.arn, definition: definition)
        sub.delivered = counters.delivered
        sub.filteredOut = counters.filteredOut
        sub.failed = counters.failed
        sub.redrivenToDLQ = counters.redrivenToDLQ
        sub.failedToRedriveToDLQ = counters.failedToRedriveToDLQ
        topics[topic]!.subscriptions[i] = sub
        recordTopic(topic)
        try await flushTopicChange()
    }

    // MARK: - Batch publish

    /// `PublishBatch`: 1 to 10 entries with distinct ids and at most 256 KiB in all; each entry is published
    /// on its own (one may fail while the others go out), and all are durable together before this returns.
    public func publishBatch(topic ref: String, _ entries: [BatchEntry<PublishRequest>]) async throws -> BatchResult<PublishResult> {
        let arn = try topicArn(ref)
        do { try Self.validateBatch(entries.map(\.id), entry: "PublishBatchRequestEntries") } catch {
            throw SNSError(code: error.code, message: error.message)
        }
        let total = entries.reduce(0) { $0 + ($1.payload.message?.utf8.count ?? 0) + $1.payload.attributes.reduce(0) { $0 + $1.key.utf8.count + $1.value.sizeInBytes } }
        guard total <= 262_144 else {
            throw SNSError(code: "BatchRequestTooLong", message: "The length of all the messages put together is more than the limit.")
        }
        var result = BatchResult<PublishResult>()
        for e in entries {
            var r = e.payload
            r.topic = arn
            do { result.successful[e.id] = try publishNow(r) } catch {
                result.failed.append(BatchFailure(id: e.id, senderFault: error.httpStatus < 500, code: error.code, message: error.message))
            }
        }
        try await flush()
        return result
    }

    // MARK: - Records

    /// Brings back a topic created at run time, or the attributes, tags and subscriptions a template topic
    /// was given at run time. A template subscription the template no longer has is not brought back.
    func restoreTopic(_ r: TopicRecord) {
        let arn = context.topicArn(r.name)
        if topics[arn] == nil {
            // A template topic deleted through the API comes back with the template, as the template has it.
            guard !r.fromTemplate else { return }
            topics[arn] = SNSTopic(definition: r.definition, arn: arn)
            topicArnByName[r.name] = arn
        } else {
            topics[arn]!.definition = r.definition
        }
        topics[arn]!.attributes = r.attributes
        topics[arn]!.tags = r.tags
        let stored = Dictionary(r.subscriptions.map { ($0.arn, $0) }, uniquingKeysWith: { $1 })
        var subs: [SNSSubscription] = []
        for s in topics[arn]!.subscriptions {
            guard let kept = stored[s.arn], let restored = try? SNSSubscription(arn: s.arn, definition: kept.definition) else {
                subs.append(s)
                continue
            }
            subs.append(restored)
        }
        for s in r.subscriptions where !s.fromTemplate {
            guard let restored = try? SNSSubscription(arn: s.arn, definition: s.definition) else { continue }
            subs.append(restored)
            subscriptionTopic[s.arn] = arn
        }
        topics[arn]!.subscriptions = subs
    }

    /// Records a topic's definition for the store, so a topic made or changed at run time survives a restart.
    func recordTopic(_ arn: String) {
        guard let t = topics[arn] else { return }
        let fromTemplate = definition.topics.contains { $0.name == t.name }
        let templateSubs = Set(definition.subscriptions.map { "\($0.topicArn):\(Self.stableUUID($0.logicalId))" })
        let subs = t.subscriptions.map { SubscriptionRecord(arn: $0.arn, definition: $0.definition, fromTemplate: templateSubs.contains($0.arn)) }
        record(.putTopic(TopicRecord(name: t.name, definition: t.definition, attributes: t.attributes, tags: t.tags, subscriptions: subs,
                                     createdAt: startedAt, fromTemplate: fromTemplate)))
    }

    // MARK: - Helpers

    /// The topic and index of a subscription.
    func subscriptionPosition(_ arn: String) -> (String, Int)? {
        guard let topic = subscriptionTopic[arn], let i = topics[topic]?.subscriptions.firstIndex(where: { $0.arn == arn }) else { return nil }
        return (topic, i)
    }

    /// The settable attributes of a topic with their current values.
    func topicAttributeValues(_ t: SNSTopic) -> [String: String] {
        var out = t.attributes
        if let d = t.definition.displayName { out["DisplayName"] = d }
        if let k = t.definition.kmsMasterKeyId { out["KmsMasterKeyId"] = k }
        return out
    }

    /// Applies settable attributes: `DisplayName` and `KmsMasterKeyId` live in the definition, the rest as given.
    func apply(_ attributes: [String: String], to t: inout SNSTopic) {
        for (name, value) in attributes {
            switch name {
            case "DisplayName": t.definition.displayName = value.isEmpty ? nil : value
            case "KmsMasterKeyId": t.definition.kmsMasterKeyId = value.isEmpty ? nil : value
            default: if value.isEmpty { t.attributes.removeValue(forKey: name) } else { t.attributes[name] = value }
            }
        }
    }

    /// Tag rules: at most 50 per topic, keys 1–128 characters, values at most 256.
    static func validateTopicTags(_ tags: [String: String]) throws(SNSError) {
        guard tags.count <= 50 else { throw SNSError(code: "TagLimitExceeded", message: "Could not complete request: tag quota of per resource exceeded") }
        for (k, v) in tags {
            guard (1...128).contains(k.count), v.count <= 256 else { throw .invalidParameter("Tags Reason: keys must be 1 to 128 characters, values at most 256") }
        }
    }

    /// Waits until a topic change is durable; a failed write is `InternalError`, nothing is acknowledged.
    func flushTopicChange() async throws(SNSError) {
        do { try await flush() } catch let e as SNSError { throw e } catch {
            throw SNSError(code: "InternalError", message: "The store could not make the change durable: \(error)", httpStatus: 500)
        }
    }
}

/// A subscription as the list operations report it.
public struct SubscriptionDefinitionEntry: Sendable, Hashable {
    public var arn: String
    public var definition: SubscriptionDefinition
}
