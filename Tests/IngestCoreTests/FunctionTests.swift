import IngestCore
import IngestHandlers
import IngestTestSupport
import Testing

@Suite("Functions: handler resolution, settings, concurrency and runtime configuration", .timeLimit(.minutes(1)))
struct FunctionTests {
    let available = BuiltinHandlers.names

    /// A function with the handler candidates a template gives: `Metadata.Ingest.Handler`, the `Code` basename, the name.
    func function(name: String = "demo-user-metadata", metadataHandler: String? = nil, codePath: String? = nil) -> FunctionDefinition {
        var candidates: [HandlerCandidate] = []
        if let metadataHandler { candidates.append(HandlerCandidate(metadataHandler, source: "metadata")) }
        if let codePath { candidates.append(HandlerCandidate(codePath, source: "code path")) }
        candidates.append(HandlerCandidate(name, source: "function name"))
        return FunctionDefinition(logicalId: "Fn", name: name, arn: Fixtures.context.functionArn(name), handlerCandidates: candidates,
                                  location: "t.yaml:12")
    }

    func define(_ f: FunctionDefinition, overrides: [String: String] = [:]) throws -> FunctionDefinition {
        try f.resolvingHandler(overrides: overrides, available: available)
    }

    @Test("the first available candidate is chosen, in the template's order")
    func firstAvailableCandidate() throws {
        let f = try define(function(name: "user-metadata", metadataHandler: "sleep", codePath: "user-onboarding"))
        #expect(f.handler == "sleep")
        #expect(f.handlerSource == "metadata")
        let code = try define(function(name: "demo-user-metadata", codePath: "user-metadata"))
        #expect(code.handler == "user-metadata")
        #expect(code.handlerSource == "code path")
        let name = try define(function(name: "user-onboarding-stream", codePath: "something-else"))
        #expect(name.handler == "user-onboarding-stream")
        #expect(name.handlerSource == "function name")
    }

    @Test("a --handler flag, the operator's explicit choice, wins over the template, by function name or logical id")
    func flagWins() throws {
        let byName = try define(function(metadataHandler: "user-metadata", codePath: "user-metadata"), overrides: ["demo-user-metadata": "fail"])
        #expect(byName.handler == "fail")
        #expect(byName.handlerSource == "flag")
        let byLogicalId = try define(function(codePath: "user-metadata"), overrides: ["Fn": "sleep"])
        #expect(byLogicalId.handler == "sleep")
    }

    @Test("a function no handler matches is refused with the list of available handlers")
    func refusedWithList() {
        do {
            _ = try define(function(name: "mystery", codePath: "mystery"))
            Issue.record("expected a refusal")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("t.yaml:12: Fn: no built-in handler matches function mystery (tried 'mystery', 'mystery')"))
            for name in ["user-metadata", "user-onboarding", "user-onboarding-stream", "fail", "sleep"] { #expect(text.contains(name)) }
        }
        #expect(throws: TemplateMappingError.self) { try define(function(codePath: "user-metadata"), overrides: ["demo-user-metadata": "nope"]) }
    }

    func runtime(_ functions: [FunctionDefinition], clock: ManualClock, metrics: any MetricSink = NoMetrics()) throws -> FunctionRuntime {
        let defs = try functions.map { try $0.resolvingHandler(overrides: [:], available: available) }
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
