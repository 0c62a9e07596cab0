import Foundation
import IngestCore
import IngestStore
import IngestTestSupport
import Testing

/// An engine on a SQLite store, stopped and started again: what it reloads behaves as if it never stopped.
@Suite("Engine recovery from the store", .timeLimit(.minutes(1)))
struct EngineRecoveryTests {
    let dir: TempDir
    let clock = ManualClock()
    let t0: Timestamp
    init() throws {
        dir = try TempDir()
        t0 = clock.now()
    }

    /// `work` (visibility 30 s, retention 600 s, three receives before its DLQ) and its DLQ.
    static func definition(visibilityTimeout: Int = 30, maxReceiveCount: Int = 3) -> PipelineDefinition {
        PipelineDefinition(context: Fixtures.context, queues: [
            Fixtures.queue("dlq", retention: 1_209_600),
            Fixtures.queue("work", visibilityTimeout: visibilityTimeout, retention: 600, dlq: "dlq", maxReceiveCount: maxReceiveCount),
        ])
    }

    /// A running engine and its store.
    struct Running {
        var engine: Engine
        var store: SQLiteStore
        var recovered: Int
    }

    /// Opens the store of the data directory, builds an engine on it and restores what it holds.
    func start(_ definition: PipelineDefinition, clock: ManualClock? = nil) async throws -> Running {
        let store = try openStore(dir.path)
        let engine = try Engine(definition: definition, clock: clock ?? self.clock, store: store)
        let recovered = await engine.restore(try store.load())
        return Running(engine: engine, store: store, recovered: recovered)
    }

    func counts(_ e: Engine, _ queue: String) async throws -> (visible: Int, inFlight: Int, delayed: Int) {
        let a = try await e.queueAttributeStrings(queue)
        return (Int(a["ApproximateNumberOfMessages"]!)!, Int(a["ApproximateNumberOfMessagesNotVisible"]!)!, Int(a["ApproximateNumberOfMessagesDelayed"]!)!)
    }

    func bodies(_ e: Engine, _ queue: String) async throws -> [String] {
        try await e.deadLetters(queue: queue, limit: 1_000).messages.map(\.body).sorted()
    }

    @Test("an in-flight message stays hidden until its visibility deadline, then returns with its receive count; its handle survives")
    func inFlight() async throws {
        var r = try await start(Self.definition())
        _ = try await r.engine.send(queue: "work", SendRequest(body: "in flight"))
        _ = try await r.engine.send(queue: "work", SendRequest(body: "other"))
        let first = try await r.engine.receive(queue: "work", max: 1, visibilityTimeout: 100)
        #expect(first.map(\.body) == ["in flight"])
        clock.advance(seconds: 10)
        r.store.close()

        r = try await start(Self.definition())
        #expect(r.recovered == 2)
        #expect(try await counts(r.engine, "work") == (1, 1, 0))
        #expect(try await r.engine.receive(queue: "work", max: 10, visibilityTimeout: 1_000).map(\.body) == ["other"])
        clock.advance(millis: 89_999) // t0 + 99.999 s
        #expect(try await r.engine.receive(queue: "work", max: 10).isEmpty)
        clock.advance(millis: 1) // t0 + 100 s: the deadline
        let again = try await r.engine.receive(queue: "work", max: 10)
        #expect(again.map(\.body) == ["in flight"])
        #expect(again.first?.messageId == first.first?.messageId)
        #expect(again.first?.attributes["ApproximateReceiveCount"] == "2")
        #expect(again.first?.attributes["ApproximateFirstReceiveTimestamp"] == String(t0.millis))
        #expect(again.first?.attributes["SentTimestamp"] == String(t0.millis))
        #expect(again.first?.receiptHandle != first.first?.receiptHandle)
        r.store.close()

        // A handle from before a restart still deletes its message while that receive is current.
        r = try await start(Self.definition())
        #expect(try await counts(r.engine, "work") == (0, 2, 0))
        try await r.engine.delete(queue: "work", receiptHandle: again.first!.receiptHandle)
        #expect(try await counts(r.engine, "work") == (0, 1, 0))
        r.store.close()
        #expect(try reload(dir.path).messages["work"]?.map(\.body) == ["other"])
    }

    @Test("a delayed message keeps its delay across a restart")
    func delayed() async throws {
        var r = try await start(Self.definition())
        _ = try await r.engine.send(queue: "work", SendRequest(body: "later", delaySeconds: 120))
        clock.advance(seconds: 50)
        r.store.close()

        r = try await start(Self.definition())
        #expect(try await counts(r.engine, "work") == (0, 0, 1))
        clock.advance(millis: 69_999) // t0 + 119.999 s
        #expect(try await r.engine.receive(queue: "work", max: 10).isEmpty)
        clock.advance(millis: 1)
        let got = try await r.engine.receive(queue: "work", max: 10)
        #expect(got.map(\.body) == ["later"])
        #expect(got.first?.attributes["ApproximateReceiveCount"] == "1")
        r.store.close()
    }

    @Test("a delay that ended while the engine was down is visible at once")
    func delayEndedWhileDown() async throws {
        var r = try await start(Self.definition())
        _ = try await r.engine.send(queue: "work", SendRequest(body: "due", delaySeconds: 60))
        r.store.close()
        clock.advance(seconds: 61)
        r = try await start(Self.definition())
        #expect(try await counts(r.engine, "work") == (1, 0, 0))
        #expect(try await r.engine.receive(queue: "work", max: 10).map(\.body) == ["due"])
        r.store.close()
    }

    @Test("retention counts from the original send: the message expires at sentTimestamp + retention, and the expiry is stored")
    func retention() async throws {
        var r = try await start(Self.definition())
        _ = try await r.engine.send(queue: "work", SendRequest(body: "old"))
        clock.advance(seconds: 100)
        _ = try await r.engine.send(queue: "work", SendRequest(body: "young"))
        clock.advance(seconds: 300) // t0 + 400
        r.store.close()

        r = try await start(Self.definition())
        clock.advance(millis: 199_999) // t0 + 599.999
        #expect(try await counts(r.engine, "work").visible == 2)
        clock.advance(millis: 1) // t0 + 600: "old" expires, "young" (sent at t0 + 100) not yet
        #expect(try await counts(r.engine, "work").visible == 1)
        // A receive commits what changed, the expiry included.
        #expect(try await r.engine.receive(queue: "work", max: 10, visibilityTimeout: 0).map(\.body) == ["young"])
        r.store.close()
        #expect(try reload(dir.path).messages["work"]?.map(\.body) == ["young"])

        r = try await start(Self.definition())
        clock.advance(seconds: 100) // t0 + 700
        #expect(try await counts(r.engine, "work").visible == 0)
        r.store.close()
    }

    @Test("a message past its retention while the engine was down is dropped at start")
    func expiredWhileDown() async throws {
        var r = try await start(Self.definition())
        _ = try await r.engine.send(queue: "work", SendRequest(body: "old"))
        r.store.close()
        clock.advance(seconds: 600)
        r = try await start(Self.definition())
        #expect(try await r.engine.receive(queue: "work", max: 10).isEmpty)
        r.store.close()
        #expect(try reload(dir.path).messages["work"] == nil)
    }

    @Test("receive counts survive, so the move to the DLQ happens on the receive after maxReceiveCount, not later")
    func receiveCountsSurvive() async throws {
        var r = try await start(Self.definition(maxReceiveCount: 3))
        let sent = try await r.engine.send(queue: "work", SendRequest(body: "poison"))
        for n in 1...2 {
            let got = try await r.engine.receive(queue: "work", max: 1)
            #expect(got.first?.attributes["ApproximateReceiveCount"] == String(n))
            clock.advance(seconds: 30)
        }
        r.store.close()

        r = try await start(Self.definition(maxReceiveCount: 3))
        let third = try await r.engine.receive(queue: "work", max: 1)
        #expect(third.first?.attributes["ApproximateReceiveCount"] == "3")
        clock.advance(seconds: 30)
        // The fourth attempt finds it past maxReceiveCount: it moves to the DLQ instead of being returned.
        #expect(try await r.engine.receive(queue: "work", max: 1).isEmpty)
        #expect(try await counts(r.engine, "dlq") == (1, 0, 0))
        r.store.close()

        let s = try reload(dir.path)
        #expect(s.messages["work"] == nil)
        let dead = try #require(s.messages["dlq"]?.first)
        #expect(dead.messageId == sent.messageId)
        #expect(dead.receiveCount == 3)
        #expect(dead.sentTimestamp == t0)
        #expect(dead.deadLetterSourceArn == Fixtures.context.queueArn("work"))
        #expect(dead.failureReason?.contains("maxReceiveCount 3") == true)

        r = try await start(Self.definition(maxReceiveCount: 3))
        let fromDLQ = try await r.engine.receive(queue: "dlq", max: 1)
        #expect(fromDLQ.first?.messageId == sent.messageId)
        #expect(fromDLQ.first?.attributes["DeadLetterQueueSourceArn"] == Fixtures.context.queueArn("work"))
        #expect(fromDLQ.first?.attributes["ApproximateReceiveCount"] == "4")
        r.store.close()
    }

    @Test("a running move task resumes after a restart at its pace and finishes without losing or duplicating a message")
    func moveTaskResumes() async throws {
        let def = Self.definition(visibilityTimeout: 1, maxReceiveCount: 1)
        var r = try await start(def)
        let bodies = (1...5).map { "dead \($0)" }
        for b in bodies { _ = try await r.engine.send(queue: "work", SendRequest(body: b)) }
        while try await !r.engine.receive(queue: "work", max: 10).isEmpty {}
        clock.advance(seconds: 1)
        #expect(try await r.engine.receive(queue: "work", max: 10).isEmpty)
        #expect(try await self.bodies(r.engine, "dlq") == bodies)

        let started = clock.now()
        let handle = try #require(try await r.engine.startMoveTask(RedriveRequest(source: "dlq", maxPerSecond: 1)).taskHandle)
        // One message at once, then one a second: wait until the task sleeps, move the clock, twice.
        try await clock.parked(until: started.adding(seconds: 1))
        clock.advance(seconds: 1)
        try await clock.parked(until: started.adding(seconds: 2))
        #expect(try await r.engine.listMoveTasks(source: "dlq")[0].approximateNumberOfMessagesMoved == 2)
        // The task committed its step before it slept: stop here, as a crash would.
        r.store.close()

        let stored = try reload(dir.path)
        #expect(stored.messages["dlq"]?.count == 3)
        #expect(stored.messages["work"]?.count == 2)
        #expect(stored.moveTasks.map(\.info.status) == [.running])
        #expect(stored.moveTasks.first?.info.approximateNumberOfMessagesMoved == 2)

        // A new engine on its own clock (the old engine's task stays asleep on the old one).
        let clock2 = ManualClock(start: clock.now())
        r = try await start(def, clock: clock2)
        #expect(try await r.engine.listMoveTasks(source: "dlq")[0].status == .running)
        #expect(try await r.engine.listMoveTasks(source: "dlq")[0].taskHandle == handle)
        // It keeps its pace, counted from its start: the third message is due at started + 2 s, not at once.
        try await clock2.parked(until: started.adding(seconds: 2))
        #expect(try await r.engine.listMoveTasks(source: "dlq")[0].approximateNumberOfMessagesMoved == 2)
        clock2.advance(seconds: 1)
        try await clock2.parked(until: started.adding(seconds: 3))
        #expect(try await r.engine.listMoveTasks(source: "dlq")[0].approximateNumberOfMessagesMoved == 3)
        clock2.advance(seconds: 10)
        let done = await r.engine.waitForMoveTask(handle)
        #expect(done?.status == .completed)
        #expect(done?.approximateNumberOfMessagesMoved == 5)
        #expect(try await self.bodies(r.engine, "work") == bodies)
        #expect(try await self.bodies(r.engine, "dlq").isEmpty)
        r.store.close()

        let s = try reload(dir.path)
        #expect(s.messages["dlq"] == nil)
        #expect(s.messages["work"]?.map(\.body).sorted() == bodies)
        #expect(Set(s.messages["work"]?.map(\.messageId) ?? []).count == 5)
        #expect(s.moveTasks.map(\.info.status) == [.completed])

        // And a third start finds the finished task, not a running one.
        r = try await start(def, clock: ManualClock(start: clock2.now()))
        #expect(try await r.engine.listMoveTasks(source: "dlq")[0].status == .completed)
        #expect(try await self.bodies(r.engine, "work") == bodies)
        r.store.close()
    }

    @Test("a receipt handle from before a restart never deletes a different message sent after it")
    func staleHandleAcrossRestart() async throws {
        var r = try await start(Self.definition())
        _ = try await r.engine.send(queue: "work", SendRequest(body: "A"))
        let a = try #require(try await r.engine.receive(queue: "work", max: 1).first)
        try await r.engine.delete(queue: "work", receiptHandle: a.receiptHandle)
        r.store.close()

        r = try await start(Self.definition())
        _ = try await r.engine.send(queue: "work", SendRequest(body: "B"))
        let b = try #require(try await r.engine.receive(queue: "work", max: 1).first)
        #expect(b.receiptHandle != a.receiptHandle)
        // A late retry of A's delete (its first reply was lost in the crash) must not touch B.
        try await r.engine.delete(queue: "work", receiptHandle: a.receiptHandle)
        #expect(try await counts(r.engine, "work") == (0, 1, 0))
        r.store.close()
        #expect(try reload(dir.path).messages["work"]?.map(\.body) == ["B"])
    }

    @Test("the topic archive comes back, and entries past retention at start are dropped from the store too")
    func archive() async throws {
        let topic = TopicDefinition(logicalId: "T", name: "signups", archiveRetentionSeconds: 3_600)
        let arn = Fixtures.context.topicArn("signups")
        let def = PipelineDefinition(context: Fixtures.context, topics: [topic], queues: [Fixtures.queue("q", retention: 1_209_600)],
                                     subscriptions: [SubscriptionDefinition(logicalId: "S", topicArn: arn, protocol: "sqs",
                                                                            endpoint: Fixtures.context.queueArn("q"), rawMessageDelivery: true)])
        var r = try await start(def)
        _ = try await r.engine.publish(PublishRequest(topic: arn, message: "first"))
        clock.advance(seconds: 1_800)
        _ = try await r.engine.publish(PublishRequest(topic: arn, message: "second"))
        r.store.close()
        #expect(try reload(dir.path).archive[arn]?.map(\.message) == ["first", "second"])

        clock.advance(seconds: 2_000) // "first" is past the hour, "second" is not
        r = try await start(def)
        // In memory only "second" is left to replay...
        #expect(try await r.engine.replay(topic: arn, from: t0, to: nil).messages == 1)
        _ = try await r.engine.publish(PublishRequest(topic: arn, message: "third"))
        r.store.close()
        // ... and the store no longer keeps "first" either (it would otherwise stay forever).
        #expect(try reload(dir.path).archive[arn]?.map(\.message) == ["second", "third"])
    }
}
