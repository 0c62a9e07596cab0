/// A queue's redrive policy: where messages go after too many receives.
public struct RedrivePolicy: Sendable, Hashable, Codable {
    public var deadLetterTargetArn: String
    public var maxReceiveCount: Int

    public init(deadLetterTargetArn: String, maxReceiveCount: Int) {
        self.deadLetterTargetArn = deadLetterTargetArn
        self.maxReceiveCount = maxReceiveCount
    }
}

/// Which source queues may use a queue as their dead-letter queue.
public struct RedriveAllowPolicy: Sendable, Hashable, Codable {
    public enum Permission: String, Sendable, Codable { case allowAll, denyAll, byQueue }
    public var redrivePermission: Permission
    public var sourceQueueArns: [String]

    public init(redrivePermission: Permission, sourceQueueArns: [String] = []) {
        self.redrivePermission = redrivePermission
        self.sourceQueueArns = sourceQueueArns
    }

    /// Whether `sourceArn` may send its dead letters here.
    public func allows(_ sourceArn: String) -> Bool {
        switch redrivePermission {
        case .allowAll: return true
        case .denyAll: return false
        case .byQueue: return sourceQueueArns.contains(sourceArn)
        }
    }
}

/// The settable attributes of a standard SQS queue, with AWS's defaults.
public struct QueueAttributes: Sendable, Hashable, Codable {
    /// Seconds a received message stays hidden (0...43,200).
    public var visibilityTimeout: Int = 30
    /// Seconds a message is kept, counted from its first enqueue (60...1,209,600).
    public var messageRetentionPeriod: Int = 345_600
    /// Default delay of new messages in seconds (0...900).
    public var delaySeconds: Int = 0
    /// Default long-poll wait in seconds (0...20).
    public var receiveMessageWaitTimeSeconds: Int = 0
    /// Largest accepted message in bytes (1,024...1,048,576).
    public var maximumMessageSize: Int = 1_048_576
    public var redrivePolicy: RedrivePolicy?
    public var redriveAllowPolicy: RedriveAllowPolicy?
    /// The customer key id or alias that encrypts the queue, if any.
    public var kmsMasterKeyId: String?

    public init() {}

    /// Checks every value against the ranges SQS accepts.
    public func validate() throws(SQSError) {
        try Self.check("VisibilityTimeout", visibilityTimeout, 0...43_200)
        try Self.check("MessageRetentionPeriod", messageRetentionPeriod, 60...1_209_600)
        try Self.check("DelaySeconds", delaySeconds, 0...900)
        try Self.check("ReceiveMessageWaitTimeSeconds", receiveMessageWaitTimeSeconds, 0...20)
        try Self.check("MaximumMessageSize", maximumMessageSize, 1_024...1_048_576)
        if let r = redrivePolicy {
            guard (1...1_000).contains(r.maxReceiveCount) else {
                throw .invalidAttributeValue(
                    "Value {\"deadLetterTargetArn\":\"\(r.deadLetterTargetArn)\",\"maxReceiveCount\":\(r.maxReceiveCount)} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: \(r.maxReceiveCount), valid values are from 1 to 1000 both inclusive."
                )
            }
            guard r.deadLetterTargetArn.hasPrefix("arn:"), r.deadLetterTargetArn.contains(":sqs:") else {
                throw .invalidAttributeValue("Value \(r.deadLetterTargetArn) for parameter RedrivePolicy is invalid. Reason: Dead-letter target must be an SQS queue ARN.")
            }
        }
        if let a = redriveAllowPolicy {
            if a.redrivePermission == .byQueue, !(1...10).contains(a.sourceQueueArns.count) {
                throw .invalidAttributeValue("Value for parameter RedriveAllowPolicy is invalid. Reason: byQueue needs 1 to 10 sourceQueueArns.")
            }
            if a.redrivePermission != .byQueue, !a.sourceQueueArns.isEmpty {
                throw .invalidAttributeValue("Value for parameter RedriveAllowPolicy is invalid. Reason: sourceQueueArns is only allowed with byQueue.")
            }
        }
    }

    private static func check(_ name: String, _ value: Int, _ range: ClosedRange<Int>) throws(SQSError) {
        guard range.contains(value) else {
            throw .invalidAttributeValue("Invalid value for the parameter \(name). Reason: must be between \(range.lowerBound) and \(range.upperBound), got \(value).")
        }
    }
}
