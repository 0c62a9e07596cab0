import IngestCore
import IngestTestSupport
import Testing

@Suite("Queue rules: send, delay, DLQ, retention, age, purge, batches", .timeLimit(.minutes(1)))
struct QueueRulesTests {
    let clock = ManualClock()

    func engine(_ queues: QueueDefinition...) throws -> Engine {
        try Engine(definition: PipelineDefinition(context: Fixtures.context, queues: queues), clock: clock)
    }

    func status(_ e: Engine, _ name: String) async -> QueueStatus { await e.status().queues.first { $0.name == name }! }

    @Test("maxReceiveCount outside 1...1000 is InvalidAttributeValue with the AWS text")
    func maxReceiveCountRange() throws {
        for bad in [0, -36, 1001] {
            var a = QueueAttributes()
            a.redrivePolicy = RedrivePolicy(deadLetterTargetArn: Fixtures.context.queueArn("dlq"), maxReceiveCount: bad)
            #expect(throws: SQSError.self) { try a.validate() }
            do { try a.validate() } catch {
                #expect(error.code == "InvalidAttributeValue")
                #expect(error.message.contains("Invalid value for maxReceiveCount: \(bad), valid values are from 1 to 1000 both inclusive."))
            }
        }
    }

    @Test("with maxReceiveCount 5 a message is delivered 5 times and moved by the 6th receive, not before")
    func lazyDeadLetterMove() async throws {
        let e = try engine(Fixtures.queue("dlq"), Fixtures.queue("q", visibilityTimeout: 10, dlq: "dlq", maxReceiveCount: 5))
        _ = try await e.send(queue: "q", SendRequest(body: "poison"))
        for n in 1...5 {
            let r = try await e.receive(queue: "q")
            #expect(r.count == 1)
            #expect(r[0].attributes["ApproximateReceiveCount"] == "\(n)")
            clock.advance(seconds: 10)
        }
        // Expired for the 5th time: still in the source until the next receive (the move is lazy).
        #expect(await status(e, "q").visible == 1)
        #expect(await status(e, "dlq").visible == 0)
        #expect(try await e.receive(queue: "q").isEmpty)
        #expect(await status(e, "q").visible == 0)
        #expect(await status(e, "dlq").visible == 1)
    }

    @Test("a dead letter keeps MessageId, body, attributes and SentTimestamp and gains DeadLetterQueueSourceArn")
    func deadLetterIdentity() async throws {
        let e = try engine(Fixtures.queue("dlq"), Fixtures.queue("q", visibilityTimeout: 1, dlq: "dlq", maxReceiveCount: 1))
        let sent = try await e.send(queue: "q", SendRequest(body: "b", attributes: ["a": .number("7")]))
        let first = try await e.receive(queue: "q")[0]
        clock.advance(seconds: 1)
        _ = try await e.receive(queue: "q")
        let d = try await e.receive(queue: "dlq")[0]
        #expect(d.messageId == sent.messageId)
        #expect(d.body == "b")
        #expect(d.messageAttributes["a"] == .number("7"))
        #expect(d.attributes["SentTimestamp"] == first.attributes["SentTimestamp"])
        #expect(d.attributes["DeadLetterQueueSourceArn"] == Fixtures.context.queueArn("q"))
        #expect(d.attributes["ApproximateReceiveCount"] == "2")   // continues across queues
    }

    @Test("expiry in the source is measured from the original enqueue time")
    func retentionInSource() async throws {
        let e = try engine(Fixtures.queue("q", retention: 60))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        clock.advance(seconds: 59.999)
        #expect(await status(e, "q").visible == 1)
        clock.advance(seconds: 0.001)
        #expect(await status(e, "q").visible == 0)
    }

    @Test("expiry in the DLQ is measured from the original enqueue time, not the move")
    func retentionInDLQ() async throws {
        let e = try engine(Fixtures.queue("dlq", retention: 120), Fixtures.queue("q", visibilityTimeout: 1, retention: 600, dlq: "dlq", maxReceiveCount: 1))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        _ = try await e.receive(queue: "q")
        clock.advance(seconds: 100)
        _ = try await e.receive(queue: "q")   // moves it at t=100
        #expect(await status(e, "dlq").visible == 1)
        clock.advance(seconds: 20)           // t=120: 120 s after the first enqueue
        #expect(await status(e, "dlq").visible == 0)
    }

    @Test("the age metric counts a poison pill out after its third receive")
    func ageExcludesAfterThirdReceive() async throws {
        let e = try engine(Fixtures.queue("q", visibilityTimeout: 1))
        _ = try await e.send(queue: "q", SendRequest(body: "old"))
        clock.advance(seconds: 50)
        #expect(try await e.ageOfOldestMessage("q") == 50)
        for _ in 0..<2 { _ = try await e.receive(queue: "q"); clock.advance(seconds: 1) }
        #expect(try await e.ageOfOldestMessage("q") == 52)      // received twice: still counts
        _ = try await e.receive(queue: "q")
        #expect(try await e.ageOfOldestMessage("q") == 0)       // third receive: excluded
        _ = try await e.send(queue: "q", SendRequest(body: "new"))
        clock.advance(seconds: 4)
        #expect(try await e.ageOfOldestMessage("q") == 4)
    }

    @Test("in a DLQ the age metric counts from the move")
    func ageInDLQFromMove() async throws {
        let e = try engine(Fixtures.queue("dlq"), Fixtures.queue("q", visibilityTimeout: 1, dlq: "dlq", maxReceiveCount: 1))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        _ = try await e.receive(queue: "q")
        clock.advance(seconds: 500)
        _ = try await e.receive(queue: "q")
        clock.advance(seconds: 7)
        #expect(try await e.ageOfOldestMessage("dlq") == 7)
    }

    @Test("a delayed message is hidden for its delay and counted as delayed")
    func delay() async throws {
        let e = try engine(Fixtures.queue("q", delay: 5))
        _ = try await e.send(queue: "q", SendRequest(body: "default delay"))
        _ = try await e.send(queue: "q", SendRequest(body: "no delay", delaySeconds: 0))
        #expect(await status(e, "q").delayed == 1)
        #expect(try await e.receive(queue: "q", max: 10).map(\.body) == ["no delay"])
        clock.advance(seconds: 5)
        #expect(try await e.receive(queue: "q", max: 10).map(\.body) == ["default delay"])
        await #expect(throws: SQSError.self) { try await e.send(queue: "q", SendRequest(body: "x", delaySeconds: 901)) }
    }

    @Test("body rules: empty, invalid characters and oversize bodies are refused")
    func bodyRules() async throws {
        let e = try engine(Fixtures.queue("q", maximumMessageSize: 1024))
        for (body, code) in [("", "InvalidParameterValue"), ("bad\u{1}char", "InvalidMessageContents"),
                             (String(repeating: "x", count: 1025), "InvalidParameterValue")] {
            do {
                _ = try await e.send(queue: "q", SendRequest(body: body))
                Issue.record("expected \(code)")
            } catch let error as SQSError { #expect(error.code == code) }
        }
        _ = try await e.send(queue: "q", SendRequest(body: String(repeating: "x", count: 1024)))
    }

    @Test("attribute rules: at most 10, valid names and types")
    func attributeRules() async throws {
        let e = try engine(Fixtures.queue("q"))
        var many: MessageAttributes = [:]
        for i in 0..<11 { many["a\(i)"] = .string("v") }
        for attrs: MessageAttributes in [many, ["AWS.x": .string("v")], ["a..b": .string("v")], [".a": .string("v")],
                                         ["a": .init(dataType: "Float", stringValue: "1")], ["n": .number("abc")]] {
            await #expect(throws: SQSError.self) { try await e.send(queue: "q", SendRequest(body: "x", attributes: attrs)) }
        }
        _ = try await e.send(queue: "q", SendRequest(body: "x", attributes: ["a.b": .init(dataType: "String.custom", stringValue: "v")]))
    }

    @Test("a second purge within 60 seconds is PurgeQueueInProgress")
    func purgeRule() async throws {
        let e = try engine(Fixtures.queue("q"))
        _ = try await e.send(queue: "q", SendRequest(body: "a"))
        _ = try await e.send(queue: "q", SendRequest(body: "b"))
        _ = try await e.receive(queue: "q")
        #expect(try await e.purge(queue: "q").purged == 2)   // in-flight included
        do {
            _ = try await e.purge(queue: "q")
            Issue.record("expected PurgeQueueInProgress")
        } catch let error as SQSError { #expect(error.code == "PurgeQueueInProgress") }
        clock.advance(seconds: 60)
        #expect(try await e.purge(queue: "q").purged == 0)
    }

    @Test("re-creating a queue within 60 seconds of deleting it is QueueDeletedRecently")
    func queueDeletedRecently() async throws {
        let e = try engine(Fixtures.queue("q"))
        try await e.deleteQueue("q")
        do {
            try await e.createQueue(name: "q")
            Issue.record("expected QueueDeletedRecently")
        } catch { #expect(error.code == "QueueDeletedRecently") }
        clock.advance(seconds: 60)
        try await e.createQueue(name: "q")
    }

    @Test("CreateQueue on an existing name: same attributes return it, different ones are QueueNameExists")
    func createExisting() async throws {
        let e = try engine(Fixtures.queue("q"))
        var a = QueueAttributes()
        #expect(try await e.createQueue(name: "q", attributes: a).hasSuffix("/q"))
        a.visibilityTimeout = 99
        do { try await e.createQueue(name: "q", attributes: a); Issue.record("expected QueueNameExists") } catch {
            #expect(error.code == "QueueNameExists")
        }
    }

    @Test("batches: empty, 11 entries, duplicate ids and bad ids each fail with their named error")
    func batchErrors() async throws {
        let e = try engine(Fixtures.queue("q"))
        let one = SendRequest(body: "x")
        let cases: [([BatchEntry<SendRequest>], String)] = [
            ([], "EmptyBatchRequest"),
            ((0..<11).map { BatchEntry(id: "e\($0)", payload: one) }, "TooManyEntriesInBatchRequest"),
            ([BatchEntry(id: "a", payload: one), BatchEntry(id: "a", payload: one)], "BatchEntryIdsNotDistinct"),
            ([BatchEntry(id: "bad id!", payload: one)], "InvalidBatchEntryId"),
            ([BatchEntry(id: "big", payload: SendRequest(body: String(repeating: "x", count: 600_000))),
              BatchEntry(id: "big2", payload: SendRequest(body: String(repeating: "x", count: 600_000)))], "BatchRequestTooLong"),
        ]
        for (entries, code) in cases {
            do { _ = try await e.sendBatch(queue: "q", entries); Issue.record("expected \(code)") } catch let error as SQSError {
                #expect(error.code == code)
            }
        }
    }

    @Test("a single failing batch entry is reported in Failed while the others succeed")
    func batchPartialFailure() async throws {
        let e = try engine(Fixtures.queue("q"))
        let r = try await e.sendBatch(queue: "q", [BatchEntry(id: "ok", payload: SendRequest(body: "fine")),
                                                     BatchEntry(id: "bad", payload: SendRequest(body: "\u{0}"))])
        #expect(r.successful.keys.sorted() == ["ok"])
        #expect(r.failed.map(\.id) == ["bad"])
        #expect(r.failed[0].code == "InvalidMessageContents")
        #expect(r.failed[0].senderFault)
        let d = try await e.deleteBatch(queue: "q", [BatchEntry(id: "x", payload: "nonsense")])
        #expect(d.failed.first?.code == "ReceiptHandleIsInvalid")
    }

    @Test("an unknown queue is QueueDoesNotExist")
    func unknownQueue() async throws {
        let e = try engine(Fixtures.queue("q"))
        do { _ = try await e.send(queue: "nope", SendRequest(body: "x")); Issue.record("expected an error") } catch let error as SQSError {
            #expect(error.code == "QueueDoesNotExist")
        }
    }

    @Test("RedriveAllowPolicy denyAll refuses a source at creation")
    func redriveAllowPolicy() throws {
        var dlq = Fixtures.queue("dlq")
        dlq.attributes.redriveAllowPolicy = RedriveAllowPolicy(redrivePermission: .denyAll)
        #expect(throws: SQSError.self) { try self.engine(dlq, Fixtures.queue("q", dlq: "dlq")) }
        dlq.attributes.redriveAllowPolicy = RedriveAllowPolicy(redrivePermission: .byQueue, sourceQueueArns: [Fixtures.context.queueArn("q")])
        _ = try engine(dlq, Fixtures.queue("q", dlq: "dlq"))
    }

    @Test("queue attributes report counts and timestamps in SQS's string form")
    func attributeStrings() async throws {
        let e = try engine(Fixtures.queue("dlq"), Fixtures.queue("q", dlq: "dlq"))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        let a = try await e.queueAttributeStrings("q")
        #expect(a["ApproximateNumberOfMessages"] == "1")
        #expect(a["VisibilityTimeout"] == "30")
        #expect(a["RedrivePolicy"] == "{\"deadLetterTargetArn\":\"\(Fixtures.context.queueArn("dlq"))\",\"maxReceiveCount\":5}")
        #expect(a["CreatedTimestamp"] == String(clock.now().epochSeconds))
    }
}
