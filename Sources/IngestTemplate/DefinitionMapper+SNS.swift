import IngestCore

extension DefinitionMapper {
    static let protocols: Set<String> = ["sqs", "http", "https", "email", "email-json", "sms", "application", "lambda", "firehose"]

    /// An `AWS::SNS::Topic` and the subscriptions declared inline in its `Subscription` list.
    func topic(_ resource: ResolvedResource) throws(TemplateError) -> (TopicDefinition, [SubscriptionDefinition]) {
        let p = PropertyReader(resource, file: file)
        let name = resource.identity.physicalId
        if try p.bool("FifoTopic") == true { throw p.fail("FifoTopic", "FIFO topics are not supported") }
        if name.hasSuffix(".fifo") { throw p.fail("TopicName", "FIFO topics are not supported (topic name '\(name)' ends in .fifo)") }
        guard (1...256).contains(name.count),
              name.unicodeScalars.allSatisfy({ isAlphanumeric(String($0)) || $0 == "-" || $0 == "_" })
        else {
            throw p.fail("TopicName", "TopicName '\(name)' is invalid: use 1 to 256 letters, digits, hyphens and underscores")
        }
        var topic = TopicDefinition(logicalId: resource.logicalId, name: name)
        topic.displayName = try p.string("DisplayName")
        if let display = topic.displayName, display.count > 100 {
            throw p.fail("DisplayName", "DisplayName must be at most 100 characters")
        }
        topic.kmsMasterKeyId = try p.string("KmsMasterKeyId")
        if let archive = try p.object("ArchivePolicy") {
            guard let raw = archive["MessageRetentionPeriod"], let days = PropertyReader.integer(raw), (1...365).contains(days) else {
                throw p.fail("ArchivePolicy", "ArchivePolicy MessageRetentionPeriod must be a number of days from 1 to 365")
            }
            topic.archiveRetentionSeconds = days * 86_400
        }

        var inline: [SubscriptionDefinition] = []
        if let list = p.values["Subscription"], !list.isNull {
            guard let items = list.arrayValue else { throw p.fail("Subscription", "Subscription must be a list of {Endpoint, Protocol}") }
            let itemNodes = p.node?["Subscription"]?.items
            for (index, item) in items.enumerated() {
                let id = "\(resource.logicalId).Subscription[\(index)]"
                guard let values = item.objectValue else {
                    throw p.fail("Subscription", "\(id) must be a mapping with Endpoint and Protocol")
                }
                let reader = PropertyReader(file: file, logicalId: resource.logicalId, values: values,
                                            node: itemNodes?.indices.contains(index) == true ? itemNodes?[index] : nil,
                                            fallbackLine: p.line(of: "Subscription"))
                for key in reader.unknownKeys(["Endpoint", "Protocol"]) {
                    throw reader.fail(key, "\(id) has unknown key '\(key)' (inline subscriptions take Endpoint and Protocol)")
                }
                inline.append(try subscription(id, topicArn: resource.identity.ref.stringValue ?? context.topicArn(name), reader))
            }
        }
        return (topic, inline)
    }

    /// An `AWS::SNS::Subscription`.
    func subscription(_ resource: ResolvedResource) throws(TemplateError) -> SubscriptionDefinition {
        let p = PropertyReader(resource, file: file)
        guard let topicArn = try p.string("TopicArn") else { throw p.fail("TopicArn", "TopicArn is required") }
        return try subscription(resource.logicalId, topicArn: topicArn, p)
    }

    private func subscription(_ id: String, topicArn: String, _ p: PropertyReader) throws(TemplateError) -> SubscriptionDefinition {
        guard let proto = try p.string("Protocol") else { throw p.fail("Protocol", "Protocol is required") }
        guard Self.protocols.contains(proto) else {
            throw p.fail("Protocol", "Protocol '\(proto)' is not an SNS protocol (\(Self.protocols.sorted().joined(separator: ", ")))")
        }
        guard let endpoint = try p.string("Endpoint") else { throw p.fail("Endpoint", "Endpoint is required") }
        if proto == "sqs", !(endpoint.hasPrefix("arn:") && endpoint.contains(":sqs:")) {
            throw p.fail("Endpoint", "an sqs subscription's Endpoint must be a queue ARN, got '\(endpoint)'")
        }
        var definition = SubscriptionDefinition(logicalId: id, topicArn: topicArn, protocol: proto, endpoint: endpoint)
        definition.rawMessageDelivery = try p.bool("RawMessageDelivery") ?? false
        if p.values["FilterPolicy"] != nil, !(p.values["FilterPolicy"]?.isNull ?? true) {
            definition.filterPolicy = .object(try p.object("FilterPolicy") ?? [:])
        }
        if let scope = try p.string("FilterPolicyScope") {
            guard let parsed = FilterPolicyScope(rawValue: scope) else {
                throw p.fail("FilterPolicyScope", "FilterPolicyScope must be MessageAttributes or MessageBody, got '\(scope)'")
            }
            definition.filterPolicyScope = parsed
        }
        if let redrive = try p.object("RedrivePolicy") {
            guard let arn = redrive["deadLetterTargetArn"]?.stringValue else {
                throw p.fail("RedrivePolicy", "RedrivePolicy needs deadLetterTargetArn, the dead-letter queue's ARN")
            }
            guard arn.hasPrefix("arn:"), arn.contains(":sqs:") else {
                throw p.fail("RedrivePolicy", "RedrivePolicy deadLetterTargetArn must be an SQS queue ARN, got '\(arn)'")
            }
            definition.deadLetterTargetArn = arn
        }
        return definition
    }
}
