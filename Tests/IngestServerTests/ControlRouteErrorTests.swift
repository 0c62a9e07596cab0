import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestAPI
import IngestCore
import IngestTestSupport
import Testing

/// The control API's refusals in process: unknown names, unreadable bodies and read-only clients, each an
/// error status with a `{"code","message"}` body, and none of them changing the engine.
@Suite("Control routes in process: errors and read-only clients", .timeLimit(.minutes(1)))
struct ControlRouteErrorTests {
    let clock = ManualClock()

    /// What a refused request must leave as it was: the engine's status, the functions and mappings, the
    /// table and the log book.
    struct Snapshot: Equatable {
        var status: EngineStatus
        var functions: [FunctionSummary]
        var mappings: [MappingSummary]
        var items: Int
        var lastLogId: UInt64

        init(_ p: PipelineRuntime) async throws {
            status = await p.engine.status()
            functions = await p.functions.summaries()
            mappings = await p.mappingSummaries()
            items = try await p.tables.scanPage(table: "users", limit: 1_000, exclusiveStartKey: nil).count
            lastLogId = p.logBook.lastId
        }
    }

    @Test("an unknown queue is 404 QueueDoesNotExist naming it, on every queue route; the name travels escaped")
    func unknownQueue() async throws {
        let (_, app) = try ControlRoutes.app(clock: clock)
        let name = "no such/queue|x"
        try await app.test(.router) { client in
            let refusals = [
                try await client.failure(DeadLettersOperation(queue: name)),
                try await client.failure(PurgeQueueOperation(queue: name)),
                try await client.failure(DeleteMessageOperation(queue: name, messageId: "m")),
                try await client.failure(ResendMessageOperation(queue: name, messageId: "m", body: .init(body: nil, to: nil))),
                try await client.failure(RedriveOperation(body: RedriveRequest(source: name))),
                try await client.failure(ListMoveTasksOperation(source: name)),
            ]
            for (status, error) in refusals {
                #expect(status == 404)
                #expect(error.code == "QueueDoesNotExist")
                #expect(error.message == "The specified queue does not exist: \(name)")
            }
        }
    }

    @Test("an unknown table is 404 ResourceNotFoundException on every table route")
    func unknownTable() async throws {
        let (_, app) = try ControlRoutes.app(clock: clock)
        try await app.test(.router) { client in
            let refusals = [
                try await client.failure(TableItemsOperation(table: "nope")),
                try await client.failure(GetTableItemOperation(table: "nope", key: ["user_id": "auth0|ada"])),
                try await client.failure(PutTableItemOperation(table: "nope", item: ["user_id": "auth0|ada"])),
                try await client.failure(StreamRecordsOperation(table: "nope")),
            ]
            for (status, error) in refusals {
                #expect(status == 404)
                #expect(error.code == "ResourceNotFoundException")
                #expect(error.message.contains("nope"))
            }
        }
    }

    @Test("a body that is not JSON is 400 InvalidParameterValue on every route that reads one, and changes nothing")
    func malformedBody() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        let ids = try await ControlRoutes.deadLetter(p, clock: clock, ["dead"])
        let before = try await Snapshot(p)
        let targets: [(HTTPRequest.Method, String)] = [
            (.post, PublishOperation.target(of: ControlRequest())),
            (.post, RedriveOperation.target(of: ControlRequest())),
            (.post, CancelMoveTaskOperation.target(of: ControlRequest())),
            (.post, ReplayTopicOperation.target(of: ControlRequest())),
            (.post, ReplayStreamOperation.target(of: ControlRequest())),
            (.post, ConfigureFunctionOperation.target(of: ControlRequest(pathValues: ["name": "onboard"]))),
            (.post, ResendMessageOperation.target(of: ControlRequest(pathValues: ["queue": "metadata-dlq", "id": ids[0]]))),
            (.put, PutTableItemOperation.target(of: ControlRequest(pathValues: ["table": "users"]))),
        ]
        try await app.test(.router) { client in
            for (method, target) in targets {
                try await client.execute(uri: target, method: method, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: "{\"topic\":")) { r in
                    #expect(r.status == .badRequest, "\(method) \(target)")
                    let error = try JSONDecoder().decode(ControlAPI.ErrorBody.self, from: Data(buffer: r.body))
                    #expect(error.code == "InvalidParameterValue", "\(method) \(target)")
                    #expect(!error.message.isEmpty)
                }
            }
        }
        #expect(try await Snapshot(p) == before)
    }

    @Test("with x-ingest-read-only: true every POST, PUT and DELETE is 403 AccessDenied and changes nothing, while GETs answer")
    func readOnlyClient() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        let ids = try await ControlRoutes.deadLetter(p, clock: clock, ["one", "two"])
        _ = try await p.tables.put(table: "users", item: ["user_id": .s("auth0|ada")])
        // A running task, so that the refused cancel had something to cancel.
        let t0 = clock.now()
        _ = try await p.engine.startMoveTask(RedriveRequest(source: "metadata-dlq", maxPerSecond: 1))
        try await clock.parked(until: t0.adding(seconds: 1))
        let before = try await Snapshot(p)
        let changes: [any ControlOperation] = [
            PublishOperation(body: .init(topic: ControlRoutes.topic, message: "x", subject: nil)),
            PurgeQueueOperation(queue: "onboarding"),
            ResendMessageOperation(queue: ControlRoutes.dlqArn, messageId: ids[1], body: .init(body: "edited", to: nil)),
            DeleteMessageOperation(queue: ControlRoutes.dlqArn, messageId: ids[1]),
            RedriveOperation(body: RedriveRequest(source: "onboarding-dlq")),
            CancelMoveTaskOperation(body: .init(source: "metadata-dlq")),
            ReplayTopicOperation(body: .init(topic: ControlRoutes.topic, from: Timestamp(millis: 0), to: nil, subscription: nil)),
            ConfigureFunctionOperation(name: "onboard", body: .init(handler: "sleep", environment: ["A": "1"], enabled: false)),
            ReplayStreamOperation(body: .init(mapping: "OnboardingMapping", sequence: "1", time: nil)),
            PutTableItemOperation(table: "users", item: ["user_id": "auth0|bob"]),
        ]
        #expect(Set(changes.map { "\(type(of: $0).method)" }) == ["post", "put", "delete"])
        try await app.test(.router) { client in
            for op in changes {
                let (status, error) = try await client.failure(op, readOnly: true)
                #expect(status == 403, "\(type(of: op).pattern)")
                #expect(error.code == "AccessDenied", "\(type(of: op).pattern)")
            }
            #expect(try await client.reply(StatusOperation(), readOnly: true).queues.count == 5)
            #expect(try await client.reply(DeadLettersOperation(queue: ControlRoutes.dlqArn), readOnly: true).total == 1)
            #expect(try await client.reply(ListMoveTasksOperation(), readOnly: true).map(\.status) == [.running])
            #expect(try await client.reply(ListFunctionsOperation(), readOnly: true).map(\.handler) == ["fail"])
            #expect(try await client.reply(GetTableItemOperation(table: "users", key: ["user_id": "auth0|ada"]), readOnly: true)
                .plain == ["user_id": "auth0|ada"])
            #expect(try await client.reply(ConsoleSnapshotOperation(logsAfter: nil), readOnly: true).status.queues.count == 5)
        }
        #expect(try await Snapshot(p) == before)
        _ = try await p.engine.cancelMoveTask("metadata-dlq")
    }
}
