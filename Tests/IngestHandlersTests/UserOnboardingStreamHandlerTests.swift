import IngestCore
import IngestHandlers
import IngestTestSupport
import Testing

@Suite("user-onboarding-stream: every record, a guarded status transition")
struct UserOnboardingStreamHandlerTests {
    let bed = HandlerTestBed()
    let handler = try! UserOnboardingStreamHandler(environment: ["USER_METADATA_TABLE_NAME": HandlerTestBed.metadataTable])
    let streamArn = "arn:aws:dynamodb:us-east-1:123456789012:table/demo_user_onboarding/stream/2024-01-01T00:00:00.000"

    /// Signs users up through both workers, so both tables hold them.
    func signUp(_ users: [String], metadata: Bool = true) async throws {
        let messages = users.map { ("msg-\($0)", HandlerTestBed.body(userId: $0, email: "\($0)@example.com")) }
        if metadata {
            let m = try UserMetadataHandler(environment: [:])
            #expect(HandlerTestBed.failures(try await m.handle(HandlerTestBed.sqs(messages), context: bed.context("demo-user-metadata"))).isEmpty)
        }
        let o = try UserOnboardingHandler(environment: [:])
        #expect(HandlerTestBed.failures(try await o.handle(HandlerTestBed.sqs(messages), context: bed.context("demo-user-onboarding"))).isEmpty)
    }

    func setStatus(_ userId: String, _ status: String) async throws {
        try await bed.tables.updateItem(table: HandlerTestBed.onboardingTable, key: ["user_id": .s(userId)],
                                        update: ConditionSpec("SET #status = :s", names: ["#status": "status"], values: [":s": .s(status)]),
                                        condition: nil)
    }

    /// The onboarding table's stream records after `sequence`, as a Lambda event.
    func streamEvent(after sequence: String? = nil) async throws -> (JSONValue, [String]) {
        let records = try await bed.tables.streamRecords(table: HandlerTestBed.onboardingTable, after: sequence, limit: 1_000)
        return (.object(["Records": .array(records.map { $0.lambdaRecord(region: "us-east-1", streamArn: streamArn) })]), records.map(\.sequenceNumber))
    }

    func run(_ event: JSONValue) async throws -> JSONValue? {
        try await handler.handle(event, context: bed.context("demo-user-onboarding-stream"))
    }

    func metadataStatus(_ userId: String) async throws -> String? {
        try await bed.item(HandlerTestBed.metadataTable, userId)?["onboarding_status"]?.stringValue
    }

    /// A hand-made stream record with a given sequence number.
    func record(_ name: StreamEventName, _ userId: String, new: String?, old: String?, sequence: String) -> JSONValue {
        func image(_ status: String?) -> Item? { status.map { ["user_id": .s(userId), "status": .s($0)] } }
        var r = StreamRecord(eventName: name, keys: ["user_id": .s(userId)], newImage: image(new), oldImage: image(old),
                             viewType: .newAndOldImages, createdAt: bed.clock.now())
        r.sequenceNumber = sequence
        r.eventID = "e\(sequence)"
        return r.lambdaRecord(region: "us-east-1", streamArn: streamArn)
    }

    @Test("a status change to COMPLETED updates the metadata table")
    func completes() async throws {
        try await signUp(["u1"])
        #expect(try await metadataStatus("u1") == "PENDING")
        let before = try #require(try await bed.item(HandlerTestBed.metadataTable, "u1"))
        bed.clock.advance(seconds: 30)
        try await setStatus("u1", "COMPLETED")
        let (event, _) = try await streamEvent()
        let result = try await run(event)
        #expect(result == ["batchItemFailures": []])
        let after = try #require(try await bed.item(HandlerTestBed.metadataTable, "u1"))
        #expect(after["onboarding_status"] == .s("COMPLETED"))
        #expect(after["updated_at"] == .s(bed.clock.now().iso8601))
        #expect(after["created_at"] == before["created_at"])
    }

    @Test("the stream handler handles every record, not only the first")
    func everyRecord() async throws {
        try await signUp(["u1", "u2", "u3"])
        for u in ["u1", "u2", "u3"] { try await setStatus(u, "COMPLETED") }
        let (event, sequences) = try await streamEvent()
        #expect(sequences.count == 6) // three INSERTs, three MODIFYs
        let result = try await run(event)
        #expect(HandlerTestBed.failures(result).isEmpty)
        for u in ["u1", "u2", "u3"] { #expect(try await metadataStatus(u) == "COMPLETED") }
        let messages = bed.lines("demo-user-onboarding-stream").map(\.message)
        for u in ["u1", "u2", "u3"] {
            #expect(messages.contains("onboarding started for user \(u) (status INITIATED)"))
            #expect(messages.contains { $0.hasPrefix("onboarding of user \(u) completed") })
        }
    }

    @Test("a MODIFY that does not complete onboarding leaves the metadata table alone")
    func otherTransitions() async throws {
        try await signUp(["u1"])
        let (_, first) = try await streamEvent()
        try await setStatus("u1", "IN_PROGRESS")
        let before = try await bed.item(HandlerTestBed.metadataTable, "u1")
        bed.clock.advance(seconds: 5)
        let (event, _) = try await streamEvent(after: first.last)
        #expect(HandlerTestBed.failures(try await run(event)).isEmpty)
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u1") == before)
        // Already COMPLETED before and after (an e-mail change): no second transition.
        let again = SQSEvent.event(records: [record(.modify, "u1", new: "COMPLETED", old: "COMPLETED", sequence: "000000000000000000099")])
        #expect(HandlerTestBed.failures(try await run(again)).isEmpty)
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u1") == before)
    }

    @Test("a missing metadata row is a failure reported by SequenceNumber; the other records still apply")
    func missingMetadataRow() async throws {
        try await signUp(["u1", "u3"])
        try await signUp(["u2"], metadata: false)
        let event = SQSEvent.event(records: [
            record(.modify, "u1", new: "COMPLETED", old: "INITIATED", sequence: "000000000000000000011"),
            record(.modify, "u2", new: "COMPLETED", old: "INITIATED", sequence: "000000000000000000012"),
            record(.modify, "u3", new: "COMPLETED", old: "INITIATED", sequence: "000000000000000000013"),
        ])
        let result = try await run(event)
        #expect(HandlerTestBed.failures(result) == ["000000000000000000012"])
        #expect(try await metadataStatus("u1") == "COMPLETED")
        #expect(try await metadataStatus("u3") == "COMPLETED")
        // The condition kept the handler from creating a half-written row.
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u2") == nil)
        let errors = bed.book.query(LogQuery(minLevel: .error)).map(\.message)
        #expect(errors.count == 1)
        #expect(errors[0].contains("000000000000000000012") && errors[0].contains("u2"))
        #expect(BatchResponse.interpret(result, batchIds: ["000000000000000000011", "000000000000000000012", "000000000000000000013"])
            == .partial(["000000000000000000012"]))
    }

    @Test("a later change of an item that failed in the batch is held back and reported, keeping order")
    func sameItemAfterFailure() async throws {
        try await signUp(["u1"], metadata: false)
        try await signUp(["u2"])
        let event = SQSEvent.event(records: [
            record(.modify, "u1", new: "COMPLETED", old: "INITIATED", sequence: "000000000000000000021"),
            record(.modify, "u2", new: "COMPLETED", old: "INITIATED", sequence: "000000000000000000022"),
            record(.remove, "u1", new: nil, old: "COMPLETED", sequence: "000000000000000000023"),
        ])
        let result = try await run(event)
        #expect(HandlerTestBed.failures(result) == ["000000000000000000021", "000000000000000000023"])
        #expect(try await metadataStatus("u2") == "COMPLETED")
    }

    @Test("INSERT and REMOVE are logged and change nothing")
    func insertAndRemove() async throws {
        try await signUp(["u1"])
        let before = try await bed.item(HandlerTestBed.metadataTable, "u1")
        try await bed.tables.deleteItem(table: HandlerTestBed.onboardingTable, key: ["user_id": .s("u1")], condition: nil)
        let (event, sequences) = try await streamEvent()
        #expect(sequences.count == 2)
        #expect(HandlerTestBed.failures(try await run(event)).isEmpty)
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u1") == before)
        let messages = bed.lines("demo-user-onboarding-stream").map(\.message)
        #expect(messages.contains("onboarding started for user u1 (status INITIATED)"))
        #expect(messages.contains("onboarding record removed for user u1 (status was INITIATED)"))
    }

    @Test("an unknown eventName or a MODIFY without a new image is a reported failure")
    func malformedRecords() async throws {
        var bad = record(.modify, "u1", new: "COMPLETED", old: "INITIATED", sequence: "000000000000000000031")
        if case .object(var o) = bad { o["eventName"] = "UPSERT"; bad = .object(o) }
        let noImage = record(.modify, "u2", new: nil, old: "INITIATED", sequence: "000000000000000000032")
        let result = try await run(SQSEvent.event(records: [bad, noImage]))
        #expect(HandlerTestBed.failures(result) == ["000000000000000000031", "000000000000000000032"])
    }

    @Test("a record without a SequenceNumber fails the whole invocation")
    func noSequenceNumber() async throws {
        let event = JSONValue.object(["Records": [["eventName": "INSERT", "dynamodb": ["Keys": ["user_id": ["S": "u1"]]]]]])
        await #expect(throws: HandlerError.self) { try await run(event) }
    }

    @Test("the whole pipeline's tables: sign-up, then completion, then redelivery of the sign-up")
    func endToEnd() async throws {
        try await signUp(["u1"])
        try await setStatus("u1", "COMPLETED")
        var (event, sequences) = try await streamEvent()
        #expect(HandlerTestBed.failures(try await run(event)).isEmpty)
        // The sign-up is delivered again: the onboarding row keeps COMPLETED, so no transition and no reset.
        try await signUp(["u1"])
        (event, sequences) = try await streamEvent(after: sequences.last)
        #expect(HandlerTestBed.failures(try await run(event)).isEmpty)
        #expect(try await metadataStatus("u1") == "COMPLETED")
        #expect(try await bed.item(HandlerTestBed.onboardingTable, "u1")?["status"] == .s("COMPLETED"))
    }
}
