/// Queue attributes in the shape every SQS protocol carries them: a map of names to strings.
extension QueueAttributes {
    /// The names `CreateQueue` and `SetQueueAttributes` accept on a standard queue. `Policy`,
    /// `KmsDataKeyReusePeriodSeconds` and `SqsManagedSseEnabled` are accepted and not kept.
    public static let settableNames: Set<String> = [
        "VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize",
        "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "Policy", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled", "FifoQueue",
    ]

    /// These attributes with `strings` applied over them (an empty `RedrivePolicy` or `RedriveAllowPolicy`
    /// removes it), checked against the SQS ranges. An unknown name is `InvalidAttributeName`.
    public func applying(_ strings: [String: String]) throws(SQSError) -> QueueAttributes {
        var a = self
        for (name, value) in strings.sorted(by: { $0.key < $1.key }) {
            guard Self.settableNames.contains(name) else { throw SQSError(code: "InvalidAttributeName", message: "Unknown Attribute \(name).") }
            switch name {
            case "VisibilityTimeout": a.visibilityTimeout = try Self.integer(name, value)
            case "MessageRetentionPeriod": a.messageRetentionPeriod = try Self.integer(name, value)
            case "DelaySeconds": a.delaySeconds = try Self.integer(name, value)
            case "ReceiveMessageWaitTimeSeconds": a.receiveMessageWaitTimeSeconds = try Self.integer(name, value)
            case "MaximumMessageSize": a.maximumMessageSize = try Self.integer(name, value)
            case "RedrivePolicy": a.redrivePolicy = value.isEmpty ? nil : try Self.redrivePolicy(value)
            case "RedriveAllowPolicy": a.redriveAllowPolicy = value.isEmpty ? nil : try Self.redriveAllowPolicy(value)
            case "KmsMasterKeyId": a.kmsMasterKeyId = value.isEmpty ? nil : value
            case "FifoQueue":
                guard value == "false" else {
                    throw .invalidAttributeValue("Value \(value) for parameter FifoQueue is invalid. Reason: this engine emulates standard queues only.")
                }
            default: break
            }
        }
        try a.validate()
        return a
    }

    static func integer(_ name: String, _ value: String) throws(SQSError) -> Int {
        guard let n = Int(value) else { throw .invalidAttributeValue("Invalid value for the parameter \(name).") }
        return n
    }

    static func redrivePolicy(_ text: String) throws(SQSError) -> RedrivePolicy {
        let invalid = SQSError.invalidAttributeValue("Value \(text) for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.")
        guard let json = try? JSONValue.parse(text), json.objectValue != nil else { throw invalid }
        guard let arn = json["deadLetterTargetArn"]?.stringValue else {
            throw .invalidAttributeValue("Value \(text) for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: deadLetterTargetArn.")
        }
        guard let count = json["maxReceiveCount"]?.intValue else {
            throw .invalidAttributeValue("Value \(text) for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: maxReceiveCount.")
        }
        return RedrivePolicy(deadLetterTargetArn: arn, maxReceiveCount: count)
    }

    static func redriveAllowPolicy(_ text: String) throws(SQSError) -> RedriveAllowPolicy {
        guard let json = try? JSONValue.parse(text), let p = json["redrivePermission"]?.stringValue,
              let permission = RedriveAllowPolicy.Permission(rawValue: p) else {
            throw .invalidAttributeValue("Value \(text) for parameter RedriveAllowPolicy is invalid. Reason: redrivePermission must be allowAll, denyAll or byQueue.")
        }
        let arns = (json["sourceQueueArns"]?.arrayValue ?? []).compactMap(\.stringValue)
        return RedriveAllowPolicy(redrivePermission: permission, sourceQueueArns: arns)
    }
}
