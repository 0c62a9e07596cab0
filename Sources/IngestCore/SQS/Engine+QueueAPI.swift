/// The queue operations of the SQS API that the engine's own interfaces did not need: creation from
/// attribute strings, listing, dead-letter sources and tags. Every change is durable before it returns.
extension Engine {
    /// `CreateQueue` with attributes as SQS carries them. An existing queue is returned when every given
    /// attribute equals its current value (attributes not given are not compared), else `QueueNameExists`.
    @discardableResult
    public func createQueue(name: String, attributeStrings: [String: String], tags: [String: String] = [:]) async throws(SQSError) -> String {
        if let q = queues[name] {
            guard try q.attributes.applying(attributeStrings) == q.attributes else { throw .queueNameExists(name) }
            return q.url
        }
        let url = try addQueue(name: name, attributes: try QueueAttributes().applying(attributeStrings), tags: tags)
        try await flushQueueChange()
        return url
    }

    /// `SetQueueAttributes` with attribute strings applied over the queue's current attributes.
    public func setQueueAttributes(_ ref: String, strings: [String: String]) async throws(SQSError) {
        let name = try queueName(ref)
        try await setQueueAttributes(name, try queues[name]!.attributes.applying(strings))
    }

    /// Queue names in name order, optionally those starting with `prefix` (`ListQueues`).
    public func queueNames(prefix: String? = nil) -> [String] {
        queues.keys.filter { name in prefix.map { name.hasPrefix($0) } ?? true }.sorted()
    }

    /// The queues whose redrive policy names `ref` as their dead-letter queue (`ListDeadLetterSourceQueues`).
    public func deadLetterSourceQueues(of ref: String) throws(SQSError) -> [String] {
        let arn = queues[try queueName(ref)]!.arn
        return queues.values.filter { $0.attributes.redrivePolicy?.deadLetterTargetArn == arn }.map(\.name).sorted()
    }

    /// A queue's tags (`ListQueueTags`).
    public func queueTags(_ ref: String) throws(SQSError) -> [String: String] { queues[try queueName(ref)]!.tags }

    /// Adds or replaces tags (`TagQueue`); a queue has at most 50.
    public func tagQueue(_ ref: String, _ tags: [String: String]) async throws(SQSError) {
        let name = try queueName(ref)
        let merged = queues[name]!.tags.merging(tags) { $1 }
        try Self.validateTags(merged)
        queues[name]!.tags = merged
        recordQueue(name)
        try await flushQueueChange()
    }

    /// Removes tags by key (`UntagQueue`); unknown keys are ignored.
    public func untagQueue(_ ref: String, keys: [String]) async throws(SQSError) {
        let name = try queueName(ref)
        for k in keys { queues[name]!.tags.removeValue(forKey: k) }
        recordQueue(name)
        try await flushQueueChange()
    }

    /// Tag rules: at most 50 per queue, keys 1–128 characters, values at most 256.
    static func validateTags(_ tags: [String: String]) throws(SQSError) {
        guard tags.count <= 50 else { throw .invalidParameterValue("Too many tags: a queue can have at most 50, got \(tags.count).") }
        for (k, v) in tags {
            guard (1...128).contains(k.count) else { throw .invalidParameterValue("Tag keys must be 1 to 128 characters long: \(k)") }
            guard v.count <= 256 else { throw .invalidParameterValue("Tag values can be at most 256 characters long (key \(k)).") }
        }
    }

    /// Waits until a queue change is durable; a failed write is `ServiceUnavailable`, as for any change.
    func flushQueueChange() async throws(SQSError) {
        do { try await flush() } catch let e as SQSError { throw e } catch {
            throw SQSError(code: "ServiceUnavailable", message: "The store could not make the change durable: \(error)")
        }
    }

    /// Records a queue's definition for the store, so a queue made or changed at run time survives a restart.
    func recordQueue(_ name: String) {
        guard let q = queues[name] else { return }
        let fromTemplate = definition.queues.contains { $0.name == name }
        record(.putQueue(QueueRecord(name: name, attributes: q.attributes, tags: q.tags, createdAt: q.createdAt, fromTemplate: fromTemplate)))
    }
}
