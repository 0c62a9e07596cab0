import IngestCore
import IngestHandlers
import IngestTestSupport
import Testing

/// The value rules of tables, functions, event source mappings and alarms live on the typed definitions, so a
/// pipeline built in code (or, later, through the AWS API) is refused as a template would be.
@Suite("Typed definitions are validated by PipelineRuntime, however they were built")
struct DefinitionValidationTests {
    let clock = ManualClock()

    /// A pipeline of a `work` queue, a `users` table with a stream, function `f` and whatever is changed by `change`.
    func build(_ change: (inout PipelineDefinition) -> Void) throws -> PipelineRuntime {
        var d = PipelineDefinition(context: Fixtures.context, queues: [Fixtures.queue("work")])
        d.tables = [Fixtures.table("users", stream: .newAndOldImages)]
        d.functions = [Fixtures.function("f", handler: "fail", environment: ["FAIL_RATIO": "0"])]
        change(&d)
        return try PipelineRuntime(definition: d, handlers: BuiltinHandlers.registry, clock: clock)
    }

    /// The error `PipelineRuntime` refuses the changed definition with.
    func refusal(_ change: (inout PipelineDefinition) -> Void) throws -> TemplateMappingError {
        try #require(throws: TemplateMappingError.self) { _ = try build(change) }
    }

    @Test("the fixtures' tables, function and mappings are valid")
    func validFixtures() throws {
        let p = try build {
            $0.eventSourceMappings = [Fixtures.sqsMapping("Q", queue: "work", function: "f"),
                                      Fixtures.streamMapping("S", table: "users", function: "f")]
        }
        #expect(p.sqsMappings.count == 1 && p.streamMappings.count == 1)
    }

    @Test("a stream mapping starting AT_TIMESTAMP is refused")
    func streamAtTimestamp() throws {
        let error = try refusal {
            $0.eventSourceMappings = [Fixtures.streamMapping("S", table: "users", function: "f", startingPosition: .atTimestamp)]
        }
        #expect(error.description
            == "fixture:1: S: StartingPosition AT_TIMESTAMP is not supported for a DynamoDB stream; use TRIM_HORIZON or LATEST")
    }

    @Test("an SQS mapping with BatchSize 20 and no batching window is refused; with a window it runs")
    func sqsBatchAboveTen() throws {
        let error = try refusal { $0.eventSourceMappings = [Fixtures.sqsMapping("Q", queue: "work", function: "f", batchSize: 20)] }
        #expect(error.logicalId == "Q")
        #expect(error.message == "BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1")
        _ = try build { $0.eventSourceMappings = [Fixtures.sqsMapping("Q", queue: "work", function: "f", batchSize: 20, window: 1)] }
    }

    @Test("each range of a mapping is checked with the template's message")
    func mappingRanges() {
        func message(_ change: (inout EventSourceMappingDefinition) -> Void) -> String? {
            var m = Fixtures.streamMapping("S", table: "users", function: "f")
            change(&m)
            do { try m.validate(); return nil } catch { return error.message }
        }
        #expect(message { _ in } == nil)
        #expect(message { $0.batchSize = 10_001 } == "BatchSize must be a whole number from 1 to 10000, got 10001")
        #expect(message { $0.maximumBatchingWindowInSeconds = 301 }
            == "MaximumBatchingWindowInSeconds must be a whole number from 0 to 300, got 301")
        #expect(message { $0.maximumConcurrency = 1 } == "ScalingConfig.MaximumConcurrency must be between 2 and 1000")
        #expect(message { $0.startingPosition = nil } == "StartingPosition is required for a stream")
        #expect(message { $0.maximumRetryAttempts = -2 } == "MaximumRetryAttempts must be a whole number from -1 to 10000, got -2")
        #expect(message { $0.maximumRecordAgeInSeconds = 30 } == "MaximumRecordAgeInSeconds must be -1 or 60 to 604800")
        #expect(message { $0.maximumRecordAgeInSeconds = 604_801 }
            == "MaximumRecordAgeInSeconds must be a whole number from -1 to 604800, got 604801")
    }

    @Test("a function with Timeout 901 is refused; MemorySize and ReservedConcurrentExecutions are checked too")
    func functionRanges() throws {
        let error = try refusal { $0.functions = [Fixtures.function("f", handler: "fail", timeout: 901)] }
        #expect(error.description == "fixture:1: f: Timeout must be a whole number from 1 to 900, got 901")
        var f = Fixtures.function("f", handler: "fail")
        f.memorySizeMB = 64
        #expect(throws: LambdaError.invalidParameterValue("MemorySize must be a whole number from 128 to 10240, got 64")) {
            try f.validate()
        }
        let reserved = try refusal { $0.functions = [Fixtures.function("f", handler: "fail", reservedConcurrency: -1)] }
        #expect(reserved.message == "ReservedConcurrentExecutions must be a whole number ≥ 0")
    }

    @Test("a table whose key attribute is not in AttributeDefinitions is refused")
    func tableKeyNotDefined() throws {
        let error = try refusal {
            $0.tables = [TableDefinition(logicalId: "Users", name: "users", hashKey: KeyAttribute(name: "user_id", type: .s),
                                         attributeDefinitions: [KeyAttribute(name: "id", type: .s)], location: "code:3",
                                         context: Fixtures.context)]
        }
        #expect(error.description
            == "code:3: Users: ValidationException: KeySchema names user_id, which AttributeDefinitions does not define")
    }

    @Test("a table's name, attribute definitions, key schema and capacity are checked")
    func tableRules() {
        let key = KeyAttribute(name: "pk", type: .s)
        func message(_ change: (inout TableDefinition) -> Void) -> String? {
            var t = TableDefinition(name: "events", hashKey: key)
            change(&t)
            do { try t.validate(); return nil } catch { return error.message }
        }
        #expect(TableDefinition(name: "events", hashKey: key, rangeKey: KeyAttribute(name: "sk", type: .n)).attributeDefinitions
            == [key, KeyAttribute(name: "sk", type: .n)])
        #expect(message { _ in } == nil)
        #expect(message { $0.name = "a b" } == "TableName 'a b' must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'")
        #expect(message { $0.attributeDefinitions = [key, key] } == "AttributeDefinitions defines pk twice")
        #expect(message { $0.attributeDefinitions = [KeyAttribute(name: "pk", type: .n)] }
            == "KeySchema key pk is of type S, but AttributeDefinitions defines it as N")
        #expect(message { $0.rangeKey = key } == "KeySchema uses pk as both HASH and RANGE key")
        #expect(message { $0.readCapacity = 1; $0.writeCapacity = 1 }
            == "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
        #expect(message { $0.billingMode = .provisioned }
            == "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
        #expect(message { $0.billingMode = .provisioned; $0.readCapacity = 0; $0.writeCapacity = 1 }
            == "ReadCapacityUnits and WriteCapacityUnits must be at least 1")
    }

    @Test("an alarm that PutMetricAlarm would refuse is refused")
    func alarmRefused() throws {
        let error = try refusal {
            $0.alarms = [AlarmDefinition(logicalId: "Errors", name: "errors", namespace: "AWS/Lambda", metricName: "Errors",
                                         statistic: .sum, period: 7, evaluationPeriods: 1, threshold: 1,
                                         comparisonOperator: .greaterThanOrEqualToThreshold, location: "code:9")]
        }
        #expect(error.description == "code:9: Errors: alarm errors: Period must be 10, 20, 30 or a multiple of 60 seconds, got 7")
    }
}
