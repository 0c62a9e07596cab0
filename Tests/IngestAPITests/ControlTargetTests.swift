import Foundation
import IngestAPI
import IngestCore
import Testing

@Suite("Targets: paths, escaping, defaults and refusals")
struct ControlTargetTests {
    @Test func pathValuesAreEscapedAsOneSegment() throws {
        let op = DeadLettersOperation(queue: "a/b|c d", after: nil, limit: 50)
        #expect(DeadLettersOperation.target(of: try op.request()) == "/v1/queues/a%2Fb%7Cc%20d/messages?limit=50")
        let delete = DeleteMessageOperation(queue: "q", messageId: "m 1")
        #expect(DeleteMessageOperation.target(of: try delete.request()) == "/v1/queues/q/messages/m%201")
        #expect(DeleteMessageOperation.pathNames == ["queue", "id"])
    }

    @Test func queryValuesAreEscaped() throws {
        let op = GetTableItemOperation(table: "t", key: ["user_id": "auth0|a b"])
        #expect(GetTableItemOperation.target(of: try op.request()) == "/v1/tables/t/item?key=%7B%22user_id%22%3A%22auth0%7Ca%20b%22%7D")
        #expect(StatusOperation.target(of: try StatusOperation().request()) == "/v1/status")
    }

    @Test func missingValuesTakeTheRoutesDefaults() throws {
        #expect(try RoundTrip.decode(DeadLettersOperation.self, "/v1/queues/users-dlq/messages") == DeadLettersOperation(queue: "users-dlq", after: nil, limit: 50))
        #expect(try RoundTrip.decode(EventsOperation.self, "/v1/events").limit == 200)
        #expect(try RoundTrip.decode(ListMoveTasksOperation.self, "/v1/move-tasks") == ListMoveTasksOperation(source: nil, max: 10))
        #expect(try RoundTrip.decode(MetricsOperation.self, "/v1/metrics") == MetricsOperation(namespace: nil, minutes: 15))
        #expect(try RoundTrip.decode(ConsoleSnapshotOperation.self, "/v1/console/snapshot") == ConsoleSnapshotOperation(logsAfter: nil, logLimit: 2_000))
        #expect(try RoundTrip.decode(TableItemsOperation.self, "/v1/tables/t/items") == TableItemsOperation(table: "t", limit: 50, start: nil))
        #expect(try RoundTrip.decode(StreamRecordsOperation.self, "/v1/tables/t/stream").limit == 50)
        let logs = try RoundTrip.decode(LogsOperation.self, "/v1/logs")
        #expect(logs.query == LogQuery(limit: 200) && !logs.wait)
    }

    @Test func unreadableCountsFallBackAsTheyAlwaysDid() throws {
        #expect(try RoundTrip.decode(DeadLettersOperation.self, "/v1/queues/q/messages?limit=many&after=x") == DeadLettersOperation(queue: "q", after: nil, limit: 50))
    }

    @Test func badValuesAreRefused() throws {
        #expect(throws: SQSError.invalidParameterValue("bad log query")) { try RoundTrip.decode(LogsOperation.self, "/v1/logs?level=loud") }
        #expect(throws: SQSError.invalidParameterValue("bad log query")) { try RoundTrip.decode(LogsOperation.self, "/v1/logs?limit=0") }
        #expect(throws: SQSError.invalidParameterValue("bad log query")) { try RoundTrip.decode(LogsOperation.self, "/v1/logs?since=yesterday") }
        #expect(throws: SQSError.invalidParameterValue("handle is required")) { try RoundTrip.decode(WaitMoveTaskOperation.self, "/v1/move-tasks/wait") }
        #expect(throws: SQSError.invalidParameterValue("key is required")) { try RoundTrip.decode(GetTableItemOperation.self, "/v1/tables/t/item") }
        #expect(throws: SQSError.self) { try RoundTrip.decode(GetTableItemOperation.self, "/v1/tables/t/item?key=%7Bnope") }
        #expect(throws: SQSError.self) { try RoundTrip.decode(RedriveOperation.self, "/v1/redrive", body: "{\"destination\":1}") }
        #expect(throws: SQSError.self) { try RoundTrip.decode(PutTableItemOperation.self, "/v1/tables/t/item", body: "not json") }
    }

    @Test func longPollsWaitLonger() {
        #expect(LogsOperation(query: LogQuery(), wait: true).timeout == .seconds(86_400))
        #expect(LogsOperation(query: LogQuery()).timeout == .seconds(30))
        #expect(WaitMoveTaskOperation(handle: "h").timeout == .seconds(129_600))
        #expect(ConsoleSnapshotOperation(logsAfter: nil).timeout == .seconds(10))
        #expect(PurgeQueueOperation(queue: "q").timeout == .seconds(60))
    }

    @Test func logQueryLimitIsCapped() throws {
        #expect(try RoundTrip.decode(LogsOperation.self, "/v1/logs?limit=50000").query.limit == 10_000)
    }
}
