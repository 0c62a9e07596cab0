/// Where the pipeline lives, for building ARNs and URLs.
public struct AWSContext: Sendable, Hashable, Codable {
    public var region: String
    public var accountId: String
    public var partition: String
    public var stackName: String

    public init(region: String = "us-east-1", accountId: String = "000000000000", partition: String = "aws", stackName: String = "ingest") {
        self.region = region
        self.accountId = accountId
        self.partition = partition
        self.stackName = stackName
    }

    public func queueArn(_ name: String) -> String { "arn:\(partition):sqs:\(region):\(accountId):\(name)" }
    public func queueURL(_ name: String) -> String { "https://sqs.\(region).amazonaws.com/\(accountId)/\(name)" }
    public func topicArn(_ name: String) -> String { "arn:\(partition):sns:\(region):\(accountId):\(name)" }
    public func functionArn(_ name: String) -> String { "arn:\(partition):lambda:\(region):\(accountId):function:\(name)" }
    public func tableArn(_ name: String) -> String { "arn:\(partition):dynamodb:\(region):\(accountId):table/\(name)" }
    public func alarmArn(_ name: String) -> String { "arn:\(partition):cloudwatch:\(region):\(accountId):alarm:\(name)" }
    public func keyArn(_ id: String) -> String { "arn:\(partition):kms:\(region):\(accountId):key/\(id)" }
    public func aliasArn(_ alias: String) -> String { "arn:\(partition):kms:\(region):\(accountId):\(alias)" }
    public func roleArn(_ name: String) -> String { "arn:\(partition):iam::\(accountId):role/\(name)" }
}

/// An SQS queue to create.
public struct QueueDefinition: Sendable, Hashable, Codable {
    public var logicalId: String
    public var name: String
    public var attributes: QueueAttributes

    public init(logicalId: String, name: String, attributes: QueueAttributes) {
        self.logicalId = logicalId
        self.name = name
        self.attributes = attributes
    }
}

/// An SNS topic to create.
public struct TopicDefinition: Sendable, Hashable, Codable {
    public var logicalId: String
    public var name: String
    public var displayName: String?
    public var kmsMasterKeyId: String?
    /// How long published messages stay in the topic archive for replay, in seconds (default 7 days).
    public var archiveRetentionSeconds: Int

    public init(logicalId: String, name: String, displayName: String? = nil, kmsMasterKeyId: String? = nil,
                archiveRetentionSeconds: Int = 7 * 86_400) {
        self.logicalId = logicalId
        self.name = name
        self.displayName = displayName
        self.kmsMasterKeyId = kmsMasterKeyId
        self.archiveRetentionSeconds = archiveRetentionSeconds
    }
}

/// An SNS subscription to create (`AWS::SNS::Subscription` or a topic's inline `Subscription`).
public struct SubscriptionDefinition: Sendable, Hashable, Codable {
    public var logicalId: String
    public var topicArn: String
    /// `sqs` is delivered; other protocols are listed but not delivered.
    public var `protocol`: String
    /// For `sqs`, the queue ARN.
    public var endpoint: String
    public var rawMessageDelivery: Bool
    /// The filter policy JSON as given, if any.
    public var filterPolicy: JSONValue?
    public var filterPolicyScope: FilterPolicyScope
    /// The subscription dead-letter queue ARN (`RedrivePolicy.deadLetterTargetArn`).
    public var deadLetterTargetArn: String?

    public init(logicalId: String, topicArn: String, protocol: String, endpoint: String, rawMessageDelivery: Bool = false,
                filterPolicy: JSONValue? = nil, filterPolicyScope: FilterPolicyScope = .messageAttributes,
                deadLetterTargetArn: String? = nil) {
        self.logicalId = logicalId
        self.topicArn = topicArn
        self.protocol = `protocol`
        self.endpoint = endpoint
        self.rawMessageDelivery = rawMessageDelivery
        self.filterPolicy = filterPolicy
        self.filterPolicyScope = filterPolicyScope
        self.deadLetterTargetArn = deadLetterTargetArn
    }
}

/// An API key the gateway accepts (`AWS::ApiGateway::ApiKey`).
public struct ApiKeyDefinition: Sendable, Hashable, Codable {
    public var logicalId: String
    public var name: String
    /// The key's value when the template gives one; otherwise the engine generates one and keeps it.
    public var value: String?
    public var enabled: Bool

    public init(logicalId: String, name: String, value: String?, enabled: Bool = true) {
        self.logicalId = logicalId
        self.name = name
        self.value = value
        self.enabled = enabled
    }
}

/// A pipeline as a template describes it: typed definitions of what to create, plus every resource for reporting.
public struct PipelineDefinition: Sendable, Hashable, Codable {
    public var context: AWSContext
    /// The template file the definition came from.
    public var source: String
    public var topics: [TopicDefinition]
    public var queues: [QueueDefinition]
    public var subscriptions: [SubscriptionDefinition]
    public var apiKeys: [ApiKeyDefinition]
    /// Stage names of the REST API (requests may be prefixed with `/{stage}`).
    public var stages: [String]
    public var tables: [TableDefinition]
    /// Functions as the template gives them; `PipelineRuntime` chooses each one's handler.
    public var functions: [FunctionDefinition]
    public var eventSourceMappings: [EventSourceMappingDefinition]
    public var alarms: [AlarmDefinition]
    public var usagePlans: [UsagePlan]
    /// The REST API's name, access-log format and integration timeout.
    public var gateway: GatewayDefinition
    /// Every resource in the template, in template order, with what the engine does with it.
    public var resources: [ResourceSummary]
    /// Warnings for the operator (unknown types, ignored properties, ...).
    public var warnings: [String]

    public init(context: AWSContext = AWSContext(), source: String = "", topics: [TopicDefinition] = [], queues: [QueueDefinition] = [],
                subscriptions: [SubscriptionDefinition] = [], apiKeys: [ApiKeyDefinition] = [], stages: [String] = [],
                tables: [TableDefinition] = [], functions: [FunctionDefinition] = [],
                eventSourceMappings: [EventSourceMappingDefinition] = [], alarms: [AlarmDefinition] = [], usagePlans: [UsagePlan] = [],
                gateway: GatewayDefinition = GatewayDefinition(), resources: [ResourceSummary] = [], warnings: [String] = []) {
        self.context = context
        self.source = source
        self.topics = topics
        self.queues = queues
        self.subscriptions = subscriptions
        self.apiKeys = apiKeys
        self.stages = stages
        self.tables = tables
        self.functions = functions
        self.eventSourceMappings = eventSourceMappings
        self.alarms = alarms
        self.usagePlans = usagePlans
        self.gateway = gateway
        self.resources = resources
        self.warnings = warnings
    }
}

extension PipelineDefinition {
    /// The gateway's store resource under the first stage (`/prod/store`), or `/store` without a stage.
    public var storePath: String { (stages.first.map { "/\($0)" } ?? "") + "/store" }
}
