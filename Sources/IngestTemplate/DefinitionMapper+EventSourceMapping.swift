import IngestCore

extension DefinitionMapper {
    /// An `AWS::Lambda::EventSourceMapping` with AWS's defaults and ranges. Whether its function, queue or
    /// table exists is checked when the pipeline is built.
    func eventSourceMapping(_ r: ResourceDefinition) throws(TemplateMappingError) -> EventSourceMappingDefinition {
        let p = r.properties
        guard let fn = p["FunctionName"]?.stringValue else { throw r.fail("FunctionName is required") }
        let functionName = fn.hasPrefix("arn:") ? String(fn.split(separator: ":").last ?? "") : fn
        guard let src = p["EventSourceArn"]?.stringValue else { throw r.fail("EventSourceArn is required") }
        let source: EventSourceMappingDefinition.Source
        if src.contains(":sqs:") {
            source = .sqs
        } else if src.contains(":dynamodb:"), src.contains("/stream/") {
            source = .dynamodbStream
        } else {
            throw r.fail("EventSourceArn \(src) is neither an SQS queue nor a DynamoDB stream")
        }
        let defaultBatch = source == .sqs ? 10 : 100
        let batchSize = try Self.int(p["BatchSize"], default: defaultBatch, range: 1...10_000, "BatchSize", r)
        let window = try Self.int(p["MaximumBatchingWindowInSeconds"], default: 0, range: 0...300, "MaximumBatchingWindowInSeconds", r)
        if source == .sqs, batchSize > 10, window < 1 {
            throw r.fail("BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1")
        }
        var maximumConcurrency: Int?
        if let mc = p["ScalingConfig"]?["MaximumConcurrency"] {
            guard let n = mc.intValue, (2...1_000).contains(n) else {
                throw r.fail("ScalingConfig.MaximumConcurrency must be between 2 and 1000")
            }
            maximumConcurrency = n
        }
        let types = p["FunctionResponseTypes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for t in types where t != "ReportBatchItemFailures" {
            throw r.fail("FunctionResponseTypes accepts only ReportBatchItemFailures, got \(t)")
        }
        let enabled: Bool
        switch p["Enabled"] {
        case nil: enabled = true
        case .bool(let b)?: enabled = b
        case .string(let s)?: enabled = s.lowercased() != "false"
        default: throw r.fail("Enabled must be true or false")
        }
        var startingPosition: EventSourceMappingDefinition.StartingPosition?
        if let sp = p["StartingPosition"]?.stringValue {
            guard let pos = EventSourceMappingDefinition.StartingPosition(rawValue: sp) else {
                throw r.fail("StartingPosition must be TRIM_HORIZON, LATEST or AT_TIMESTAMP")
            }
            startingPosition = pos
        }
        if source == .dynamodbStream, startingPosition == nil {
            throw r.fail("StartingPosition is required for a stream")
        }
        if source == .dynamodbStream, startingPosition == .atTimestamp {
            // AWS: AT_TIMESTAMP is supported only for Kinesis, DocumentDB, MSK and self-managed Kafka.
            throw r.fail("StartingPosition AT_TIMESTAMP is not supported for a DynamoDB stream; use TRIM_HORIZON or LATEST")
        }
        let retries = try Self.int(p["MaximumRetryAttempts"], default: -1, range: -1...10_000, "MaximumRetryAttempts", r)
        let age = try Self.int(p["MaximumRecordAgeInSeconds"], default: -1, range: -1...604_800, "MaximumRecordAgeInSeconds", r)
        if age != -1, age < 60 { throw r.fail("MaximumRecordAgeInSeconds must be -1 or 60 to 604800") }
        return EventSourceMappingDefinition(
            logicalId: r.logicalId, uuid: r.physicalId, functionName: functionName, eventSourceArn: src, source: source,
            batchSize: batchSize, maximumBatchingWindowInSeconds: window, maximumConcurrency: maximumConcurrency,
            reportBatchItemFailures: types.contains("ReportBatchItemFailures"), enabled: enabled, startingPosition: startingPosition,
            startingPositionTimestamp: p["StartingPositionTimestamp"]?.doubleValue.map { Timestamp(seconds: $0) },
            maximumRetryAttempts: retries, maximumRecordAgeInSeconds: age,
            bisectBatchOnFunctionError: p["BisectBatchOnFunctionError"]?.boolValue ?? (p["BisectBatchOnFunctionError"]?.stringValue == "true"),
            onFailureDestination: p["DestinationConfig"]?["OnFailure"]?["Destination"]?.stringValue, location: r.location)
    }
}
