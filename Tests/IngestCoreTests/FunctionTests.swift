import IngestCore
import IngestHandlers
import IngestTestSupport
import Testing

@Suite("Functions: handler resolution, settings, concurrency and runtime configuration", .timeLimit(.minutes(1)))
struct FunctionTests {
    let available = BuiltinHandlers.names

    /// An `AWS::Lambda::Function` resource as the template loader resolves it.
    func resource(name: String = "demo-user-metadata", code: JSONValue? = nil, metadataHandler: String? = nil,
                  extra: [String: JSONValue] = [:]) -> ResourceDefinition {
        var props: [String: JSONValue] = ["FunctionName": .string(name)]
        if let code { props["Code"] = code }
        for (k, v) in extra { props[k] = v }
        return ResourceDefinition(logicalId: "Fn", type: "AWS::Lambda::Function", physicalId: name, arn: Fixtures.context.functionArn(name),
                                  status: .notYetRun, properties: .object(props),
                                  metadata: metadataHandler.map { ["Ingest": ["Handler": .string($0)]] } ?? .object([:]), location: "t.yaml:12")
    }

    func define(_ r: ResourceDefinition, overrides: [String: String] = [:]) throws -> FunctionDefinition {
        try FunctionDefinition(resource: r, context: Fixtures.context, overrides: overrides, available: available)
    }

    @Test("Metadata.Ingest.Handler is used before the Code path and the function name")
    func metadataFirst() throws {
        let f = try define(resource(name: "user-metadata", code: "../../lambda/user-onboarding", metadataHandler: "sleep"))
        #expect(f.handler == "sleep")
        #expect(f.handlerSource == "metadata")
    }

    @Test("the seed's Code path ../../lambda/user-metadata maps to the built-in user-metadata by its basename")
    func codeBasename() throws {
        let f = try define(resource(name: "demo-user-metadata", code: "../../lambda/user-metadata"))
        #expect(f.handler == "user-metadata")
        #expect(f.handlerSource == "code path")
        let s3 = try define(resource(name: "x", code: ["S3Bucket": "b", "S3Key": "builds/user-onboarding.zip"]))
        #expect(s3.handler == "user-onboarding")
    }

    @Test("the function name is the last resort")
    func functionName() throws {
        let f = try define(resource(name: "user-onboarding-stream", code: "../../lambda/something-else"))
        #expect(f.handler == "user-onboarding-stream")
        #expect(f.handlerSource == "function name")
    }

    @Test("a --handler flag, the operator's explicit choice, wins over the template, by function name or logical id")
    func flagWins() throws {
        let byName = try define(resource(code: "../../lambda/user-metadata", metadataHandler: "user-metadata"), overrides: ["demo-user-metadata": "fail"])
        #expect(byName.handler == "fail")
        #expect(byName.handlerSource == "flag")
        let byLogicalId = try define(resource(code: "../../lambda/user-metadata"), overrides: ["Fn": "sleep"])
        #expect(byLogicalId.handler == "sleep")
    }

    @Test("a function no handler matches is refused with the list of available handlers")
    func refusedWithList() {
        do {
            _ = try define(resource(name: "mystery", code: "../../lambda/mystery"))
            Issue.record("expected a refusal")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("t.yaml:12: Fn: no built-in handler matches function mystery"))
            for name in ["user-metadata", "user-onboarding", "user-onboarding-stream", "fail", "sleep"] { #expect(text.contains(name)) }
        }
        #expect(throws: TemplateMappingError.self) { try define(resource(code: "../../lambda/user-metadata"), overrides: ["demo-user-metadata": "nope"]) }
    }

    @Test("Timeout, MemorySize, Environment.Variables and ReservedConcurrentExecutions are read and range-checked")
    func settings() throws {
        let f = try define(resource(code: "user-metadata", extra: [
            "Timeout": 10, "MemorySize": 256, "ReservedConcurrentExecutions": 2,
            "Environment": ["Variables": ["USER_METADATA_TABLE_NAME": "t1", "RETRIES": 3]],
        ]))
        #expect(f.timeoutSeconds == 10)
        #expect(f.memorySizeMB == 256)
        #expect(f.reservedConcurrency == 2)
        #expect(f.environment == ["USER_METADATA_TABLE_NAME": "t1", "RETRIES": "3"])
        #expect(try define(resource(code: "user-metadata")).timeoutSeconds == 3)   // the Lambda default
        #expect(throws: TemplateMappingError.self) { try define(resource(code: "user-metadata", extra: ["Timeout": 901])) }
        #expect(throws: TemplateMappingError.self) { try define(resource(code: "user-metadata", extra: ["ReservedConcurrentExecutions": -1])) }
    }

    func runtime(_ functions: [ResourceDefinition], clock: ManualClock, metrics: any MetricSink = NoMetrics()) throws -> FunctionRuntime {
        let defs = try functions.map { try FunctionDefinition(resource: $0, context: Fixtures.context, overrides: [:], available: available) }
        return try FunctionRuntime(functions: defs, handlers: BuiltinHandlers.registry, tables: TableService(definitions: [], clock: clock), logBook: LogBook(), metrics: metrics, clock: clock)
    }

    @Test("ReservedConcurrentExecutions throttles invocations beyond it, and the throttle is counted and logged")
    func reservedConcurrency() async throws {
        let clock = ManualClock()
        let metrics = MetricRecorder()
        let rt = try runtime([Fixtures.function("slow", handler: "sleep", timeout: 10, environment: ["SLEEP_MS": "1000"], reservedConcurrency: 2)],
                             clock: clock, metrics: metrics)
        let first = Task { await rt.invoke("slow", event: SQSEvent.event(records: [])) }
        let second = Task { await rt.invoke("slow", event: SQSEvent.event(records: [])) }
        try await eventually("two running") { await rt.summaries()[0].running == 2 }
        let third = await rt.invoke("slow", event: SQSEvent.event(records: []))
        #expect(third.outcome == .throttled)
        try await clock.parked(until: clock.now().adding(seconds: 1), count: 2)   // both handlers asleep
        clock.advance(seconds: 1)
        for t in [first, second] {
            let outcome = await t.value.outcome
            #expect(!outcome.isFunctionError && outcome != .throttled)
        }
        let s = await rt.summaries()[0]
        #expect(s.invocations == 2)
        #expect(s.throttles == 1)
        #expect(s.running == 0)
        let throttles = metrics.snapshot().keys(namespace: "AWS/Lambda").first { $0.name == "Throttles" }
        #expect(throttles?.dimensions == ["FunctionName": "slow"])
        #expect(rt.logBook.query(LogQuery(source: "slow", limit: 50)).contains { $0.message.hasPrefix("throttled: 2 of 2 reserved") })
    }

    @Test("the handler sees the function's name, environment and remaining time")
    func contextPassed() async throws {
        let clock = ManualClock()
        let rt = try runtime([Fixtures.function("f", handler: "fail", timeout: 7, environment: ["FAIL_PATTERN": "boom"])], clock: clock)
        let ok = await rt.invoke("f", event: SQSEvent.event(records: [SQSEvent.record(messageId: "m1", body: "fine")]))
        #expect(ok.outcome == .success(["batchItemFailures": []]))
        let bad = await rt.invoke("f", event: SQSEvent.event(records: [SQSEvent.record(messageId: "m2", body: "boom")]))
        #expect(bad.outcome == .success(["batchItemFailures": [["itemIdentifier": "m2"]]]))
        #expect(await rt.definition("f")?.timeoutSeconds == 7)
        #expect(await rt.definition(Fixtures.context.functionArn("f"))?.name == "f")
    }

    @Test("configure switches the handler and merges the environment at runtime; a bad change is refused and keeps the old one")
    func configure() async throws {
        let clock = ManualClock()
        let rt = try runtime([Fixtures.function("f", handler: "fail", environment: ["FAIL_RATIO": "1"])], clock: clock)
        let event = SQSEvent.event(records: [SQSEvent.record(messageId: "m1", body: "x")])
        #expect(await rt.invoke("f", event: event).outcome == .success(["batchItemFailures": [["itemIdentifier": "m1"]]]))
        _ = try await rt.configure("f", handler: nil, environment: ["FAIL_RATIO": "0"])
        #expect(await rt.invoke("f", event: event).outcome == .success(["batchItemFailures": []]))
        await #expect(throws: SQSError.self) { try await rt.configure("f", handler: "nope", environment: nil) }
        await #expect(throws: SQSError.self) { try await rt.configure("f", handler: nil, environment: ["FAIL_RATIO": "2"]) }
        let s = await rt.summaries()[0]
        #expect(s.handler == "fail")
        #expect(s.environment["FAIL_RATIO"] == "0")
        #expect(await rt.invoke("f", event: event).outcome == .success(["batchItemFailures": []]))
        await #expect(throws: SQSError.self) { try await rt.configure("ghost", handler: nil, environment: [:]) }
    }
}
