/// An event source mapping from a queue or a table stream to a function.
public struct EventSourceMappingDefinition: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Codable, Hashable { case sqs, dynamodbStream }
    public enum StartingPosition: String, Sendable, Codable, Hashable { case trimHorizon = "TRIM_HORIZON", latest = "LATEST", atTimestamp = "AT_TIMESTAMP" }

    public var logicalId: String
    public var uuid: String
    public var functionName: String
    public var eventSourceArn: String
    public var source: Source
    public var batchSize: Int
    public var maximumBatchingWindowInSeconds: Int
    public var maximumConcurrency: Int?
    public var reportBatchItemFailures: Bool
    public var enabled: Bool
    public var startingPosition: StartingPosition?
    public var startingPositionTimestamp: Timestamp?
    /// -1 retries until the record expires.
    public var maximumRetryAttempts: Int
    /// -1 is no limit.
    public var maximumRecordAgeInSeconds: Int
    public var bisectBatchOnFunctionError: Bool
    /// A queue (or topic) ARN that receives the metadata of discarded stream batches.
    public var onFailureDestination: String?

    /// Where the mapping was declared, `file:line`.
    public var location: String

    public init(logicalId: String, uuid: String, functionName: String, eventSourceArn: String, source: Source, batchSize: Int,
                maximumBatchingWindowInSeconds: Int = 0, maximumConcurrency: Int? = nil, reportBatchItemFailures: Bool = false,
                enabled: Bool = true, startingPosition: StartingPosition? = nil, startingPositionTimestamp: Timestamp? = nil,
                maximumRetryAttempts: Int = -1, maximumRecordAgeInSeconds: Int = -1, bisectBatchOnFunctionError: Bool = false,
                onFailureDestination: String? = nil, location: String = "") {
        self.logicalId = logicalId
        self.uuid = uuid
        self.functionName = functionName
        self.eventSourceArn = eventSourceArn
        self.source = source
        self.batchSize = batchSize
        self.maximumBatchingWindowInSeconds = maximumBatchingWindowInSeconds
        self.maximumConcurrency = maximumConcurrency
        self.reportBatchItemFailures = reportBatchItemFailures
        self.enabled = enabled
        self.startingPosition = startingPosition
        self.startingPositionTimestamp = startingPositionTimestamp
        self.maximumRetryAttempts = maximumRetryAttempts
        self.maximumRecordAgeInSeconds = maximumRecordAgeInSeconds
        self.bisectBatchOnFunctionError = bisectBatchOnFunctionError
        self.onFailureDestination = onFailureDestination
        self.location = location
    }

    /// Checks the value rules `CreateEventSourceMapping` enforces on the mapping itself: the ranges of BatchSize,
    /// MaximumBatchingWindowInSeconds, ScalingConfig.MaximumConcurrency, MaximumRetryAttempts and
    /// MaximumRecordAgeInSeconds, the batching window an SQS batch above 10 needs, and a stream's starting position.
    /// Whether the function and the source exist, and fit, is checked when the pipeline is built.
    public func validate() throws(LambdaError) {
        try LambdaError.check(batchSize, 1...10_000, "BatchSize")
        try LambdaError.check(maximumBatchingWindowInSeconds, 0...300, "MaximumBatchingWindowInSeconds")
        if source == .sqs, batchSize > 10, maximumBatchingWindowInSeconds < 1 {
            throw .invalidParameterValue("BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1")
        }
        if let maximumConcurrency, !(2...1_000).contains(maximumConcurrency) {
            throw .invalidParameterValue("ScalingConfig.MaximumConcurrency must be between 2 and 1000")
        }
        if source == .dynamodbStream {
            guard let startingPosition else { throw .invalidParameterValue("StartingPosition is required for a stream") }
            if startingPosition == .atTimestamp {
                // AWS: AT_TIMESTAMP is supported only for Kinesis, DocumentDB, MSK and self-managed Kafka.
                throw .invalidParameterValue(
                    "StartingPosition AT_TIMESTAMP is not supported for a DynamoDB stream; use TRIM_HORIZON or LATEST")
            }
        }
        try LambdaError.check(maximumRetryAttempts, -1...10_000, "MaximumRetryAttempts")
        try LambdaError.check(maximumRecordAgeInSeconds, -1...604_800, "MaximumRecordAgeInSeconds")
        if maximumRecordAgeInSeconds != -1, maximumRecordAgeInSeconds < 60 {
            throw .invalidParameterValue("MaximumRecordAgeInSeconds must be -1 or 60 to 604800")
        }
    }
}
