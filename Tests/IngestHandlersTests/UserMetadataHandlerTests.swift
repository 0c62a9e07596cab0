import IngestCore
import IngestHandlers
import Synchronization
import IngestTestSupport
import Testing

/// Real tables, a manual clock and a log book, for the handler tests.
struct HandlerTestBed {
    static let metadataTable = "demo_user_metadata"
    static let onboardingTable = "demo_user_onboarding"

    let clock = ManualClock()
    let book = LogBook()
    let tables: TableService

    init() {
        tables = TableService(definitions: [
            TableDefinition(name: Self.metadataTable, hashKey: KeyAttribute(name: "user_id", type: .s)),
            TableDefinition(name: Self.onboardingTable, hashKey: KeyAttribute(name: "user_id", type: .s), streamViewType: .newAndOldImages),
        ], clock: clock)
    }

    func context(_ function: String, environment: [String: String] = [:], requestId: String = "req-1") -> InvocationContext {
        InvocationContext(functionName: function, functionArn: "arn:aws:lambda:us-east-1:123456789012:function:\(function)",
                          requestId: requestId, environment: environment, deadline: clock.now().adding(seconds: 10), memoryLimitMB: 128,
                          clock: clock, logger: book.logger(source: function, requestId: requestId, clock: clock), tables: tables)
    }

    /// An SQS event with one record per (messageId, body).
    static func sqs(_ messages: [(String, String)]) -> JSONValue {
        SQSEvent.event(records: messages.map { SQSEvent.record(messageId: $0.0, body: $0.1) })
    }

    static func body(userId: String?, email: String?, username: String? = nil, extra: [String: JSONValue] = [:]) -> String {
        var o = extra
        if let userId { o["user_id"] = .string(userId) }
        if let email { o["email"] = .string(email) }
        if let username { o["username"] = .string(username) }
        return JSONValue.object(o).serialized()
    }

    /// The messageIds a result reports as failed, in order.
    static func failures(_ result: JSONValue?) -> [String] {
        (result?["batchItemFailures"]?.arrayValue ?? []).compactMap { $0["itemIdentifier"]?.stringValue }
    }

    func item(_ table: String, _ userId: String) async throws -> Item? {
        try await tables.getItem(table: table, key: ["user_id": .s(userId)])
    }

    func lines(_ source: String) -> [LogLine] { book.query(LogQuery(source: source, limit: 1_000)) }
}

@Suite("user-metadata: idempotent, validated, per-record")
struct UserMetadataHandlerTests {
    let bed = HandlerTestBed()
    let handler = try! UserMetadataHandler(environment: ["USER_METADATA_TABLE_NAME": HandlerTestBed.metadataTable])

    func run(_ messages: [(String, String)]) async throws -> JSONValue? {
        try await handler.handle(HandlerTestBed.sqs(messages), context: bed.context("demo-user-metadata"))
    }

    @Test("user_id is stored and is the key")
    func userIdIsKey() async throws {
        let result = try await run([("m1", HandlerTestBed.body(userId: "auth0|u1", email: "jane@example.com", username: "jane"))])
        #expect(HandlerTestBed.failures(result).isEmpty)
        #expect(result == ["batchItemFailures": []])
        let item = try #require(try await bed.item(HandlerTestBed.metadataTable, "auth0|u1"))
        #expect(item["user_id"] == .s("auth0|u1"))
        #expect(item["email"] == .s("jane@example.com"))
        #expect(item["username"] == .s("jane"))
        #expect(item["onboarding_status"] == .s("PENDING"))
        #expect(item["source_message_id"] == .s("m1"))
        #expect(Set(item.keys) == ["user_id", "email", "username", "onboarding_status", "created_at", "updated_at", "source_message_id"])
    }

    @Test("INVALID_RECORDS=discard acknowledges a poison record with a warning, still reports a failed write, and stores the rest")
    func discardInvalid() async throws {
        let fixed = try UserMetadataHandler(environment: ["USER_METADATA_TABLE_NAME": HandlerTestBed.metadataTable, "INVALID_RECORDS": "discard"])
        let result = try await fixed.handle(HandlerTestBed.sqs([("bad", "not json"), ("ok", HandlerTestBed.body(userId: "u9", email: "u9@example.com"))]),
                                            context: bed.context("demo-user-metadata"))
        #expect(HandlerTestBed.failures(result).isEmpty)
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u9") != nil)
        let warning = try #require(bed.lines("demo-user-metadata").first { $0.level == .warn })
        #expect(warning.message.contains("message bad discarded (INVALID_RECORDS=discard)"))
        #expect(throws: HandlerError.self) { try UserMetadataHandler(environment: ["INVALID_RECORDS": "drop"]) }
        #expect(handler.invalidRecords == .retry)
    }

    @Test("two users with the same username do not overwrite each other")
    func sameUsername() async throws {
        _ = try await run([
            ("m1", HandlerTestBed.body(userId: "u1", email: "a@example.com", username: "sam")),
            ("m2", HandlerTestBed.body(userId: "u2", email: "b@example.com", username: "sam")),
        ])
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u1")?["email"] == .s("a@example.com"))
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u2")?["email"] == .s("b@example.com"))
    }

    @Test("a redelivery never resets created_at")
    func redeliveryKeepsCreatedAt() async throws {
        let body = HandlerTestBed.body(userId: "u1", email: "jane@example.com", username: "jane")
        _ = try await run([("m1", body)])
        let first = try #require(try await bed.item(HandlerTestBed.metadataTable, "u1"))
        // The onboarding finished in the meantime.
        try await bed.tables.updateItem(table: HandlerTestBed.metadataTable, key: ["user_id": .s("u1")],
                                        update: ConditionSpec("SET onboarding_status = :c", values: [":c": .s("COMPLETED")]), condition: nil)
        bed.clock.advance(seconds: 90)
        let result = try await run([("m1", body)])
        #expect(HandlerTestBed.failures(result).isEmpty)
        let again = try #require(try await bed.item(HandlerTestBed.metadataTable, "u1"))
        #expect(again["created_at"] == first["created_at"])
        #expect(again["onboarding_status"] == .s("COMPLETED"))
        #expect(again["updated_at"] != first["updated_at"])
        #expect(again["updated_at"] == .s(bed.clock.now().iso8601))
    }

    @Test("a later sign-up of the same user updates only email, username and updated_at")
    func laterSignUp() async throws {
        _ = try await run([("m1", HandlerTestBed.body(userId: "u1", email: "old@example.com", username: "old"))])
        let first = try #require(try await bed.item(HandlerTestBed.metadataTable, "u1"))
        bed.clock.advance(seconds: 5)
        _ = try await run([("m2", HandlerTestBed.body(userId: "u1", email: "new@example.com", username: "new"))])
        let item = try #require(try await bed.item(HandlerTestBed.metadataTable, "u1"))
        #expect(item["email"] == .s("new@example.com"))
        #expect(item["username"] == .s("new"))
        #expect(item["created_at"] == first["created_at"])
        #expect(item["source_message_id"] == .s("m1"))
        #expect(item["onboarding_status"] == .s("PENDING"))
        // A later message without a username keeps the one already stored.
        _ = try await run([("m3", HandlerTestBed.body(userId: "u1", email: "newer@example.com"))])
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u1")?["username"] == .s("new"))
    }

    @Test("a record without username is stored (Auth0 connections without usernames)")
    func noUsername() async throws {
        let result = try await run([
            ("m1", HandlerTestBed.body(userId: "google-oauth2|1", email: "g@example.com")),
            ("m2", #"{"user_id":"email|2","email":"e@example.com","username":null}"#),
            ("m3", #"{"user_id":"email|3","email":"f@example.com","username":""}"#),
        ])
        #expect(HandlerTestBed.failures(result).isEmpty)
        for id in ["google-oauth2|1", "email|2", "email|3"] {
            let item = try #require(try await bed.item(HandlerTestBed.metadataTable, id))
            #expect(item["username"] == nil)
        }
    }

    @Test("a bad record is reported and the rest of the batch is stored")
    func badRecordReported() async throws {
        let result = try await run([
            ("m1", HandlerTestBed.body(userId: "u1", email: "a@example.com")),
            ("m2", HandlerTestBed.body(userId: "u2", email: "not-an-address")),
            ("m3", HandlerTestBed.body(userId: "u3", email: "c@example.com")),
        ])
        #expect(HandlerTestBed.failures(result) == ["m2"])
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u1") != nil)
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u2") == nil)
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u3") != nil)
        let errors = bed.book.query(LogQuery(minLevel: .error))
        #expect(errors.count == 1)
        #expect(errors[0].message.contains("m2"))
        #expect(errors[0].message.contains("email"))
        // The result is one the mapping reads as a partial failure.
        #expect(BatchResponse.interpret(result, batchIds: ["m1", "m2", "m3"]) == .partial(["m2"]))
    }

    @Test("not JSON is a batch item failure, not a swallowed error")
    func notJSON() async throws {
        let result = try await run([
            ("m1", "this is not json"),
            ("m2", HandlerTestBed.body(userId: "u2", email: "b@example.com")),
            ("m3", "[1,2,3]"),
        ])
        #expect(HandlerTestBed.failures(result) == ["m1", "m3"])
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u2") != nil)
        let errors = bed.book.query(LogQuery(minLevel: .error)).map(\.message)
        #expect(errors.count == 2)
        #expect(errors[0].contains("not JSON"))
    }

    @Test("timestamps are per record, ISO-8601 UTC")
    func perRecordTimestamps() async throws {
        // A clock that moves between records, as time does in a warm container.
        let stepping = SteppingClock(start: bed.clock.now(), step: 1_234)
        let ctx = InvocationContext(functionName: "f", functionArn: "arn", requestId: "r", environment: [:], deadline: .distantFuture,
                                    memoryLimitMB: 128, clock: stepping, logger: bed.book.logger(source: "f", requestId: "r", clock: stepping),
                                    tables: bed.tables)
        _ = try await handler.handle(HandlerTestBed.sqs([
            ("m1", HandlerTestBed.body(userId: "u1", email: "a@example.com")),
            ("m2", HandlerTestBed.body(userId: "u2", email: "b@example.com")),
        ]), context: ctx)
        let a = try #require(try await bed.item(HandlerTestBed.metadataTable, "u1")?["created_at"]?.stringValue)
        let b = try #require(try await bed.item(HandlerTestBed.metadataTable, "u2")?["created_at"]?.stringValue)
        #expect(a != b)
        let ta = try #require(ISO8601.parse(a))
        let tb = try #require(ISO8601.parse(b))
        #expect(tb > ta)
        for s in [a, b] {
            // yyyy-MM-ddTHH:mm:ss.SSSZ
            #expect(s.count == 24)
            #expect(s.hasSuffix("Z"))
            #expect(Array(s)[10] == "T" && Array(s)[19] == ".")
        }
        #expect(a == ISO8601.format(ta))
        #expect(a.hasPrefix("2026-01-01T00:00:"))
    }

    @Test("validation: types, lengths and e-mail format", arguments: [
        (#"{"email":"a@example.com"}"#, "user_id is missing"),
        (#"{"user_id":42,"email":"a@example.com"}"#, "user_id must be a string"),
        (#"{"user_id":"","email":"a@example.com"}"#, "user_id is empty"),
        (#"{"user_id":"u","email":"a@example.com","username":7}"#, "username must be a string"),
        (#"{"user_id":"u"}"#, "email is missing"),
        (#"{"user_id":"u","email":["a@example.com"]}"#, "email must be a string"),
        (#"{"user_id":"u","email":"a@@example.com"}"#, "exactly one @"),
        (#"{"user_id":"u","email":"@example.com"}"#, "empty local part"),
        (#"{"user_id":"u","email":"a@localhost"}"#, "no dot"),
        (#"{"user_id":"u","email":"a b@example.com"}"#, "spaces"),
        (#"{"user_id":"u","email":"a@example..com"}"#, "empty label"),
    ])
    func validation(body: String, reason: String) async throws {
        let result = try await run([("bad", body)])
        #expect(HandlerTestBed.failures(result) == ["bad"])
        let errors = bed.book.query(LogQuery(minLevel: .error)).map(\.message)
        #expect(errors.count == 1)
        #expect(errors.first?.contains(reason) == true, "\(errors)")
    }

    @Test("lengths: 128 characters pass, 129 fail; e-mail at most 254 bytes")
    func lengths() async throws {
        let ok128 = String(repeating: "u", count: 128)
        let long129 = String(repeating: "u", count: 129)
        let local = String(repeating: "e", count: 254 - "@example.com".count)
        let result = try await run([
            ("m1", HandlerTestBed.body(userId: ok128, email: "\(local)@example.com", username: ok128)),
            ("m2", HandlerTestBed.body(userId: long129, email: "a@example.com")),
            ("m3", HandlerTestBed.body(userId: "u3", email: "e\(local)@example.com")),
            ("m4", HandlerTestBed.body(userId: "u4", email: "a@example.com", username: long129)),
        ])
        #expect(HandlerTestBed.failures(result) == ["m2", "m3", "m4"])
        #expect(try await bed.item(HandlerTestBed.metadataTable, ok128) != nil)
    }

    @Test("unknown fields are ignored and not stored")
    func unknownFields() async throws {
        let body = HandlerTestBed.body(userId: "u1", email: "a@example.com", extra: ["password": "hunter2", "plan": "pro"])
        #expect(HandlerTestBed.failures(try await run([("m1", body)])).isEmpty)
        let item = try #require(try await bed.item(HandlerTestBed.metadataTable, "u1"))
        #expect(item["password"] == nil && item["plan"] == nil)
    }

    @Test("a body in an SNS envelope (raw delivery off) is unwrapped")
    func snsEnvelope() async throws {
        let inner = HandlerTestBed.body(userId: "u1", email: "a@example.com")
        let envelope = JSONValue.object(["Type": "Notification", "MessageId": "x", "TopicArn": "arn:aws:sns:us-east-1:1:t",
                                         "Message": .string(inner)]).serialized()
        #expect(HandlerTestBed.failures(try await run([("m1", envelope)])).isEmpty)
        #expect(try await bed.item(HandlerTestBed.metadataTable, "u1") != nil)
    }

    @Test("a write that fails is reported, not swallowed")
    func writeFailure() async throws {
        let missing = try UserMetadataHandler(environment: ["USER_METADATA_TABLE_NAME": "no_such_table"])
        let result = try await missing.handle(HandlerTestBed.sqs([("m1", HandlerTestBed.body(userId: "u1", email: "a@example.com"))]),
                                              context: bed.context("demo-user-metadata"))
        #expect(HandlerTestBed.failures(result) == ["m1"])
        let errors = bed.book.query(LogQuery(minLevel: .error)).map(\.message)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("no_such_table") == true)
    }

    @Test("an event without Records fails the whole invocation")
    func noRecords() async throws {
        await #expect(throws: HandlerError.self) { try await handler.handle(["foo": 1], context: bed.context("f")) }
        let noId = SQSEvent.event(records: [["body": "{}"]])
        await #expect(throws: HandlerError.self) { try await handler.handle(noId, context: bed.context("f")) }
    }

    @Test("an empty batch is complete success")
    func emptyBatch() async throws {
        #expect(try await run([]) == ["batchItemFailures": []])
    }

    @Test("log lines never contain the e-mail address")
    func noEmailInLogs() async throws {
        _ = try await run([
            ("m1", HandlerTestBed.body(userId: "u1", email: "jane.doe@example.com", username: "jane")),
            ("m2", HandlerTestBed.body(userId: "u2", email: "john.roe@example.org x")),
            ("m3", #"{"user_id":"u3","email":"sam@example.net","username":12}"#),
        ])
        let lines = bed.book.query(LogQuery(limit: 1_000))
        #expect(lines.count == 3)
        for line in lines {
            #expect(!line.message.contains("jane.doe"))
            #expect(!line.message.contains("john.roe"))
            #expect(!line.message.contains("sam@"))
        }
        #expect(lines[0].message == "stored metadata for user u1")
        #expect(lines.allSatisfy { $0.source == "demo-user-metadata" && $0.requestId == "req-1" })
    }

    @Test("the table name comes from USER_METADATA_TABLE_NAME, else the seed's default")
    func tableName() throws {
        #expect(try UserMetadataHandler(environment: [:]).tableName == "demo_user_metadata")
        #expect(try UserMetadataHandler(environment: ["USER_METADATA_TABLE_NAME": "t2"]).tableName == "t2")
        #expect(throws: HandlerError.self) { try UserMetadataHandler(environment: ["USER_METADATA_TABLE_NAME": ""]) }
    }
}

/// A clock whose time moves forward by `step` ms every time it is read.
final class SteppingClock: EngineClock {
    let base: Timestamp
    let step: Int64
    let reads = Mutex<Int64>(0)

    init(start: Timestamp, step: Int64) {
        base = start
        self.step = step
    }

    func now() -> Timestamp {
        let n = reads.withLock { r -> Int64 in
            r += 1
            return r
        }
        return base.adding(millis: n * step)
    }

    func sleep(until deadline: Timestamp) async throws {}
}
