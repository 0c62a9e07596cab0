import IngestCore

extension DefinitionMapper {
    /// An `AWS::Lambda::EventSourceMapping` with AWS's defaults, checked by `EventSourceMappingDefinition.validate()`.
    /// Whether its function, queue or table exists is checked when the pipeline is built.
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
        let batchSize = try Self.int(p["BatchSize"], default: source == .sqs ? 10 : 100, "BatchSize", r)
        let window = try Self.int(p["MaximumBatchingWindowInSeconds"], default: 0, "MaximumBatchingWindowInSeconds", r)
        var maximumConcurrency: Int?
        if let mc = p["ScalingConfig"]?["MaximumConcurrency"] {
            guard let n = mc.intValue else { throw r.fail("ScalingConfig.MaximumConcurrency must be between 2 and 1000") }
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
        let retries = try Self.int(p["MaximumRetryAttempts"], default: -1, "MaximumRetryAttempts", r)
        let age = try Self.int(p["MaximumRecordAgeInSeconds"], default: -1, "MaximumRecordAgeInSeconds", r)
        let mapping = EventSourceMappingDefinition(
            logicalId: r.logicalId, uuid: r.physicalId, functionName: functionName, eventSourceArn: src, source: source,
            batchSize: batchSize, maximumBatchingWindowInSeconds: window, maximumConcurrency: maximumConcurrency,
            reportBatchItemFailures: types.contains("ReportBatchItemFailures"), enabled: enabled, startingPosition: startingPosition,
            startingPositionTimestamp: p["StartingPositionTimestamp"]?.doubleValue.map { Timestamp(seconds: $0) },
            maximumRetryAttempts: retries, maximumRecordAgeInSeconds: age,
            bisectBatchOnFunctionError: p["BisectBatchOnFunctionError"]?.boolValue ?? (p["BisectBatchOnFunctionError"]?.stringValue == "true"),
            onFailureDestination: p["DestinationConfig"]?["OnFailure"]?["Destination"]?.stringValue, location: r.location)
        do { try mapping.validate() } catch { throw r.fail(error.message) }
        return mapping
    }
}
