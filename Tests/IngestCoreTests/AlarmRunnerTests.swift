import IngestCore
import IngestHandlers
import IngestTestSupport
import Testing

/// The alarm runner over a real engine, table service and function runtime on a manual clock. Most tests
/// call `tick(at:)` at each minute boundary themselves (the runner's loop is not started, so nothing sleeps
/// on the clock); one drives the loop through the clock.
@Suite("Alarm runner: sampling, evaluation and notifications", .timeLimit(.minutes(1)))
struct AlarmRunnerTests {
    let clock = ManualClock()   // 2026-01-01T00:00:00Z, on a minute boundary
    static let alarmTopic = Fixtures.context.topicArn("alarms")
    static let missingTopic = Fixtures.context.topicArn("no-such-topic")

    /// An alarm on one metric, `>=` its threshold.
    static func alarm(_ name: String, namespace: String = "AWS/SQS", metric: String = "ApproximateNumberOfMessagesVisible",
                      dimensions: [String: String] = ["QueueName": "dlq"], statistic: Statistic = .maximum, period: Int = 60,
                      evaluationPeriods: Int = 1, threshold: Double = 1, treatMissingData: TreatMissingData = .notBreaching,
                      alarmActions: [String] = [], okActions: [String] = []) -> AlarmDefinition {
        AlarmDefinition(logicalId: name, name: name, description: "test alarm", namespace: namespace, metricName: metric,
                        dimensions: dimensions, statistic: statistic, period: period, evaluationPeriods: evaluationPeriods,
                        threshold: threshold, comparisonOperator: .greaterThanOrEqualToThreshold, treatMissingData: treatMissingData,
                        alarmActions: alarmActions, okActions: okActions, context: Fixtures.context)
    }

    /// Queues `work` (with DLQ `dlq`) and `inbox`, topic `alarms` delivering enveloped messages to `inbox`.
    func pipeline(_ alarms: [AlarmDefinition], functions: [FunctionDefinition] = []) throws -> PipelineRuntime {
        let d = PipelineDefinition(
            context: Fixtures.context,
            topics: [TopicDefinition(logicalId: "Alarms", name: "alarms")],
            queues: [Fixtures.queue("dlq"), Fixtures.queue("work", dlq: "dlq"), Fixtures.queue("inbox")],
            subscriptions: [SubscriptionDefinition(logicalId: "Inbox", topicArn: Self.alarmTopic, protocol: "sqs",
                                                   endpoint: Fixtures.context.queueArn("inbox"))],
            functions: functions, alarms: alarms)
        return try PipelineRuntime(definition: d, handlers: BuiltinHandlers.registry, clock: clock)
    }

    /// Moves to the next minute boundary and ticks there, as the runner's loop does.
    func tick(_ p: PipelineRuntime) async {
        clock.advance(seconds: 60)
        await p.alarms.tick(at: clock.now())
    }

    func state(_ p: PipelineRuntime, _ name: String) async -> AlarmState? {
        await p.alarms.summaries().first { $0.name == name }?.state
    }

    func depth(_ p: PipelineRuntime, _ queue: String) async -> Int {
        await p.engine.status().queues.first { $0.name == queue }?.visible ?? -1
    }

    /// Receives and deletes every visible message of a queue.
    func drain(_ p: PipelineRuntime, _ queue: String) async throws -> [ReceivedMessage] {
        var all: [ReceivedMessage] = []
        while true {
            let batch = try await p.engine.receive(queue: queue, max: 10)
            if batch.isEmpty { return all }
            for m in batch { try await p.engine.delete(queue: queue, receiptHandle: m.receiptHandle) }
            all += batch
        }
    }

    /// The statistics of one metric over the minute that ends at `end`.
    func minute(_ p: PipelineRuntime, _ key: MetricKey, endingAt end: Timestamp) -> Statistics? {
        p.metrics.snapshot().statistics(key, from: end.adding(seconds: -60), to: end)
    }

    // MARK: - Evaluation from sampled gauges

    @Test("a DLQ depth alarm goes to ALARM when the DLQ holds a message and back to OK when it is drained")
    func dlqDepthAlarm() async throws {
        let p = try pipeline([Self.alarm("DlqDepth")])
        #expect(await state(p, "DlqDepth") == .insufficientData)
        await tick(p)                                              // 00:01, the DLQ is empty
        #expect(await state(p, "DlqDepth") == .ok)
        _ = try await p.engine.send(queue: "dlq", SendRequest(body: "dead"))
        await tick(p)                                              // 00:02, one message
        #expect(await state(p, "DlqDepth") == .alarm)
        let summary = try #require(await p.alarms.summaries().first)
        #expect(summary.value == 1)
        // Without DatapointsToAlarm, AWS words the reason the legacy way.
        #expect(summary.reason == "Threshold Crossed: 1 datapoint [1.0 (01/01/26 00:01:00)] was greater than or equal to the threshold (1.0).")
        _ = try await drain(p, "dlq")
        await tick(p)                                              // 00:03, drained
        #expect(await state(p, "DlqDepth") == .ok)
        let stateUpdates = try await p.alarms.history("DlqDepth").filter { $0.type == .stateUpdate }.reversed().map(\.summary)
        #expect(stateUpdates == ["Alarm updated from INSUFFICIENT_DATA to OK", "Alarm updated from OK to ALARM",
                                 "Alarm updated from ALARM to OK"])
    }

    @Test("an alarm action publishes the AWS notification JSON to its topic only on a transition, not on every tick")
    func notificationsOnTransitionsOnly() async throws {
        let p = try pipeline([Self.alarm("DlqDepth", alarmActions: [Self.alarmTopic], okActions: [Self.alarmTopic])])
        await tick(p)                                              // 00:01 → OK (an OK notification)
        _ = try await p.engine.send(queue: "dlq", SendRequest(body: "dead"))
        await tick(p)                                              // 00:02 → ALARM
        let alarmAt = clock.now()
        await tick(p)                                              // 00:03, still ALARM: nothing sent
        await tick(p)                                              // 00:04, still ALARM: nothing sent
        #expect(await depth(p, "inbox") == 2)
        _ = try await drain(p, "dlq")
        await tick(p)                                              // 00:05 → OK
        let messages = try await drain(p, "inbox")
        #expect(messages.count == 3)
        #expect(await p.engine.status().topics.first { $0.name == "alarms" }?.published == 3)

        let envelopes = try messages.map { try JSONValue.parse($0.body) }
        let bodies = try envelopes.map { try JSONValue.parse(try #require($0["Message"]?.stringValue)) }
        #expect(bodies.compactMap { $0["NewStateValue"]?.stringValue }.sorted() == ["ALARM", "OK", "OK"])
        let i = try #require(bodies.firstIndex { $0["NewStateValue"] == "ALARM" })
        let envelope = envelopes[i], body = bodies[i]
        #expect(envelope["Subject"] == "ALARM: \"DlqDepth\" in US East (N. Virginia)")
        #expect(envelope["TopicArn"] == .string(Self.alarmTopic))
        #expect(body["AlarmName"] == "DlqDepth")
        #expect(body["AlarmDescription"] == "test alarm")
        #expect(body["OldStateValue"] == "OK")
        #expect(body["AWSAccountId"] == .string(Fixtures.context.accountId))
        #expect(body["Region"] == "US East (N. Virginia)")
        #expect(body["AlarmArn"] == .string(Fixtures.context.alarmArn("DlqDepth")))
        #expect(body["StateChangeTime"] == "2026-01-01T00:02:00.000+0000")
        #expect(alarmAt == Timestamp(millis: 1_767_225_720_000))
        #expect(body["NewStateReason"] == "Threshold Crossed: 1 datapoint [1.0 (01/01/26 00:01:00)] was greater than or equal to the threshold (1.0).")
        #expect(body["AlarmActions"] == [.string(Self.alarmTopic)])
        let trigger = try #require(body["Trigger"])
        #expect(trigger["MetricName"] == "ApproximateNumberOfMessagesVisible")
        #expect(trigger["Namespace"] == "AWS/SQS")
        #expect(trigger["Statistic"] == "MAXIMUM")
        #expect(trigger["Dimensions"] == [["value": "dlq", "name": "QueueName"]])
        #expect(trigger["Period"] == 60)
        #expect(trigger["EvaluationPeriods"] == 1)
        #expect(trigger["ComparisonOperator"] == "GreaterThanOrEqualToThreshold")
        #expect(trigger["TreatMissingData"] == "notBreaching")
        // The two OK notifications: first from INSUFFICIENT_DATA, then back from ALARM.
        #expect(Set(bodies.filter { $0["NewStateValue"] == "OK" }.compactMap { $0["OldStateValue"]?.stringValue }) == ["INSUFFICIENT_DATA", "ALARM"])
    }

    @Test("history records StateUpdate and Action items, succeeded and failed")
    func historyItems() async throws {
        let p = try pipeline([Self.alarm("DlqDepth", alarmActions: [Self.alarmTopic], okActions: [Self.missingTopic])])
        await tick(p)                                              // → OK; its action names a topic that does not exist
        _ = try await p.engine.send(queue: "dlq", SendRequest(body: "dead"))
        await tick(p)                                              // → ALARM; its action succeeds
        let history = try await p.alarms.history("DlqDepth")      // newest first
        #expect(history.map(\.type) == [.action, .stateUpdate, .action, .stateUpdate, .configurationUpdate])
        #expect(history.map(\.summary) == [
            "Successfully executed action \(Self.alarmTopic)",
            "Alarm updated from OK to ALARM",
            "Failed to execute action \(Self.missingTopic)",
            "Alarm updated from INSUFFICIENT_DATA to OK",
            "Alarm \"DlqDepth\" created",
        ])
        let ok = try JSONValue.parse(history[0].data)
        #expect(ok["actionState"] == "Succeeded")
        #expect(ok["notificationResource"] == .string(Self.alarmTopic))
        let failed = try JSONValue.parse(history[2].data)
        #expect(failed["actionState"] == "Failed")
        #expect(failed["error"]?.stringValue?.isEmpty == false)
        let update = try JSONValue.parse(history[1].data)
        #expect(update["oldState"]?["stateValue"] == "OK")
        #expect(update["newState"]?["stateValue"] == "ALARM")
        #expect(history[1].timestamp == clock.now())
        // The failure is in the log book too.
        let lines = p.logBook.query(LogQuery(source: "alarms", limit: 100)).map(\.message)
        #expect(lines.contains { $0.contains("action \(Self.missingTopic) failed") })
        #expect(lines.contains { $0.hasPrefix("DlqDepth: OK -> ALARM: Threshold Crossed") })
        await #expect(throws: (any Error).self) { try await p.alarms.history("nope") }
    }

    @Test("SetAlarmState forces a state through the runner and publishes its notification")
    func setState() async throws {
        let p = try pipeline([Self.alarm("DlqDepth", alarmActions: [Self.alarmTopic])])
        try await p.alarms.setState("DlqDepth", to: .alarm, reason: "testing the pager")
        #expect(await state(p, "DlqDepth") == .alarm)
        let messages = try await drain(p, "inbox")
        #expect(messages.count == 1)
        let body = try JSONValue.parse(try #require(JSONValue.parse(messages[0].body)["Message"]?.stringValue))
        #expect(body["NewStateReason"] == "testing the pager")
        #expect(body["OldStateValue"] == "INSUFFICIENT_DATA")
        try await p.alarms.setState("DlqDepth", to: .alarm, reason: "again")   // no change, no notification
        #expect(await depth(p, "inbox") == 0)
        // The next evaluation sets the state from the data again: the DLQ is empty.
        await tick(p)
        #expect(await state(p, "DlqDepth") == .ok)
        await #expect(throws: (any Error).self) { try await p.alarms.setState("nope", to: .ok, reason: "x") }
    }

    // MARK: - Sampling

    @Test("the tick samples NumberOfMessagesSent as the delta since the previous tick, and queue depth as a gauge")
    func sentIsADelta() async throws {
        let p = try pipeline([])
        let t0 = clock.now()
        for i in 0..<3 { _ = try await p.engine.send(queue: "work", SendRequest(body: "m\(i)")) }
        await tick(p)
        for i in 3..<5 { _ = try await p.engine.send(queue: "work", SendRequest(body: "m\(i)")) }
        await tick(p)
        await tick(p)
        let sent = MetricKey.sqs("NumberOfMessagesSent", queue: "work")
        let visible = MetricKey.sqs("ApproximateNumberOfMessagesVisible", queue: "work")
        // Each tick's sample belongs to the minute that just ended.
        #expect(minute(p, sent, endingAt: t0.adding(seconds: 60))?.sum == 3)
        #expect(minute(p, sent, endingAt: t0.adding(seconds: 120))?.sum == 2)
        #expect(minute(p, sent, endingAt: t0.adding(seconds: 180))?.sum == 0)
        #expect(minute(p, visible, endingAt: t0.adding(seconds: 60))?.maximum == 3)
        #expect(minute(p, visible, endingAt: t0.adding(seconds: 120))?.maximum == 5)
        #expect(minute(p, visible, endingAt: t0.adding(seconds: 180))?.maximum == 5)
        #expect(minute(p, sent, endingAt: t0.adding(seconds: 240)) == nil)   // no tick yet for that minute
        // Topics the same way: a publish counts once, in the minute it happened.
        _ = try await p.engine.publish(PublishRequest(topic: Self.alarmTopic, message: "hello"))
        await tick(p)
        await tick(p)
        let published = MetricKey.sns("NumberOfMessagesPublished", topic: "alarms")
        #expect(minute(p, published, endingAt: t0.adding(seconds: 240))?.sum == 1)
        #expect(minute(p, published, endingAt: t0.adding(seconds: 300))?.sum == 0)
        #expect(minute(p, MetricKey.sns("NumberOfNotificationsDelivered", topic: "alarms"), endingAt: t0.adding(seconds: 240))?.sum == 1)
    }

    @Test("a queue deleted and created again starts its counters afresh: no negative NumberOfMessagesSent")
    func recreatedQueue() async throws {
        let p = try pipeline([])
        let t0 = clock.now()
        for i in 0..<3 { _ = try await p.engine.send(queue: "inbox", SendRequest(body: "m\(i)")) }
        await tick(p)                                              // 00:01: 3 sent
        try await p.engine.deleteQueue("inbox")
        await tick(p)                                              // 00:02: the queue is gone
        try await p.engine.createQueue(name: "inbox")              // more than 60 s after the delete
        _ = try await p.engine.send(queue: "inbox", SendRequest(body: "again"))
        await tick(p)                                              // 00:03: 1 sent to the new queue
        let sent = MetricKey.sqs("NumberOfMessagesSent", queue: "inbox")
        #expect(minute(p, sent, endingAt: t0.adding(seconds: 60))?.sum == 3)
        #expect(minute(p, sent, endingAt: t0.adding(seconds: 120)) == nil)
        #expect(minute(p, sent, endingAt: t0.adding(seconds: 180))?.sum == 1)
        #expect(minute(p, MetricKey.sqs("ApproximateNumberOfMessagesVisible", queue: "inbox"), endingAt: t0.adding(seconds: 180))?.maximum == 1)

        // Deleted and created again between two ticks: the smaller counters show it.
        for i in 0..<2 { _ = try await p.engine.send(queue: "inbox", SendRequest(body: "n\(i)")) }
        await tick(p)                                              // 00:04: 2 more (3 in all)
        try await p.engine.deleteQueue("inbox")
        clock.advance(seconds: 61)
        try await p.engine.createQueue(name: "inbox")
        _ = try await p.engine.send(queue: "inbox", SendRequest(body: "third life"))
        clock.advance(seconds: 59)
        await p.alarms.tick(at: clock.now())                       // 00:06
        #expect(minute(p, sent, endingAt: t0.adding(seconds: 240))?.sum == 2)
        #expect(minute(p, sent, endingAt: t0.adding(seconds: 360))?.sum == 1)
    }

    @Test("function Errors and Throttles reach AWS/Lambda metrics and their alarms")
    func lambdaMetrics() async throws {
        let p = try pipeline([
            Self.alarm("BrokenErrors", namespace: "AWS/Lambda", metric: "Errors", dimensions: ["FunctionName": "broken"], statistic: .sum),
            Self.alarm("CappedThrottles", namespace: "AWS/Lambda", metric: "Throttles", dimensions: ["FunctionName": "capped"], statistic: .sum),
        ], functions: [
            Fixtures.function("broken", handler: "fail", environment: ["FAIL_MODE": "throw"]),
            Fixtures.function("capped", handler: "fail", environment: ["FAIL_RATIO": "0"], reservedConcurrency: 0),
        ])
        let t0 = clock.now()
        let event: JSONValue = ["Records": [["messageId": "m1", "body": "x"]]]
        #expect(await p.functions.invoke("broken", event: event).outcome.isFunctionError)
        #expect(await p.functions.invoke("broken", event: event).outcome.isFunctionError)
        #expect(await p.functions.invoke("capped", event: event).outcome == .throttled)
        await tick(p)
        let errors = MetricKey(namespace: "AWS/Lambda", name: "Errors", dimensions: ["FunctionName": "broken"])
        let throttles = MetricKey(namespace: "AWS/Lambda", name: "Throttles", dimensions: ["FunctionName": "capped"])
        #expect(minute(p, errors, endingAt: t0.adding(seconds: 60))?.sum == 2)
        #expect(minute(p, throttles, endingAt: t0.adding(seconds: 60))?.sum == 1)
        #expect(await state(p, "BrokenErrors") == .alarm)
        #expect(await state(p, "CappedThrottles") == .alarm)
        let reason = await p.alarms.summaries().first { $0.name == "BrokenErrors" }?.reason ?? ""
        #expect(reason.contains("[2.0 (01/01/26 00:00:00)]"))
        // Quiet minutes: the alarm keeps judging by the newest real datapoint while it is inside its
        // N + 2 period range (AWS ignores TreatMissingData then), and goes to OK once it has slid out.
        await tick(p)
        await tick(p)
        #expect(await state(p, "BrokenErrors") == .alarm)
        await tick(p)
        #expect(await state(p, "BrokenErrors") == .ok)
        #expect(await state(p, "CappedThrottles") == .ok)
        #expect(try await p.alarms.history("BrokenErrors").first?.timestamp == t0.adding(seconds: 240))
    }

    @Test("DynamoDB conditional check failures are sampled per tick into AWS/DynamoDB")
    func dynamoMetrics() async throws {
        var d = PipelineDefinition(context: Fixtures.context)
        d.tables = [Fixtures.table("users")]
        let p = try PipelineRuntime(definition: d, handlers: BuiltinHandlers.registry, clock: clock)
        let t0 = clock.now()
        let guarded = ConditionSpec("attribute_not_exists(user_id)")
        try await p.tables.putItem(table: "users", item: ["user_id": .s("u1")], condition: guarded)
        for _ in 0..<2 {
            await #expect(throws: DynamoError.self) { try await p.tables.putItem(table: "users", item: ["user_id": .s("u1")], condition: guarded) }
        }
        await tick(p)
        await tick(p)
        let failures = MetricKey(namespace: "AWS/DynamoDB", name: "ConditionalCheckFailedRequests", dimensions: ["TableName": "users"])
        #expect(minute(p, failures, endingAt: t0.adding(seconds: 60))?.sum == 2)
        #expect(minute(p, failures, endingAt: t0.adding(seconds: 120))?.sum == 0)
    }

    // MARK: - The loop

    @Test("the runner ticks on the engine clock at minute boundaries and evaluates on its own")
    func loopTicksOnTheClock() async throws {
        let p = try pipeline([Self.alarm("DlqDepth", alarmActions: [Self.alarmTopic])])
        #expect(p.alarms.tickSeconds == 60)
        var ticks = p.alarms.ticks.makeAsyncIterator()
        let t0 = clock.now()
        _ = try await p.engine.send(queue: "dlq", SendRequest(body: "dead"))
        await p.alarms.start()
        try await clock.parked(until: t0.adding(seconds: 60))
        clock.advance(seconds: 60)
        #expect(await ticks.next() == t0.adding(seconds: 60))
        #expect(await state(p, "DlqDepth") == .alarm)
        #expect(await depth(p, "inbox") == 1)
        _ = try await drain(p, "dlq")
        try await clock.parked(until: t0.adding(seconds: 120))
        clock.advance(seconds: 60)
        #expect(await ticks.next() == t0.adding(seconds: 120))
        #expect(await state(p, "DlqDepth") == .ok)
        #expect(await depth(p, "inbox") == 1)    // no OK action configured
        await p.alarms.stop()
        #expect(await ticks.next() == nil)
    }

    @Test("the tick interval is the shortest alarm period under a minute")
    func tickInterval() throws {
        let p = try pipeline([Self.alarm("Fast", period: 30), Self.alarm("Slow", period: 300)])
        #expect(p.alarms.tickSeconds == 30)
    }
}
