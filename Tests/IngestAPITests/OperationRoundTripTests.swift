import Foundation
import IngestAPI
import IngestCore
import Testing

@Suite("Every operation decodes as it was encoded")
struct OperationRoundTripTests {
    static let t0 = Timestamp(millis: 1_767_225_600_000)
    static let odd = "a/b|c d%e"

    @Test func engineOperations() throws {
        #expect(try RoundTrip.decoded(StatusOperation()) == StatusOperation())
        #expect(try RoundTrip.decoded(KeysOperation()) == KeysOperation())
        #expect(try RoundTrip.decoded(KeyUsageOperation()) == KeyUsageOperation())
        #expect(try RoundTrip.decoded(EventsOperation(limit: 7)) == EventsOperation(limit: 7))
        let publish = PublishOperation(body: .init(topic: "arn:aws:sns:us-east-1:000000000000:t", message: "{\"a\":1}", subject: nil))
        #expect(try RoundTrip.decoded(publish) == publish)
        #expect(try RoundTrip.decoded(ConsoleSnapshotOperation(logsAfter: 42, logLimit: 10)) == ConsoleSnapshotOperation(logsAfter: 42, logLimit: 10))
        #expect(try RoundTrip.decoded(ConsoleSnapshotOperation(logsAfter: nil)) == ConsoleSnapshotOperation(logsAfter: nil))
    }

    @Test func queueOperations() throws {
        let page = DeadLettersOperation(queue: Self.odd, after: 9, limit: 20)
        #expect(try RoundTrip.decoded(page) == page)
        #expect(try RoundTrip.decoded(PurgeQueueOperation(queue: Self.odd)) == PurgeQueueOperation(queue: Self.odd))
        let resend = ResendMessageOperation(queue: Self.odd, messageId: "m|1", body: .init(body: "edited", to: "users"))
        #expect(try RoundTrip.decoded(resend) == resend)
        let delete = DeleteMessageOperation(queue: "users-dlq", messageId: Self.odd)
        #expect(try RoundTrip.decoded(delete) == delete)
    }

    @Test func moveTaskOperations() throws {
        let redrive = RedriveOperation(body: RedriveRequest(source: "users-dlq", destination: nil, maxPerSecond: 5, messageIds: ["m1"]))
        #expect(try RoundTrip.decoded(redrive) == redrive)
        #expect(try RoundTrip.decoded(ListMoveTasksOperation(source: Self.odd, max: 3)) == ListMoveTasksOperation(source: Self.odd, max: 3))
        #expect(try RoundTrip.decoded(ListMoveTasksOperation()) == ListMoveTasksOperation())
        let cancel = CancelMoveTaskOperation(body: .init(source: "users-dlq"))
        #expect(try RoundTrip.decoded(cancel) == cancel)
        #expect(try RoundTrip.decoded(WaitMoveTaskOperation(handle: Self.odd)) == WaitMoveTaskOperation(handle: Self.odd))
        let replay = ReplayTopicOperation(body: .init(topic: "t", from: Self.t0, to: Self.t0.adding(seconds: 60), subscription: "s"))
        #expect(try RoundTrip.decoded(replay) == replay)
    }

    @Test func functionAndAlarmOperations() throws {
        #expect(try RoundTrip.decoded(ListFunctionsOperation()) == ListFunctionsOperation())
        #expect(try RoundTrip.decoded(ListMappingsOperation()) == ListMappingsOperation())
        let configure = ConfigureFunctionOperation(name: Self.odd, body: .init(handler: "h", environment: ["K": "V"], enabled: false))
        #expect(try RoundTrip.decoded(configure) == configure)
        let reset = ReplayStreamOperation(body: .init(mapping: "M", sequence: nil, time: Self.t0))
        #expect(try RoundTrip.decoded(reset) == reset)
        #expect(try RoundTrip.decoded(ListAlarmsOperation()) == ListAlarmsOperation())
        #expect(try RoundTrip.decoded(AlarmHistoryOperation(name: "High error rate")) == AlarmHistoryOperation(name: "High error rate"))
        #expect(try RoundTrip.decoded(MetricsOperation(namespace: "AWS/SQS", minutes: 5)) == MetricsOperation(namespace: "AWS/SQS", minutes: 5))
        #expect(try RoundTrip.decoded(MetricsOperation()) == MetricsOperation())
    }

    @Test func logOperations() throws {
        let query = LogQuery(source: "user-onboarding", minLevel: .warn, requestId: "r 1", since: Self.t0, contains: "a&b=c", afterId: 12, limit: 30)
        #expect(try RoundTrip.decoded(LogsOperation(query: query)) == LogsOperation(query: query))
        #expect(try RoundTrip.decoded(LogsOperation(query: query, wait: true)) == LogsOperation(query: query, wait: true))
        #expect(try RoundTrip.decoded(MessageLogsOperation(messageId: Self.odd)) == MessageLogsOperation(messageId: Self.odd))
        #expect(try RoundTrip.decoded(LastLogIdOperation()) == LastLogIdOperation())
    }

    @Test func tableOperations() throws {
        let key: JSONValue = ["user_id": ["S": "auth0|abc"]]
        #expect(try RoundTrip.decoded(ListTablesOperation()) == ListTablesOperation())
        let scan = TableItemsOperation(table: Self.odd, limit: 5, start: ["user_id": "auth0|abc"])
        #expect(try RoundTrip.decoded(scan) == scan)
        let put = PutTableItemOperation(table: "demo_user_onboarding", item: ["user_id": "u1", "status": "COMPLETED"])
        #expect(try RoundTrip.decoded(put) == put)
        #expect(try RoundTrip.decoded(GetTableItemOperation(table: Self.odd, key: key)) == GetTableItemOperation(table: Self.odd, key: key))
        #expect(try RoundTrip.decoded(StreamRecordsOperation(table: "t", limit: 3)) == StreamRecordsOperation(table: "t", limit: 3))
    }
}
