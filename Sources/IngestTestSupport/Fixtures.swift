import IngestCore

/// Small pipelines for tests.
public enum Fixtures {
    public static let context = AWSContext(region: "us-east-1", accountId: "123456789012")

    /// A queue definition with the given settings.
    public static func queue(_ name: String, visibilityTimeout: Int = 30, retention: Int = 345_600, delay: Int = 0,
                             dlq: String? = nil, maxReceiveCount: Int = 5, maximumMessageSize: Int = 1_048_576) -> QueueDefinition {
        var a = QueueAttributes()
        a.visibilityTimeout = visibilityTimeout
        a.messageRetentionPeriod = retention
        a.delaySeconds = delay
        a.maximumMessageSize = maximumMessageSize
        if let dlq { a.redrivePolicy = RedrivePolicy(deadLetterTargetArn: context.queueArn(dlq), maxReceiveCount: maxReceiveCount) }
        return QueueDefinition(logicalId: name, name: name, attributes: a)
    }

    /// The seed's shape: one topic, two worker queues with DLQs, a subscription DLQ.
    public static func seedLike(raw: Bool = true, visibilityTimeout: Int = 60, retention: Int = 86_400, dlqRetention: Int = 1_209_600) -> PipelineDefinition {
        let topic = TopicDefinition(logicalId: "Topic", name: "signups")
        let arn = context.topicArn("signups")
        return PipelineDefinition(
            context: context, source: "fixture",
            topics: [topic],
            queues: [
                queue("sns-dlq", retention: dlqRetention),
                queue("metadata-dlq", retention: dlqRetention),
                queue("onboarding-dlq", retention: dlqRetention),
                queue("metadata", visibilityTimeout: visibilityTimeout, retention: retention, dlq: "metadata-dlq"),
                queue("onboarding", visibilityTimeout: visibilityTimeout, retention: retention, dlq: "onboarding-dlq"),
            ],
            subscriptions: [
                SubscriptionDefinition(logicalId: "MetadataSub", topicArn: arn, protocol: "sqs", endpoint: context.queueArn("metadata"),
                                       rawMessageDelivery: raw, deadLetterTargetArn: context.queueArn("sns-dlq")),
                SubscriptionDefinition(logicalId: "OnboardingSub", topicArn: arn, protocol: "sqs", endpoint: context.queueArn("onboarding"),
                                       rawMessageDelivery: raw, deadLetterTargetArn: context.queueArn("sns-dlq")),
            ])
    }
}
