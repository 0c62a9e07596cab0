import IngestCore
import IngestHandlers
import IngestTestSupport
import Testing

@Suite("fail and sleep handlers, and the built-in registry", .timeLimit(.minutes(1)))
struct FailSleepHandlerTests {
    let bed = HandlerTestBed()

    static func event(_ count: Int, body: (Int) -> String = { _ in "{}" }) -> JSONValue {
        HandlerTestBed.sqs((0..<count).map { ("message-\($0)", body($0)) })
    }

    @Test("by default every record fails and is reported")
    func failsAll() async throws {
        let h = try FailHandler(environment: [:])
        let result = try await h.handle(Self.event(3), context: bed.context("f"))
        #expect(HandlerTestBed.failures(result) == ["message-0", "message-1", "message-2"])
        #expect(bed.book.query(LogQuery(minLevel: .error)).count == 3)
    }

    @Test("FAIL_RATIO 0 fails nothing")
    func ratioZero() async throws {
        let h = try FailHandler(environment: ["FAIL_RATIO": "0"])
        #expect(try await h.handle(Self.event(20), context: bed.context("f")) == ["batchItemFailures": []])
    }

    @Test("FAIL_RATIO fails about that share, the same messages every time")
    func ratioDeterministic() async throws {
        let h = try FailHandler(environment: ["FAIL_RATIO": "0.3"])
        let event = Self.event(1_000)
        let first = HandlerTestBed.failures(try await h.handle(event, context: bed.context("f")))
        let second = HandlerTestBed.failures(try await FailHandler(environment: ["FAIL_RATIO": "0.3"]).handle(event, context: bed.context("f")))
        #expect(first == second)
        #expect((230...370).contains(first.count), "\(first.count)")
        // A higher ratio fails a superset.
        let more = Set(HandlerTestBed.failures(try await FailHandler(environment: ["FAIL_RATIO": "0.6"]).handle(event, context: bed.context("f"))))
        #expect(Set(first).isSubset(of: more))
    }

    @Test("FAIL_PATTERN fails only records whose body contains it")
    func pattern() async throws {
        let h = try FailHandler(environment: ["FAIL_PATTERN": "poison"])
        let event = Self.event(4) { $0 % 2 == 0 ? #"{"user_id":"poison-\#($0)"}"# : #"{"user_id":"ok"}"# }
        #expect(HandlerTestBed.failures(try await h.handle(event, context: bed.context("f"))) == ["message-0", "message-2"])
    }

    @Test("FAIL_PATTERN with an explicit FAIL_RATIO fails matching records and the ratio's share of the rest")
    func patternAndRatio() async throws {
        let event = Self.event(200) { $0 < 10 ? "poison \($0)" : "fine \($0)" }
        let onlyPattern = try FailHandler(environment: ["FAIL_RATIO": "0", "FAIL_PATTERN": "poison"])
        #expect(HandlerTestBed.failures(try await onlyPattern.handle(event, context: bed.context("f"))) == (0..<10).map { "message-\($0)" })
        let both = try FailHandler(environment: ["FAIL_RATIO": "0.5", "FAIL_PATTERN": "poison"])
        let failed = HandlerTestBed.failures(try await both.handle(event, context: bed.context("f")))
        #expect(Set((0..<10).map { "message-\($0)" }).isSubset(of: Set(failed)))
        #expect((60...140).contains(failed.count), "\(failed.count)")
        #expect(try FailHandler(environment: ["FAIL_PATTERN": "x"]).ratio == 0)
        #expect(try FailHandler(environment: [:]).ratio == 1)
    }

    @Test("FAIL_MODE=throw fails the whole invocation")
    func throwMode() async throws {
        let h = try FailHandler(environment: ["FAIL_MODE": "throw"])
        await #expect(throws: HandlerError.self) { try await h.handle(Self.event(2), context: bed.context("f")) }
        let none = try FailHandler(environment: ["FAIL_MODE": "throw", "FAIL_PATTERN": "never"])
        #expect(try await none.handle(Self.event(2), context: bed.context("f")) == ["batchItemFailures": []])
    }

    @Test("the fail handler reports stream records by SequenceNumber")
    func streamRecords() async throws {
        let h = try FailHandler(environment: [:])
        let event = JSONValue.object(["Records": [["eventName": "INSERT", "dynamodb": ["SequenceNumber": "000000000000000000001"]]]])
        #expect(HandlerTestBed.failures(try await h.handle(event, context: bed.context("f"))) == ["000000000000000000001"])
    }

    @Test("bad fail settings are refused", arguments: [
        ["FAIL_RATIO": "1.5"], ["FAIL_RATIO": "-0.1"], ["FAIL_RATIO": "half"], ["FAIL_MODE": "explode"],
    ])
    func badSettings(env: [String: String]) {
        #expect(throws: HandlerError.self) { try FailHandler(environment: env) }
    }

    @Test("sleep waits SLEEP_MS on the clock, then succeeds")
    func sleeps() async throws {
        let h = try SleepHandler(environment: ["SLEEP_MS": "5000"])
        let ctx = bed.context("s")
        let task = Task { try await h.handle(Self.event(1), context: ctx) }
        while bed.clock.sleeperCount == 0 { await Task.yield() }
        bed.clock.advance(seconds: 4.999)
        #expect(bed.clock.sleeperCount == 1)
        bed.clock.advance(millis: 1)
        #expect(try await task.value == ["batchItemFailures": []])
        #expect(bed.lines("s").map(\.message) == ["slept 5000 ms"])
    }

    @Test("sleep defaults to one second and refuses a bad SLEEP_MS")
    func sleepSettings() throws {
        #expect(try SleepHandler(environment: [:]).millis == 1_000)
        #expect(throws: HandlerError.self) { try SleepHandler(environment: ["SLEEP_MS": "-1"]) }
        #expect(throws: HandlerError.self) { try SleepHandler(environment: ["SLEEP_MS": "soon"]) }
    }

    @Test("a sleep is cancelled with its invocation")
    func sleepCancelled() async throws {
        let h = try SleepHandler(environment: ["SLEEP_MS": "60000"])
        let ctx = bed.context("s")
        let task = Task { try await h.handle(Self.event(1), context: ctx) }
        while bed.clock.sleeperCount == 0 { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test("the registry makes every named handler and lists the names for an unknown one")
    func registry() throws {
        #expect(BuiltinHandlers.names == ["user-metadata", "user-onboarding", "user-onboarding-stream", "fail", "sleep"])
        for name in BuiltinHandlers.names { _ = try BuiltinHandlers.make(name, environment: [:]) }
        #expect(try BuiltinHandlers.make("user-metadata", environment: [:]) is UserMetadataHandler)
        do {
            _ = try BuiltinHandlers.make("echo", environment: [:])
            Issue.record("expected an error")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("echo"))
            for name in BuiltinHandlers.names { #expect(text.contains(name)) }
        }
        #expect(throws: HandlerError.self) { try BuiltinHandlers.make("fail", environment: ["FAIL_RATIO": "2"]) }
    }
}
