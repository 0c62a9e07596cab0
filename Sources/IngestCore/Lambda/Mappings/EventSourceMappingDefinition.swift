/// An event source mapping (`AWS::Lambda::EventSourceMapping`) from a queue or a table stream to a function.
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

    /// Reads a resolved `AWS::Lambda::EventSourceMapping` with AWS's defaults and ranges.
    public init(resource r: ResourceDefinition) throws(TemplateMappingError) {
        let p = r.properties
        logicalId = r.logicalId
        uuid = r.physicalId
        guard let fn = p["FunctionName"]?.stringValue else { throw TemplateMappingError(resource: r, message: "FunctionName is required") }
        functionName = fn.hasPrefix("arn:") ? String(fn.split(separator: ":").last ?? "") : fn
        guard let src = p["EventSourceArn"]?.stringValue else { throw TemplateMappingError(resource: r, message: "EventSourceArn is required") }
        eventSourceArn = src
        if src.contains(":sqs:") {
            source = .sqs
        } else if src.contains(":dynamodb:"), src.contains("/stream/") {
            source = .dynamodbStream
        } else {
            throw TemplateMappingError(resource: r, message: "EventSourceArn \(src) is neither an SQS queue nor a DynamoDB stream")
        }
        let defaultBatch = source == .sqs ? 10 : 100
        batchSize = try FunctionDefinition.int(p["BatchSize"], default: defaultBatch, range: 1...10_000, "BatchSize", r)
        maximumBatchingWindowInSeconds = try FunctionDefinition.int(p["MaximumBatchingWindowInSeconds"], default: 0, range: 0...300, "MaximumBatchingWindowInSeconds", r)
        if source == .sqs, batchSize > 10, maximumBatchingWindowInSeconds < 1 {
            throw TemplateMappingError(resource: r, message: "BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1")
        }
        if let mc = p["ScalingConfig"]?["MaximumConcurrency"] {
            guard let n = mc.intValue, (2...1_000).contains(n) else {
                throw TemplateMappingError(resource: r, message: "ScalingConfig.MaximumConcurrency must be between 2 and 1000")
            }
            maximumConcurrency = n
        } else {
            maximumConcurrency = nil
        }
        let types = p["FunctionResponseTypes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for t in types where t != "ReportBatchItemFailures" {
            throw TemplateMappingError(resource: r, message: "FunctionResponseTypes accepts only ReportBatchItemFailures, got \(t)")
        }
        reportBatchItemFailures = types.contains("ReportBatchItemFailures")
        switch p["Enabled"] {
        case nil: enabled = true
        case .bool(let b)?: enabled = b
        case .string(let s)?: enabled = s.lowercased() != "false"
        default: throw TemplateMappingError(resource: r, message: "Enabled must be true or false")
        }
        if let sp = p["StartingPosition"]?.stringValue {
            guard let pos = StartingPosition(rawValue: sp) else { throw TemplateMappingError(resource: r, message: "StartingPosition must be TRIM_HORIZON, LATEST or AT_TIMESTAMP") }
            startingPosition = pos
        } else {
            startingPosition = nil
        }
        if source == .dynamodbStream, startingPosition == nil {
            throw TemplateMappingError(resource: r, message: "StartingPosition is required for a stream")
        }
        if source == .dynamodbStream, startingPosition == .atTimestamp {
            // AWS: AT_TIMESTAMP is supported only for Kinesis, DocumentDB, MSK and self-managed Kafka.
            throw TemplateMappingError(resource: r, message: "StartingPosition AT_TIMESTAMP is not supported for a DynamoDB stream; use TRIM_HORIZON or LATEST")
        }
        startingPositionTimestamp = p["StartingPositionTimestamp"]?.doubleValue.map { Timestamp(seconds: $0) }
        maximumRetryAttempts = try FunctionDefinition.int(p["MaximumRetryAttempts"], default: -1, range: -1...10_000, "MaximumRetryAttempts", r)
        let age = try FunctionDefinition.int(p["MaximumRecordAgeInSeconds"], default: -1, range: -1...604_800, "MaximumRecordAgeInSeconds", r)
        if age != -1, age < 60 { throw TemplateMappingError(resource: r, message: "MaximumRecordAgeInSeconds must be -1 or 60 to 604800") }
        maximumRecordAgeInSeconds = age
        bisectBatchOnFunctionError = p["BisectBatchOnFunctionError"]?.boolValue ?? (p["BisectBatchOnFunctionError"]?.stringValue == "true")
        onFailureDestination = p["DestinationConfig"]?["OnFailure"]?["Destination"]?.stringValue
    }
}
