import IngestCore
import IngestHandlers
import IngestTestSupport
import Testing

@Suite("user-onboarding: a redelivery never resets the status")
struct UserOnboardingHandlerTests {
    let bed = HandlerTestBed()
    let handler = try! UserOnboardingHandler(environment: ["USER_ONBOARDING_TABLE_NAME": HandlerTestBed.onboardingTable])

    func run(_ messages: [(String, String)]) async throws -> JSONValue? {
        try await handler.handle(HandlerTestBed.sqs(messages), context: bed.context("demo-user-onboarding"))
    }

    func item(_ userId: String) async throws -> Item? { try await bed.item(HandlerTestBed.onboardingTable, userId) }

    @Test("a new user starts onboarding as INITIATED, keyed by user_id")
    func insert() async throws {
        let result = try await run([("m1", HandlerTestBed.body(userId: "u1", email: "a@example.com", username: "alice"))])
        #expect(result == ["batchItemFailures": []])
        let item = try #require(try await item("u1"))
        #expect(item["status"] == .s("INITIATED"))
        #expect(item["user_id"] == .s("u1"))
        #expect(item["username"] == .s("alice"))
        #expect(item["created_at"] == .s(bed.clock.now().iso8601))
        #expect(Set(item.keys) == ["user_id", "email", "username", "status", "created_at", "updated_at"])
        #expect(bed.lines("demo-user-onboarding").map(\.message) == ["stored onboarding record for user u1"])
    }

    @Test("a redelivery never resets onboarding status")
    func redeliveryKeepsStatus() async throws {
        let body = HandlerTestBed.body(userId: "u1", email: "a@example.com", username: "alice")
        _ = try await run([("m1", body)])
        let first = try #require(try await item("u1"))
        // The user finished onboarding; `status` is a reserved word, so the update aliases it.
        try await bed.tables.updateItem(table: HandlerTestBed.onboardingTable, key: ["user_id": .s("u1")],
                                        update: ConditionSpec("SET #status = :s", names: ["#status": "status"], values: [":s": .s("COMPLETED")]),
                                        condition: nil)
        bed.clock.advance(seconds: 61)
        let result = try await run([("m1", body)])
        #expect(HandlerTestBed.failures(result).isEmpty)
        let again = try #require(try await item("u1"))
        #expect(again["status"] == .s("COMPLETED"))
        #expect(again["created_at"] == first["created_at"])
        #expect(again["updated_at"] == .s(bed.clock.now().iso8601))
    }

    @Test("a redelivery never resets created_at")
    func redeliveryKeepsCreatedAt() async throws {
        let body = HandlerTestBed.body(userId: "u1", email: "a@example.com")
        _ = try await run([("m1", body)])
        let created = try #require(try await item("u1"))["created_at"]
        bed.clock.advance(seconds: 3_600)
        _ = try await run([("m1", body), ("m1-again", HandlerTestBed.body(userId: "u1", email: "b@example.com"))])
        let item = try #require(try await item("u1"))
        #expect(item["created_at"] == created)
        #expect(item["email"] == .s("b@example.com"))
    }

    @Test("a record without username is stored (Auth0 connections without usernames)")
    func noUsername() async throws {
        #expect(HandlerTestBed.failures(try await run([("m1", HandlerTestBed.body(userId: "sms|1", email: "s@example.com"))])).isEmpty)
        let item = try #require(try await item("sms|1"))
        #expect(item["username"] == nil)
        #expect(item["status"] == .s("INITIATED"))
    }

    @Test("a bad record is reported and the rest of the batch is stored")
    func badRecordReported() async throws {
        let result = try await run([
            ("m1", HandlerTestBed.body(userId: nil, email: "a@example.com")),
            ("m2", HandlerTestBed.body(userId: "u2", email: "b@example.com")),
            ("m3", "{not json"),
            ("m4", HandlerTestBed.body(userId: "u4", email: "d@example.com")),
        ])
        #expect(HandlerTestBed.failures(result) == ["m1", "m3"])
        #expect(try await item("u2") != nil)
        #expect(try await item("u4") != nil)
        #expect(bed.book.query(LogQuery(minLevel: .error)).count == 2)
    }

    @Test("the insert writes a stream record; a redelivery's refresh is a MODIFY that keeps the status")
    func streamRecords() async throws {
        let body = HandlerTestBed.body(userId: "u1", email: "a@example.com")
        _ = try await run([("m1", body)])
        bed.clock.advance(seconds: 1)
        _ = try await run([("m1", body)])
        let records = try await bed.tables.streamRecords(table: HandlerTestBed.onboardingTable, after: nil, limit: 10)
        #expect(records.count == 2)
        let event = records.map { $0.lambdaRecord(region: "us-east-1", streamArn: "arn") }
        #expect(event.map { $0["eventName"]?.stringValue } == ["INSERT", "MODIFY"])
        #expect(event[1]["dynamodb"]?["NewImage"]?["status"]?["S"] == "INITIATED")
        #expect(event[1]["dynamodb"]?["OldImage"]?["status"]?["S"] == "INITIATED")
    }

    @Test("the table name comes from USER_ONBOARDING_TABLE_NAME, else the seed's default")
    func tableName() throws {
        #expect(try UserOnboardingHandler(environment: [:]).tableName == "demo_user_onboarding")
        #expect(try UserOnboardingHandler(environment: ["USER_ONBOARDING_TABLE_NAME": "x_y"]).tableName == "x_y")
    }

    @Test("log lines never contain the e-mail address")
    func noEmailInLogs() async throws {
        _ = try await run([("m1", HandlerTestBed.body(userId: "u1", email: "private.person@example.com")),
                           ("m2", HandlerTestBed.body(userId: nil, email: "private.person@example.com"))])
        for line in bed.book.query(LogQuery(limit: 100)) { #expect(!line.message.contains("private.person")) }
    }
}
