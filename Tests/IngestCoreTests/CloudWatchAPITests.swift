import IngestCore
import IngestHandlers
import IngestTestSupport
import Synchronization
import Testing

/// The engine operations behind the CloudWatch and Logs APIs: alarms put and deleted at run time (and
/// brought back from store records), metric queries, log filter patterns, and the log book as groups and streams.
@Suite("CloudWatch API engine operations")
struct CloudWatchAPITests {
    func runtime(store: any PipelineStore = MemoryStore()) throws -> (PipelineRuntime, ManualClock) {
        var d = Fixtures.seedLike()
        d.alarms = [AlarmDefinition(name: "Template", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible",
                                    dimensions: ["QueueName": "metadata-dlq"], statistic: .maximum, period: 60, evaluationPeriods: 1,
                                    threshold: 1, comparisonOperator: .greaterThanOrEqualToThreshold, context: d.context)]
        let clock = ManualClock()
        return (try PipelineRuntime(definition: d, handlers: BuiltinHandlers.registry, clock: clock, store: store), clock)
    }

    func definition(_ name: String, threshold: Double = 5, period: Int = 60) -> AlarmDefinition {
        AlarmDefinition(name: name, namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: ["QueueName": "metadata"],
                        statistic: .maximum, period: period, evaluationPeriods: 1, threshold: threshold,
                        comparisonOperator: .greaterThanOrEqualToThreshold, context: Fixtures.context)
    }

    @Test("putAlarm creates an alarm evaluated on the tick, replaces a configuration keeping the state, refuses an invalid one")
    func putAlarm() async throws {
        let (p, clock) = try runtime()
        try await p.alarms.putAlarm(definition("api"))
        #expect(await p.alarms.alarmList().map(\.definition.name) == ["Template", "api"])
        #expect(await p.alarms.alarm("api")?.state == .insufficientData)
        _ = try await p.engine.send(queue: "metadata", SendRequest(body: "x"))
        clock.advance(seconds: 120)
        await p.alarms.tick(at: MetricStore.periodStart(of: clock.now(), period: 60))
        clock.advance(seconds: 60)
        await p.alarms.tick(at: MetricStore.periodStart(of: clock.now(), period: 60))
        #expect(await p.alarms.alarm("api")?.state == .ok, "1 visible message is under the threshold of 5")
        try await p.alarms.putAlarm(definition("api", threshold: 1))
        let updated = try #require(await p.alarms.alarm("api"))
        #expect(updated.state == .ok && updated.definition.threshold == 1 && updated.history.last?.summary == "Alarm \"api\" updated")
        await #expect(throws: AlarmError.self) { try await p.alarms.putAlarm(self.definition("bad", period: 7)) }
        #expect(await p.alarms.alarm("bad") == nil)
        try await p.alarms.setState("api", to: .alarm, reason: "forced", reasonData: "{\"a\":1}")
        #expect(await p.alarms.alarm("api")?.stateReasonData == "{\"a\":1}")
    }

    @Test("deleteAlarms is all or nothing; restoreDefinitions brings back API alarms and replaces a template alarm's definition")
    func deleteAndRestore() async throws {
        let (p, clock) = try runtime()
        try await p.alarms.putAlarm(definition("a"))
        try await p.alarms.putAlarm(definition("b"))
        await #expect(throws: SQSError.self) { try await p.alarms.deleteAlarms(["a", "nope"]) }
        #expect(await p.alarms.alarmList().count == 3)
        try await p.alarms.deleteAlarms(["a", "Template"])
        #expect(await p.alarms.alarmList().map(\.definition.name) == ["b"])

        let (q, _) = try runtime()
        var replaced = definition("Template", threshold: 9)
        replaced.dimensions = ["QueueName": "metadata-dlq"]
        await q.alarms.restoreDefinitions([AlarmRecord(definition: definition("b"), createdAt: clock.now(), updatedAt: clock.now(), fromTemplate: false),
                                           AlarmRecord(definition: replaced, createdAt: clock.now(), updatedAt: clock.now(), fromTemplate: true)])
        let names = await q.alarms.alarmList().map(\.definition.name)
        #expect(names == ["Template", "b"])
        #expect(await q.alarms.alarm("Template")?.definition.threshold == 9)
    }

    @Test("a durable store receives the definition and state of a put alarm, and drops both on delete")
    func storeChanges() async throws {
        let store = RecordingStore()
        let (p, _) = try runtime(store: store)
        try await p.alarms.putAlarm(definition("api"))
        try await p.alarms.deleteAlarms(["api"])
        let kinds = store.changes.compactMap { c -> String? in
            switch c {
            case .putAlarm(let r): return "put \(r.name) \(r.fromTemplate)"
            case .alarm(let r): return "state \(r.name)"
            case .dropAlarm(let n): return "drop \(n)"
            default: return nil
            }
        }
        #expect(kinds == ["put api false", "state api", "drop api"])
    }

    @Test("metric queries: aligned datapoints in range, dimension filters, period and range validation")
    func metricQueries() throws {
        var store = MetricStore()
        let key = MetricKey(namespace: "AWS/SQS", name: "Sent", dimensions: ["QueueName": "a"])
        let t0 = Timestamp(millis: 1_767_225_600_000)
        store.record(key, value: 1, at: t0.adding(seconds: 10))
        store.record(key, value: 2, at: t0.adding(seconds: 70))
        store.record(key, value: 4, at: t0.adding(seconds: 190))
        store.record(MetricKey(namespace: "AWS/SQS", name: "Sent", dimensions: ["QueueName": "b", "Env": "x"]), value: 1, at: t0)
        store.record(MetricKey(namespace: "AWS/SNS", name: "Published", dimensions: [:]), value: 1, at: t0)
        let points = store.datapoints(key, period: 120, from: t0, to: t0.adding(seconds: 240))
        #expect(points.map(\.start) == [t0, t0.adding(seconds: 120)] && points.map(\.statistics.sum) == [3, 4])
        #expect(store.datapoints(key, period: 60, from: t0.adding(seconds: 1), to: t0.adding(seconds: 120)).map(\.statistics.sum) == [2],
                "a period starting before the range is left out")
        #expect(store.keys(namespace: "AWS/SQS", name: nil, dimensions: [DimensionFilter(name: "QueueName")]).count == 2)
        #expect(store.keys(namespace: nil, name: "Sent", dimensions: [DimensionFilter(name: "QueueName", value: "b")]).map { $0.dimensions["Env"] } == ["x"])
        #expect(store.keys(namespace: "AWS/SNS", name: nil, dimensions: []).count == 1)
        #expect(throws: MetricQueryError.self) { try MetricStore.validateQuery(period: 45, from: t0, to: t0.adding(seconds: 60)) }
        #expect(throws: MetricQueryError.self) { try MetricStore.validateQuery(period: 60, from: t0, to: t0) }
        #expect(throws: MetricQueryError.self) { try MetricStore.validateQuery(period: 60, from: t0, to: t0.adding(seconds: 86_400 * 2), maxDatapoints: 1440) }
        try MetricStore.validateQuery(period: 60, from: t0, to: t0.adding(seconds: 86_400), maxDatapoints: 1440)
        try MetricStore.validateQuery(period: 5, from: t0, to: t0.adding(seconds: 60))
    }

    @Test("filter patterns: terms, quoted phrases, ?any, -exclusions, %regex%; JSON and bracket patterns are refused")
    func filterPatterns() throws {
        let line = "ERROR [worker] request 42 failed: connection timed out"
        #expect(try LogFilterPattern("").matches(line))
        #expect(try LogFilterPattern("ERROR timed").matches(line))
        #expect(try !LogFilterPattern("error").matches(line), "terms are case-sensitive")
        #expect(try LogFilterPattern("\"connection timed out\"").matches(line))
        #expect(try !LogFilterPattern("\"timed connection\"").matches(line))
        #expect(try LogFilterPattern("?WARN ?ERROR").matches(line))
        #expect(try !LogFilterPattern("?WARN ?INFO").matches(line))
        #expect(try !LogFilterPattern("ERROR -timed").matches(line))
        #expect(try LogFilterPattern("ERROR -\"retrying now\"").matches(line))
        #expect(try LogFilterPattern("%request [0-9]+ failed%").matches(line))
        #expect(try !LogFilterPattern("%^failed%").matches(line))
        #expect(try LogFilterPattern("\"say \\\"hi\\\"\"").matches("they say \"hi\" twice"))
        for bad in ["{ $.level = \"ERROR\" }", "[ip, user]", "\"unclosed", "%(%", "ERROR -"] {
            #expect(throws: LogFilterPattern.Invalid.self, "\(bad)") { _ = try LogFilterPattern(bad) }
        }
    }

    @Test("the log book as Lambda log groups: one stream per function and UTC day, events by time, id and pattern")
    func logGroups() throws {
        let book = LogBook()
        let day0 = Timestamp(millis: 1_767_225_600_000)   // 2026-01-01T00:00:00Z
        book.append(level: .info, source: "fn", requestId: "a", message: "START one", at: day0.adding(seconds: 10))
        book.append(level: .info, source: "other", requestId: nil, message: "START other", at: day0.adding(seconds: 11))
        book.append(level: .info, source: "fn", requestId: "a", message: "END one", at: day0.adding(seconds: 12))
        book.append(level: .info, source: "fn", requestId: "b", message: "START two", at: day0.adding(seconds: 86_400 + 5))
        let streams = book.streams(function: "fn")
        #expect(streams.count == 2 && streams[0].eventCount == 2 && streams[0].name.hasPrefix("2026/01/01/[$LATEST]"))
        #expect(streams[0].name == LambdaLogGroups.streamName(function: "fn", day: streams[0].day), "names are stable")
        #expect(streams[0].name != LambdaLogGroups.streamName(function: "other", day: streams[0].day))
        #expect(LambdaLogGroups.function(ofGroup: "/aws/lambda/fn") == "fn" && LambdaLogGroups.function(ofGroup: "/aws/lambda/") == nil)
        #expect(book.events(function: "fn", limit: 10).lines.map(\.message) == ["START one", "END one", "START two"])
        #expect(book.events(function: "fn", days: [streams[1].day], limit: 10).lines.map(\.message) == ["START two"])
        #expect(book.events(function: "fn", from: day0.adding(seconds: 11), to: day0.adding(seconds: 12), limit: 10).lines.map(\.message) == ["END one"])
        #expect(try book.events(function: "fn", pattern: LogFilterPattern("START"), limit: 10).lines.count == 2)
        let newest = book.events(function: "fn", newest: true, limit: 1)
        #expect(newest.lines.map(\.message) == ["START two"] && newest.more)
        #expect(book.events(function: "fn", beforeId: newest.lines[0].id, limit: 10).lines.count == 2)
    }
}

/// Keeps every change it is given.
final class RecordingStore: PipelineStore {
    private let log = Mutex<[StoreChange]>([])
    var changes: [StoreChange] { log.withLock { $0 } }
    var recordsChanges: Bool { true }
    var storageDescription: String { "recording" }
    var encryptionDescription: String { "none" }
    func enqueue(_ changes: [StoreChange]) -> UInt64 { log.withLock { $0 += changes; return UInt64($0.count) } }
    func durable(_ ticket: UInt64) async throws {}
}
