import Foundation
import HummingbirdTesting
import IngestAPI
import IngestCore
import IngestTestSupport
import Testing

/// The control API's table, function, alarm, log and console routes in process, each request from its
/// typed operation and each reply decoded with its `Reply`.
@Suite("Control routes in process: tables, functions, alarms, logs and the console", .timeLimit(.minutes(1)))
struct ControlPipelineRouteTests {
    let clock = ManualClock()

    @Test("a plain JSON item is written, read back by a key with a | in it, and scanned a page at a time")
    func tableItems() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        let ada: JSONValue = ["user_id": "auth0|ada", "email": "ada@example.com", "verified": true]
        try await app.test(.router) { client in
            let written = try await client.reply(PutTableItemOperation(table: "users", item: ada))
            #expect(written.plain == ada)
            #expect(written.dynamodb["user_id"] == ["S": "auth0|ada"])
            let read = try await client.reply(GetTableItemOperation(table: "users", key: ["user_id": "auth0|ada"]))
            #expect(read.plain == ada)
            let missing = try await client.failure(GetTableItemOperation(table: "users", key: ["user_id": "auth0|bob"]))
            #expect(missing.status == 404)
            #expect(missing.error.code == "ResourceNotFoundException")

            for name in ["bob", "cy"] { _ = try await client.reply(PutTableItemOperation(table: "users", item: ["user_id": .string("auth0|\(name)")])) }
            let first = try await client.reply(TableItemsOperation(table: "users", limit: 2))
            #expect(first.count == 2)
            let start = try #require(first.lastEvaluatedKey)
            let rest = try await client.reply(TableItemsOperation(table: "users", limit: 2, start: start))
            #expect(rest.count == 1)
            let keys = (first.items + rest.items).compactMap { $0.plain["user_id"]?.stringValue }
            #expect(keys.sorted() == ["auth0|ada", "auth0|bob", "auth0|cy"])
        }
        #expect(try await p.tables.scanPage(table: "users", limit: 10, exclusiveStartKey: nil).count == 3)
    }

    @Test("configure switches a function's handler, adds to its environment and disables its mapping, and says so in the reply")
    func configureFunction() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        try await app.test(.router) { client in
            let listed = try await client.reply(ListFunctionsOperation())
            #expect(listed.map(\.name) == ["onboard"])
            #expect(listed.first?.handler == "fail")
            #expect(try await client.reply(ListMappingsOperation()).map(\.enabled) == [true])

            let configured = try await client.reply(ConfigureFunctionOperation(
                name: "onboard", body: .init(handler: "sleep", environment: ["SLEEP_MS": "5"], enabled: false)))
            #expect(configured.function.handler == "sleep")
            #expect(configured.function.handlerSource == "configured")
            #expect(configured.function.environment == ["FAIL_RATIO": "0", "SLEEP_MS": "5"])
            #expect(configured.mappings.map(\.logicalId) == ["OnboardingMapping"])
            #expect(configured.mappings.map(\.enabled) == [false])

            #expect(try await client.reply(ListFunctionsOperation()).first?.handler == "sleep")
            #expect(try await client.reply(ListMappingsOperation()).map(\.enabled) == [false])

            let unknownHandler = try await client.failure(ConfigureFunctionOperation(name: "onboard", body: .init(handler: "nope", environment: nil, enabled: nil)))
            #expect(unknownHandler.status == 400)
            #expect(unknownHandler.error.code == "InvalidParameterValue")
            let unknownFunction = try await client.failure(ConfigureFunctionOperation(name: "nope", body: .init(handler: nil, environment: nil, enabled: true)))
            #expect(unknownFunction.status == 404)
        }
        #expect(await p.functions.summaries().first?.handler == "sleep")
    }

    @Test("the alarm list shows the DLQ alarm's state as it changes, and its history lists the changes newest first")
    func alarms() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        try await app.test(.router) { client in
            let initial = try await client.reply(ListAlarmsOperation())
            #expect(initial.map(\.name) == ["DlqDepth"])
            #expect(initial.first?.state == .insufficientData)

            clock.advance(seconds: 60)
            await p.alarms.tick(at: clock.now())                           // 00:01, the DLQ is empty
            try await ControlRoutes.deadLetter(p, clock: clock, ["dead"])
            clock.advance(seconds: 59)
            await p.alarms.tick(at: clock.now())                           // 00:02, one dead letter

            let now = try await client.reply(ListAlarmsOperation())
            #expect(now.first?.state == .alarm)
            #expect(now.first?.value == 1)
            let history = try await client.reply(AlarmHistoryOperation(name: "DlqDepth"))
            #expect(history.filter { $0.type == .stateUpdate }.map(\.summary)
                == ["Alarm updated from OK to ALARM", "Alarm updated from INSUFFICIENT_DATA to OK"])
            let unknown = try await client.failure(AlarmHistoryOperation(name: "nope"))
            #expect(unknown.status == 404)
            #expect(unknown.error.code == "ResourceNotFoundException")
        }
    }

    @Test("a log query filters by source, level, request id and text, pages forward from a cursor, and refuses a bad level")
    func logs() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        let at = clock.now()
        let ids = [
            p.logBook.append(level: .info, source: "onboard", requestId: "r1", message: "START RequestId: r1", at: at),
            p.logBook.append(level: .error, source: "onboard", requestId: "r1", message: "Boom: user auth0|ada failed", at: at),
            p.logBook.append(level: .warn, source: "engine", requestId: nil, message: "queue metadata is filling up", at: at),
            p.logBook.append(level: .info, source: "onboard", requestId: "r2", message: "START RequestId: r2", at: at),
        ]
        try await app.test(.router) { client in
            func messages(_ q: LogQuery) async throws -> [String] { try await client.reply(LogsOperation(query: q)).map(\.message) }
            #expect(try await messages(LogQuery(source: "onboard")) == ["START RequestId: r1", "Boom: user auth0|ada failed", "START RequestId: r2"])
            #expect(try await messages(LogQuery(minLevel: .warn)) == ["Boom: user auth0|ada failed", "queue metadata is filling up"])
            #expect(try await messages(LogQuery(requestId: "r2")) == ["START RequestId: r2"])
            #expect(try await messages(LogQuery(contains: "BOOM")) == ["Boom: user auth0|ada failed"])
            #expect(try await messages(LogQuery(source: "onboard", afterId: ids[0], limit: 1)) == ["Boom: user auth0|ada failed"])
            #expect(try await messages(LogQuery(source: "onboard", afterId: ids[1])) == ["START RequestId: r2"])
            #expect(try await messages(LogQuery(limit: 2)) == ["queue metadata is filling up", "START RequestId: r2"])
            #expect(try await client.reply(LastLogIdOperation()) == ids[3])
            #expect(try await client.reply(MessageLogsOperation(messageId: "auth0|ada")).map(\.requestId) == ["r1", "r1"])

            let refused = try await client.execute(uri: "/v1/logs?level=LOUD", method: .get)
            #expect(refused.status == .badRequest)
            #expect(try JSONDecoder().decode(ControlAPI.ErrorBody.self, from: Data(buffer: refused.body)).code == "InvalidParameterValue")
        }
    }

    @Test("the console snapshot has every queue's depth and at most logLimit lines: the newest, or those after logsAfter")
    func consoleSnapshot() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        _ = try await p.engine.publish(PublishRequest(topic: ControlRoutes.topic, message: "hello"))
        let ids = (0..<5).map { p.logBook.append(level: .info, source: "engine", requestId: nil, message: "line \($0)", at: clock.now()) }
        try await app.test(.router) { client in
            let snapshot = try await client.reply(ConsoleSnapshotOperation(logsAfter: nil, logLimit: 3))
            #expect(snapshot.status.queues.map(\.name) == ["metadata", "metadata-dlq", "onboarding", "onboarding-dlq", "sns-dlq"])
            #expect(snapshot.status.queues.first { $0.name == "onboarding" }?.visible == 1)
            #expect(snapshot.logs.map(\.message) == ["line 2", "line 3", "line 4"])
            #expect(snapshot.lastLogId == ids[4])
            #expect(snapshot.functions.map(\.name) == ["onboard"])
            #expect(snapshot.mappings.map(\.logicalId) == ["OnboardingMapping"])
            #expect(snapshot.alarms.map(\.name) == ["DlqDepth"])
            #expect(snapshot.tables.map(\.name) == ["users"])

            let following = try await client.reply(ConsoleSnapshotOperation(logsAfter: ids[0], logLimit: 2))
            #expect(following.logs.map(\.id) == [ids[1], ids[2]])
        }
    }
}
