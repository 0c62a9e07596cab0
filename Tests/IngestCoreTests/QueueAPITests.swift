import IngestCore
import IngestTestSupport
import Testing

/// The engine's queue operations for the SQS API: creation from attribute strings, listing, tags, and
/// bringing back queues created at run time from the store's records.
@Suite("SQS API queue operations")
struct QueueAPITests {
    let clock = ManualClock()

    func engine(_ queues: QueueDefinition...) throws -> Engine {
        try Engine(definition: PipelineDefinition(context: Fixtures.context, queues: queues), clock: clock)
    }

    @Test("CreateQueue compares only the attributes given: equal ones return the queue, a different one is QueueNameExists")
    func createIdempotent() async throws {
        let e = try engine()
        let url = try await e.createQueue(name: "jobs", attributeStrings: ["VisibilityTimeout": "40"])
        #expect(try await e.createQueue(name: "jobs", attributeStrings: [:]) == url)
        #expect(try await e.createQueue(name: "jobs", attributeStrings: ["VisibilityTimeout": "40"]) == url)
        do { try await e.createQueue(name: "jobs", attributeStrings: ["VisibilityTimeout": "41"]); Issue.record("expected QueueNameExists") } catch {
            #expect(error.code == "QueueNameExists")
        }
        do { try await e.createQueue(name: "other", attributeStrings: ["QueueArn": "x"]); Issue.record("expected InvalidAttributeName") } catch {
            #expect(error.code == "InvalidAttributeName")
        }
        #expect(try await e.queueAttributes("jobs").visibilityTimeout == 40)
    }

    @Test("attribute strings: a RedrivePolicy as JSON text (count as a string or number), an empty one removes it")
    func redriveStrings() throws {
        let arn = Fixtures.context.queueArn("dlq")
        let a = try QueueAttributes().applying(["RedrivePolicy": #"{"deadLetterTargetArn":"\#(arn)","maxReceiveCount":"3"}"#])
        #expect(a.redrivePolicy == RedrivePolicy(deadLetterTargetArn: arn, maxReceiveCount: 3))
        #expect(try a.applying(["RedrivePolicy": ""]).redrivePolicy == nil)
        #expect(throws: SQSError.self) { try QueueAttributes().applying(["RedrivePolicy": #"{"maxReceiveCount":3}"#]) }
        #expect(throws: SQSError.self) { try QueueAttributes().applying(["VisibilityTimeout": "43201"]) }
    }

    @Test("listing by prefix, dead-letter sources, tags")
    func listingAndTags() async throws {
        let e = try engine(Fixtures.queue("dlq"), Fixtures.queue("work", dlq: "dlq"))
        try await e.createQueue(name: "work-2", attributeStrings: [:], tags: ["team": "ops"])
        #expect(await e.queueNames(prefix: "work") == ["work", "work-2"])
        #expect(try await e.deadLetterSourceQueues(of: "dlq") == ["work"])
        try await e.tagQueue("work-2", ["env": "test"])
        try await e.untagQueue("work-2", keys: ["team"])
        #expect(try await e.queueTags("work-2") == ["env": "test"])
    }

    @Test("a queue record from the store brings back a queue created at run time, and a template queue's changes")
    func restoreRecords() async throws {
        let e = try engine(Fixtures.queue("dlq"))
        var snapshot = StoreSnapshot()
        var a = QueueAttributes()
        a.visibilityTimeout = 77
        snapshot.queues = [
            QueueRecord(name: "made", attributes: a, tags: ["k": "v"], createdAt: Timestamp(millis: 1_000), fromTemplate: false),
            QueueRecord(name: "dlq", attributes: a, tags: [:], createdAt: Timestamp(millis: 1_000), fromTemplate: true),
            QueueRecord(name: "gone-template", attributes: a, tags: [:], createdAt: Timestamp(millis: 1_000), fromTemplate: true),
        ]
        await e.restore(snapshot)
        #expect(try await e.queueAttributes("made").visibilityTimeout == 77)
        #expect(try await e.queueTags("made") == ["k": "v"])
        #expect(try await e.queueAttributes("dlq").visibilityTimeout == 77)
        #expect(await e.queueNames() == ["dlq", "made"])
    }
}
