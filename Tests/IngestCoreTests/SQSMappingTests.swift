import IngestCore
import IngestHandlers
import IngestTestSupport
import Testing

@Suite("SQS event source mappings", .timeLimit(.minutes(1)))
struct SQSMappingTests {
    let clock = ManualClock()

    func pipeline(queueVT: Int = 30, maxReceive: Int = 5, function: FunctionDefinition, mapping: EventSourceMappingDefinition) throws -> PipelineRuntime {
        var d = PipelineDefinition(context: Fixtures.context, queues: [Fixtures.queue("dlq"),
                                                                      Fixtures.queue("work", visibilityTimeout: queueVT, dlq: "dlq", maxReceiveCount: maxReceive)])
        d.functions = [function]
        d.eventSourceMappings = [mapping]
        return try PipelineRuntime(definition: d, handlers: BuiltinHandlers.registry, clock: clock)
    }

    func depth(_ p: PipelineRuntime, _ q: String) async -> (visible: Int, inFlight: Int) {
        let s = await p.engine.status().queues.first { $0.name == q }!
        return (s.visible, s.inFlight)
    }

    @Test("a successful batch is deleted")
    func successDeletes() async throws {
        let p = try pipeline(function: Fixtures.function("f", handler: "fail", environment: ["FAIL_RATIO": "0"]),
                             mapping: Fixtures.sqsMapping("M", queue: "work", function: "f"))
        var reports = p.sqsMappings[0].batches.makeAsyncIterator()
        await p.start()
        _ = try await p.engine.send(queue: "work", SendRequest(body: "ok"))
        let r = await reports.next()
        #expect(r?.deleted == 1)
        #expect(await depth(p, "work") == (0, 0))
        await p.stop()
    }

    @Test("a batch with one bad record retries only that record")
    func partialFailure() async throws {
        let p = try pipeline(function: Fixtures.function("f", handler: "fail", environment: ["FAIL_RATIO": "0", "FAIL_PATTERN": "poison"]),
                             mapping: Fixtures.sqsMapping("M", queue: "work", function: "f", batchSize: 10, window: 1))
        var reports = p.sqsMappings[0].batches.makeAsyncIterator()
        await p.start()
        let t0 = clock.now()
        _ = try await p.engine.sendBatch(queue: "work", ["a", "poison", "c"].enumerated().map { BatchEntry(id: "e\($0.offset)", payload: SendRequest(body: $0.element)) })
        try await clock.parked(until: t0.adding(seconds: 1))
        clock.advance(seconds: 1)   // end the batching window
        let r = try #require(await reports.next())
        #expect(r.size == 3)
        #expect(r.deleted == 2)
        #expect(r.failed == 1)
        #expect(await depth(p, "work") == (0, 1))
        let left = try await p.engine.deadLetters(queue: "work").messages
        #expect(left.map(\.body) == ["poison"])
        #expect(left[0].failureReason?.contains("batchItemFailures") == true)
        await p.stop()
    }

    @Test("a message failing five times lands in the DLQ on the sixth receive")
    func fiveFailuresToDLQ() async throws {
        let p = try pipeline(queueVT: 30, function: Fixtures.function("f", handler: "fail", environment: ["FAIL_MODE": "throw"]),
                             mapping: Fixtures.sqsMapping("M", queue: "work", function: "f"))
        var reports = p.sqsMappings[0].batches.makeAsyncIterator()
        await p.start()
        _ = try await p.engine.send(queue: "work", SendRequest(body: "poison"))
        for attempt in 1...5 {
            let r = try #require(await reports.next())
            #expect(r.outcome == "error", "attempt \(attempt)")
            #expect(r.deleted == 0)
            clock.advance(seconds: 30)
        }
        try await eventually("the move to the DLQ") { await depth(p, "dlq").visible == 1 }
        let dead = try await p.engine.deadLetters(queue: "dlq").messages[0]
        #expect(dead.receiveCount == 5)
        #expect(dead.failureReason?.contains("function error") == true)
        #expect(await p.functions.summaries()[0].invocations == 5)
        await p.stop()
    }

    @Test("a function error leaves the whole batch to reappear after the queue's visibility timeout")
    func errorRetriesWholeBatch() async throws {
        let p = try pipeline(queueVT: 20, function: Fixtures.function("f", handler: "fail", environment: ["FAIL_MODE": "throw"]),
                             mapping: Fixtures.sqsMapping("M", queue: "work", function: "f", batchSize: 10, window: 1))
        var reports = p.sqsMappings[0].batches.makeAsyncIterator()
        await p.start()
        let t0 = clock.now()
        _ = try await p.engine.sendBatch(queue: "work", (0..<3).map { BatchEntry(id: "e\($0)", payload: SendRequest(body: "m\($0)")) })
        try await clock.parked(until: t0.adding(seconds: 1))
        clock.advance(seconds: 1)
        #expect(await reports.next()?.size == 3)
        #expect(await depth(p, "work") == (0, 3))
        // The visibility timeout runs from the receive at t0, so the batching window counts against it.
        clock.advance(seconds: 18.999)
        #expect(await depth(p, "work") == (0, 3))
        clock.advance(seconds: 0.001)
        // The three reappear at t0+20; the mapping takes them and waits out a new one-second window.
        try await clock.parked(until: t0.adding(seconds: 21))
        clock.advance(seconds: 1)
        #expect(await reports.next()?.size == 3)
        await p.stop()
    }

    @Test("without ReportBatchItemFailures the response body is ignored and the batch deleted")
    func responseIgnoredWithoutSetting() async throws {
        let p = try pipeline(function: Fixtures.function("f", handler: "fail", environment: ["FAIL_RATIO": "1"]),
                             mapping: Fixtures.sqsMapping("M", queue: "work", function: "f", reportBatchItemFailures: false))
        var reports = p.sqsMappings[0].batches.makeAsyncIterator()
        await p.start()
        _ = try await p.engine.send(queue: "work", SendRequest(body: "x"))
        #expect(await reports.next()?.deleted == 1)
        #expect(await depth(p, "work") == (0, 0))
        await p.stop()
    }

    @Test("the mapping batches up to BatchSize inside the batching window")
    func batchingWindow() async throws {
        let p = try pipeline(function: Fixtures.function("f", handler: "fail", environment: ["FAIL_RATIO": "0"]),
                             mapping: Fixtures.sqsMapping("M", queue: "work", function: "f", batchSize: 25, window: 5))
        var reports = p.sqsMappings[0].batches.makeAsyncIterator()
        await p.start()
        let t0 = clock.now()
        for i in 0..<30 { _ = try await p.engine.send(queue: "work", SendRequest(body: "m\(i)")) }
        #expect(await reports.next()?.size == 25)   // full before the window ends
        try await clock.parked(until: t0.adding(seconds: 5))
        clock.advance(seconds: 5)
        #expect(await reports.next()?.size == 5)    // the rest when the window ends
        await p.stop()
    }

    @Test("a throttled invocation still consumes a receive")
    func throttleConsumesReceive() async throws {
        let p = try pipeline(queueVT: 10, function: Fixtures.function("f", handler: "fail", environment: ["FAIL_RATIO": "0"], reservedConcurrency: 0),
                             mapping: Fixtures.sqsMapping("M", queue: "work", function: "f"))
        var reports = p.sqsMappings[0].batches.makeAsyncIterator()
        await p.start()
        _ = try await p.engine.send(queue: "work", SendRequest(body: "x"))
        #expect(await reports.next()?.outcome == "throttled")
        clock.advance(seconds: 10)
        #expect(await reports.next()?.outcome == "throttled")
        let m = try await p.engine.deadLetters(queue: "work").messages[0]
        #expect(m.receiveCount == 2)
        #expect(await p.functions.summaries()[0].throttles == 2)
        await p.stop()
    }

    @Test("a mapping whose queue visibility timeout is below the function timeout is refused with the AWS message")
    func visibilityBelowTimeout() throws {
        do {
            _ = try pipeline(queueVT: 30, function: Fixtures.function("f", handler: "fail", timeout: 300), mapping: Fixtures.sqsMapping("M", queue: "work", function: "f"))
            Issue.record("expected a refusal")
        } catch {
            #expect("\(error)".contains("Queue visibility timeout: 30 seconds is less than Function timeout: 300 seconds"))
        }
    }

    @Test("MaximumConcurrency caps concurrent invocations")
    func maximumConcurrency() async throws {
        let p = try pipeline(function: Fixtures.function("f", handler: "sleep", timeout: 30, environment: ["SLEEP_MS": "5000"]),
                             mapping: Fixtures.sqsMapping("M", queue: "work", function: "f", batchSize: 1, maximumConcurrency: 2))
        await p.start()
        for i in 0..<6 { _ = try await p.engine.send(queue: "work", SendRequest(body: "m\(i)")) }
        try await eventually("two invocations running") { await p.functions.summaries()[0].running == 2 }
        for _ in 0..<50 { await Task.yield() }
        #expect(await p.functions.summaries()[0].running == 2)
        #expect(await depth(p, "work").visible == 4)
        await p.stop()
    }

    @Test("an invocation that runs past the function timeout fails as a timeout")
    func timeout() async throws {
        let p = try pipeline(function: Fixtures.function("f", handler: "sleep", timeout: 2, environment: ["SLEEP_MS": "5000"]),
                             mapping: Fixtures.sqsMapping("M", queue: "work", function: "f"))
        var reports = p.sqsMappings[0].batches.makeAsyncIterator()
        await p.start()
        let t0 = clock.now()
        _ = try await p.engine.send(queue: "work", SendRequest(body: "slow"))
        try await clock.parked(until: t0.adding(seconds: 2))
        clock.advance(seconds: 2)
        #expect(await reports.next()?.outcome == "timeout")
        #expect(await p.functions.summaries()[0].timeouts == 1)
        let lines = p.logBook.query(LogQuery(source: "f", limit: 100)).map(\.message)
        #expect(lines.contains { $0.hasPrefix("START RequestId:") })
        #expect(lines.contains { $0.contains("Task timed out after 2.00 seconds") })
        #expect(lines.contains { $0.hasPrefix("REPORT RequestId:") && $0.contains("Status: timeout") })
        await p.stop()
    }

    @Test("a disabled mapping does not poll until enabled")
    func disabled() async throws {
        let p = try pipeline(function: Fixtures.function("f", handler: "fail", environment: ["FAIL_RATIO": "0"]),
                             mapping: Fixtures.sqsMapping("M", queue: "work", function: "f", enabled: false))
        var reports = p.sqsMappings[0].batches.makeAsyncIterator()
        await p.start()
        _ = try await p.engine.send(queue: "work", SendRequest(body: "x"))
        for _ in 0..<100 { await Task.yield() }
        #expect(await depth(p, "work") == (1, 0))
        _ = try await p.configureFunction("f", handler: nil, environment: nil, enabled: true)
        #expect(await reports.next()?.deleted == 1)
        await p.stop()
    }
}
