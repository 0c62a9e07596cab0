import IngestCore

/// Turns resolved resources into the typed definitions the engine creates.
struct DefinitionMapper {
    var file: String
    var context: AWSContext

    /// The SQS attributes whose problems `QueueAttributes.validate()` reports, for finding the line.
    private static let validatedAttributes = [
        "VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize",
        "RedrivePolicy", "RedriveAllowPolicy",
    ]

    /// An `AWS::SQS::Queue`.
    func queue(_ resource: ResolvedResource) throws(TemplateError) -> QueueDefinition {
        let p = PropertyReader(resource, file: file)
        let name = resource.identity.physicalId
        if try p.bool("FifoQueue") == true { throw p.fail("FifoQueue", "FIFO queues are not supported") }
        if name.hasSuffix(".fifo") { throw p.fail("QueueName", "FIFO queues are not supported (queue name '\(name)' ends in .fifo)") }
        guard (1...80).contains(name.count),
              name.unicodeScalars.allSatisfy({ isAlphanumeric(String($0)) || $0 == "-" || $0 == "_" })
        else {
            throw p.fail("QueueName", "QueueName '\(name)' is invalid: use 1 to 80 letters, digits, hyphens and underscores")
        }

        var a = QueueAttributes()
        if let v = try p.int("VisibilityTimeout") { a.visibilityTimeout = v }
        if let v = try p.int("MessageRetentionPeriod") { a.messageRetentionPeriod = v }
        if let v = try p.int("DelaySeconds") { a.delaySeconds = v }
        if let v = try p.int("ReceiveMessageWaitTimeSeconds") { a.receiveMessageWaitTimeSeconds = v }
        if let v = try p.int("MaximumMessageSize") { a.maximumMessageSize = v }
        if let redrive = try p.object("RedrivePolicy") { a.redrivePolicy = try redrivePolicy(redrive, p) }
        if let allow = try p.object("RedriveAllowPolicy") { a.redriveAllowPolicy = try redriveAllowPolicy(allow, p) }
        a.kmsMasterKeyId = try p.string("KmsMasterKeyId")
        do {
            try a.validate()
        } catch {
            let key = Self.validatedAttributes.first { error.message.contains("parameter \($0)") }
            throw p.fail(key, "\(error.code): \(error.message)")
        }
        return QueueDefinition(logicalId: resource.logicalId, name: name, attributes: a)
    }

    private func redrivePolicy(_ o: [String: JSONValue], _ p: PropertyReader) throws(TemplateError) -> RedrivePolicy {
        let key = "RedrivePolicy"
        for unknown in o.keys.sorted() where unknown != "deadLetterTargetArn" && unknown != "maxReceiveCount" {
            throw p.fail(key, "RedrivePolicy has unknown key '\(unknown)' (it takes deadLetterTargetArn and maxReceiveCount)")
        }
        guard let arn = o["deadLetterTargetArn"]?.stringValue else {
            throw p.fail(key, "RedrivePolicy needs deadLetterTargetArn, the dead-letter queue's ARN")
        }
        guard let raw = o["maxReceiveCount"] else { throw p.fail(key, "RedrivePolicy needs maxReceiveCount") }
        guard let count = PropertyReader.integer(raw) else {
            throw p.fail(key, "RedrivePolicy maxReceiveCount must be an integer, got \(PropertyReader.show(raw))")
        }
        return RedrivePolicy(deadLetterTargetArn: arn, maxReceiveCount: count)
    }

    private func redriveAllowPolicy(_ o: [String: JSONValue], _ p: PropertyReader) throws(TemplateError) -> RedriveAllowPolicy {
        let key = "RedriveAllowPolicy"
        for unknown in o.keys.sorted() where unknown != "redrivePermission" && unknown != "sourceQueueArns" {
            throw p.fail(key, "RedriveAllowPolicy has unknown key '\(unknown)' (it takes redrivePermission and sourceQueueArns)")
        }
        guard let text = o["redrivePermission"]?.stringValue, let permission = RedriveAllowPolicy.Permission(rawValue: text) else {
            throw p.fail(key, "RedriveAllowPolicy redrivePermission must be allowAll, denyAll or byQueue")
        }
        var arns: [String] = []
        if let list = o["sourceQueueArns"] {
            guard let items = list.arrayValue else { throw p.fail(key, "RedriveAllowPolicy sourceQueueArns must be a list of queue ARNs") }
            for item in items {
                guard let arn = item.stringValue else { throw p.fail(key, "RedriveAllowPolicy sourceQueueArns must be a list of queue ARNs") }
                arns.append(arn)
            }
        }
        return RedriveAllowPolicy(redrivePermission: permission, sourceQueueArns: arns)
    }
}
