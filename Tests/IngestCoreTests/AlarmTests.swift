import Foundation
import IngestCore
import Testing

/// Builds alarms and period datapoints on a 5-minute grid starting 2025-11-29T03:00:00Z.
private struct AlarmBench {
    static let base = ISO8601.parse("2025-11-29T03:00:00Z")!
    static let topic = "arn:aws:sns:us-east-1:123456789012:alarms"
    static let key = MetricKey.sqs("ApproximateNumberOfMessagesVisible", queue: "dlq")

    var store = MetricStore()
    var alarm: Alarm
    let period: Int

    init(period: Int = 300, n: Int = 3, m: Int? = 2, threshold: Double = 1, op: ComparisonOperator = .greaterThanOrEqualToThreshold,
         statistic: Statistic = .maximum, treat: TreatMissingData = .notBreaching, namespace: String = "AWS/SQS",
         actionsEnabled: Bool = true, withActions: Bool = true, description: String? = "Alarms if the DLQ has too many messages") {
        self.period = period
        let d = AlarmDefinition(logicalId: "DlqAlarm", name: "DlqAlarm", description: description, namespace: namespace,
                                metricName: Self.key.name, dimensions: Self.key.dimensions, statistic: statistic, period: period,
                                evaluationPeriods: n, datapointsToAlarm: m, threshold: threshold, comparisonOperator: op,
                                treatMissingData: treat, actionsEnabled: actionsEnabled,
                                alarmActions: withActions ? [Self.topic] : [], okActions: withActions ? [Self.topic + "-ok"] : [],
                                insufficientDataActions: withActions ? [Self.topic + "-insufficient"] : [],
                                context: AWSContext(region: "us-east-1", accountId: "123456789012"))
        alarm = Alarm(definition: d, now: Self.base)
    }

    /// The start of period `i` (period 0 starts at 03:00:00).
    func start(_ i: Int) -> Timestamp { Self.base.adding(seconds: i * period) }

    /// One sample in period `i`.
    mutating func put(_ i: Int, _ value: Double, key: MetricKey = AlarmBench.key) {
        store.record(key, value: value, at: start(i).adding(seconds: min(30, period / 2)))
    }

    /// Samples for consecutive periods from `first`; `nil` leaves a period empty.
    mutating func put(from first: Int, _ values: [Double?]) {
        for (k, v) in values.enumerated() { if let v { put(first + k, v) } }
    }

    /// Evaluates at the boundary that ends period `i - 1` (the start of period `i`).
    mutating func evaluate(at i: Int) -> AlarmTransition? {
        alarm.evaluate(metrics: store, now: start(i))
    }

    /// Evaluates at the start of period `i`, requiring a transition.
    mutating func transition(at i: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> AlarmTransition {
        let t = evaluate(at: i)
        return try #require(t, sourceLocation: sourceLocation)
    }
}

@Suite("CloudWatch alarms: evaluation, TreatMissingData, actions, history and reason texts")
struct AlarmTests {
    // MARK: - M of N

    @Test("a new alarm starts in INSUFFICIENT_DATA with a creation history item")
    func initialState() {
        let bench = AlarmBench()
        #expect(bench.alarm.state == .insufficientData)
        #expect(bench.alarm.stateReason == "Unchecked: Initial alarm creation")
        #expect(bench.alarm.history.count == 1)
        #expect(bench.alarm.history[0].type == .configurationUpdate)
        #expect(bench.alarm.history[0].summary == "Alarm \"DlqAlarm\" created")
        #expect(bench.alarm.lastValue == nil)
    }

    @Test("alarm goes to ALARM on 2 of 3 breaching datapoints")
    func twoOfThree() throws {
        var bench = AlarmBench()
        bench.put(from: 0, [0, 1, 1])
        let t = try bench.transition(at: 3)
        #expect(t.from == .insufficientData)
        #expect(t.to == .alarm)
        #expect(bench.alarm.state == .alarm)
        #expect(t.reason == "Threshold Crossed: 2 out of the last 3 datapoints [1.0 (29/11/25 03:10:00), 1.0 (29/11/25 03:05:00)] were greater than or equal to the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).")
        #expect(bench.alarm.stateReason == t.reason)
        #expect(bench.alarm.lastValue == 1)
    }

    @Test("non-consecutive breaching datapoints count")
    func nonConsecutive() throws {
        var bench = AlarmBench()
        bench.put(from: 0, [1, 0, 1])
        let t = try bench.transition(at: 3)
        #expect(t.to == .alarm)
        #expect(t.reason == "Threshold Crossed: 2 out of the last 3 datapoints [1.0 (29/11/25 03:10:00), 1.0 (29/11/25 03:00:00)] were greater than or equal to the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).")
    }

    @Test("fewer than M breaching datapoints is OK")
    func fewerThanM() throws {
        var bench = AlarmBench()
        bench.put(from: 0, [0, 1, 0])
        let t = try bench.transition(at: 3)
        #expect(t.to == .ok)
        #expect(t.reason == "Threshold Crossed: 2 out of the last 3 datapoints [0.0 (29/11/25 03:10:00), 0.0 (29/11/25 03:00:00)] were not greater than or equal to the threshold (1.0) (minimum 2 datapoints for ALARM -> OK transition).")
    }

    @Test("only complete periods are evaluated, once per period boundary")
    func periodBoundaries() throws {
        var bench = AlarmBench(n: 1, m: 1, treat: .missing)
        bench.put(3, 5)                                           // the period 03:15–03:20, still running at 03:17
        let early = bench.alarm.evaluate(metrics: bench.store, now: bench.start(3).adding(seconds: 120))
        #expect(early == nil)
        #expect(bench.alarm.state == .insufficientData)
        #expect(bench.alarm.nextEvaluation(after: bench.start(3).adding(seconds: 120)) == bench.start(4))
        let t = try bench.transition(at: 4)
        #expect(t.to == .alarm)
        #expect(bench.alarm.lastEvaluatedBoundary == bench.start(4))
        bench.put(4, 0)
        let again = bench.alarm.evaluate(metrics: bench.store, now: bench.start(4).adding(seconds: 299))
        #expect(again == nil)
        #expect(bench.alarm.state == .alarm)
    }

    // MARK: - TreatMissingData

    @Test("notBreaching keeps OK on missing data")
    func notBreachingKeepsOK() throws {
        var bench = AlarmBench(treat: .notBreaching)
        bench.put(from: 0, [0, 0, 0])
        #expect(try bench.transition(at: 3).to == .ok)
        for i in 4...20 { #expect(bench.evaluate(at: i) == nil) }
        #expect(bench.alarm.state == .ok)
    }

    @Test("notBreaching with no data at all goes to OK, saying the missing datapoints were treated as NonBreaching")
    func notBreachingNoData() throws {
        var bench = AlarmBench(treat: .notBreaching)
        let t = try bench.transition(at: 10)
        #expect(t.to == .ok)
        #expect(t.reason == "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [NonBreaching].")
    }

    @Test("breaching treats missing data as bad")
    func breachingTreatsMissingAsBad() throws {
        var bench = AlarmBench(treat: .breaching)
        bench.put(from: 0, [0, 0, 0])
        #expect(try bench.transition(at: 3).to == .ok)
        // The metric stops. The look-back (5 periods for N = 3) keeps real datapoints in view while it still holds them.
        #expect(bench.evaluate(at: 4) == nil)                      // 0 0 0 are still the last three real points
        #expect(bench.evaluate(at: 5) == nil)                      // still all three inside periods 0...4
        #expect(bench.evaluate(at: 6) == nil)                      // 0 0 + one filled as breaching: 1 of 3
        let t = try bench.transition(at: 7)                // 0 + two filled as breaching: 2 of 3
        #expect(t.to == .alarm)
        #expect(t.reason == "Threshold Crossed: 1 datapoint was received for 3 periods and 2 missing datapoints were treated as [Breaching].")
        #expect(bench.evaluate(at: 20) == nil)
        bench.alarm = AlarmBench(treat: .breaching).alarm
        let empty = try bench.transition(at: 30)
        #expect(empty.reason == "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].")
    }

    @Test("ignore keeps the current state", arguments: [AlarmState.ok, .alarm, .insufficientData])
    func ignoreKeepsState(initial: AlarmState) {
        var bench = AlarmBench(treat: .ignore)
        _ = bench.alarm.setState(initial, reason: "test", now: AlarmBench.base)
        for i in 1...12 { #expect(bench.evaluate(at: i) == nil) }
        #expect(bench.alarm.state == initial)
    }

    @Test("missing with no data at all is INSUFFICIENT_DATA")
    func missingNoData() throws {
        var fresh = AlarmBench(treat: .missing)
        #expect(fresh.evaluate(at: 5) == nil)                       // already INSUFFICIENT_DATA: no transition
        #expect(fresh.alarm.state == .insufficientData)

        var bench = AlarmBench(treat: .missing)
        bench.put(from: 0, [0, 0, 0])
        #expect(try bench.transition(at: 3).to == .ok)
        let t = try bench.transition(at: 20)
        #expect(t.to == .insufficientData)
        #expect(t.reason == "Insufficient Data: 3 datapoints were unknown.")
    }

    @Test("AWS/DynamoDB alarms ignore missing data whatever TreatMissingData says")
    func dynamoIgnores() {
        var bench = AlarmBench(treat: .breaching, namespace: "AWS/DynamoDB")
        _ = bench.alarm.setState(.ok, reason: "test", now: AlarmBench.base)
        for i in 1...12 { #expect(bench.evaluate(at: i) == nil) }
        #expect(bench.alarm.state == .ok)
    }

    /// One row of AWS's "How alarm state is evaluated when data is missing" tables: five datapoints oldest first
    /// (0 good, X breaching, - missing), evaluated with N = 3, and the state for MISSING, IGNORE, BREACHING and
    /// NOT BREACHING (`retain` = keep the current state).
    struct MissingDataRow: Sendable, CustomTestStringConvertible {
        let pattern: String
        let m: Int
        let expected: [String]
        var testDescription: String { "\(pattern) (M=\(m))" }
    }

    static let missingDataRows: [MissingDataRow] = [
        // Datapoints to Alarm 3 of Evaluation Periods 3.
        .init(pattern: "0 - X - X", m: 3, expected: ["OK", "OK", "OK", "OK"]),
        .init(pattern: "0 - - - -", m: 3, expected: ["OK", "OK", "OK", "OK"]),
        .init(pattern: "- - - - -", m: 3, expected: ["INSUFFICIENT_DATA", "retain", "ALARM", "OK"]),
        .init(pattern: "0 X X - X", m: 3, expected: ["ALARM", "ALARM", "ALARM", "ALARM"]),
        .init(pattern: "- - - - X", m: 3, expected: ["INSUFFICIENT_DATA", "retain", "ALARM", "OK"]),
        .init(pattern: "X - - - -", m: 3, expected: ["ALARM", "retain", "ALARM", "OK"]),
        // Datapoints to Alarm 2 of Evaluation Periods 3.
        .init(pattern: "0 - X - X", m: 2, expected: ["ALARM", "ALARM", "ALARM", "ALARM"]),
        .init(pattern: "0 0 X 0 X", m: 2, expected: ["ALARM", "ALARM", "ALARM", "ALARM"]),
        .init(pattern: "0 - X - -", m: 2, expected: ["OK", "OK", "ALARM", "OK"]),
        .init(pattern: "- - - - 0", m: 2, expected: ["OK", "OK", "ALARM", "OK"]),
        .init(pattern: "- - - - X", m: 2, expected: ["INSUFFICIENT_DATA", "retain", "ALARM", "OK"]),
    ]

    @Test("AWS's missing-data table", arguments: missingDataRows)
    func missingDataTable(row: MissingDataRow) {
        let modes: [TreatMissingData] = [.missing, .ignore, .breaching, .notBreaching]
        let values: [Double?] = row.pattern.split(separator: " ").map { $0 == "X" ? 5 : ($0 == "0" ? 0 : nil) }
        for (mode, expected) in zip(modes, row.expected) {
            for initial in [AlarmState.ok, .alarm] {
                var bench = AlarmBench(m: row.m, threshold: 1, op: .greaterThanThreshold, treat: mode)
                bench.put(from: 0, values)
                _ = bench.alarm.setState(initial, reason: "start", now: AlarmBench.base)
                _ = bench.evaluate(at: 5)
                let want = expected == "retain" ? initial : AlarmState(rawValue: expected)!
                #expect(bench.alarm.state == want, "\(row.pattern) M=\(row.m) \(mode.rawValue) from \(initial.rawValue)")
            }
        }
    }

    // MARK: - Operators and statistics

    @Test("every comparison operator", arguments: [
        (ComparisonOperator.greaterThanOrEqualToThreshold, 5.0, AlarmState.alarm), (.greaterThanOrEqualToThreshold, 4.9, .ok),
        (.greaterThanOrEqualToThreshold, 6.0, .alarm),
        (.greaterThanThreshold, 5.0, .ok), (.greaterThanThreshold, 5.1, .alarm), (.greaterThanThreshold, 4.0, .ok),
        (.lessThanThreshold, 5.0, .ok), (.lessThanThreshold, 4.9, .alarm), (.lessThanThreshold, 6.0, .ok),
        (.lessThanOrEqualToThreshold, 5.0, .alarm), (.lessThanOrEqualToThreshold, 5.1, .ok), (.lessThanOrEqualToThreshold, 4.0, .alarm),
    ])
    func comparisonOperators(op: ComparisonOperator, value: Double, expected: AlarmState) throws {
        var bench = AlarmBench(n: 1, m: 1, threshold: 5, op: op)
        bench.put(0, value)
        let t = try bench.transition(at: 1)
        #expect(t.to == expected)
        let not = expected == .ok ? "not " : ""
        #expect(t.reason.contains("was \(not)\(op.phrase) the threshold (5.0)"))
    }

    @Test("each statistic", arguments: [
        (Statistic.sampleCount, 4.0), (.sum, 14.0), (.average, 3.5), (.minimum, 1.0), (.maximum, 6.0),
    ])
    func eachStatistic(statistic: Statistic, expected: Double) throws {
        var bench = AlarmBench(n: 1, m: 1, threshold: expected, op: .greaterThanOrEqualToThreshold, statistic: statistic)
        for (k, v) in [1.0, 6, 3, 4].enumerated() {
            bench.store.record(AlarmBench.key, value: v, at: bench.start(0).adding(seconds: 60 * k + 10))
        }
        let t = try bench.transition(at: 1)
        #expect(t.to == .alarm)
        #expect(bench.alarm.lastValue == expected)
        var below = AlarmBench(n: 1, m: 1, threshold: expected + 0.5, op: .greaterThanOrEqualToThreshold, statistic: statistic)
        below.store = bench.store
        #expect(try below.transition(at: 1).to == .ok)
    }

    // MARK: - Actions

    @Test("actions fire only on transitions")
    func actionsOnTransitionsOnly() throws {
        var bench = AlarmBench(n: 1, m: 1)
        bench.put(0, 3)
        let up = try bench.transition(at: 1)
        #expect(up.actions == [AlarmBench.topic])
        bench.put(1, 4)
        #expect(bench.evaluate(at: 2) == nil)                     // still breaching: no transition, no action
        bench.put(2, 0)
        let down = try bench.transition(at: 3)
        #expect(down.to == .ok)
        #expect(down.actions == [AlarmBench.topic + "-ok"])
        bench.put(3, 0)
        #expect(bench.evaluate(at: 4) == nil)
    }

    @Test("INSUFFICIENT_DATA actions fire on a transition into INSUFFICIENT_DATA")
    func insufficientDataActions() throws {
        var bench = AlarmBench(n: 1, m: 1, treat: .missing)
        bench.put(0, 0)
        #expect(try bench.transition(at: 1).actions == [AlarmBench.topic + "-ok"])
        let t = try bench.transition(at: 9)
        #expect(t.to == .insufficientData)
        #expect(t.actions == [AlarmBench.topic + "-insufficient"])
        #expect(t.reason == "Insufficient Data: 1 datapoint was unknown.")
    }

    @Test("no actions fire when ActionsEnabled is false, though the state still changes")
    func actionsDisabled() throws {
        var bench = AlarmBench(n: 1, m: 1, actionsEnabled: false)
        bench.put(0, 3)
        let t = try bench.transition(at: 1)
        #expect(t.to == .alarm)
        #expect(t.actions.isEmpty)
        #expect(bench.alarm.history.last?.type == .stateUpdate)
        bench.alarm.setActionsEnabled(true, now: bench.start(1))
        #expect(bench.alarm.history.last?.summary == "Alarm \"DlqAlarm\" updated")
        bench.put(1, 0)
        #expect(try bench.transition(at: 2).actions == [AlarmBench.topic + "-ok"])
    }

    @Test("SetAlarmState forces a state, fires its actions and lasts until the next evaluation")
    func setAlarmState() throws {
        var bench = AlarmBench(n: 1, m: 1)
        bench.put(0, 0)
        #expect(try bench.transition(at: 1).to == .ok)
        let forcedOrNil = bench.alarm.setState(.alarm, reason: "testing the pager", now: bench.start(1).adding(seconds: 10))
        let forced = try #require(forcedOrNil)
        #expect(forced.to == .alarm)
        #expect(forced.reason == "testing the pager")
        #expect(forced.actions == [AlarmBench.topic])
        let same = bench.alarm.setState(.alarm, reason: "again", now: bench.start(1).adding(seconds: 20))
        #expect(same == nil)
        let sameBoundary = bench.alarm.evaluate(metrics: bench.store, now: bench.start(1).adding(seconds: 30))
        #expect(sameBoundary == nil)
        #expect(bench.alarm.state == .alarm)                      // same boundary: not re-evaluated yet
        bench.put(1, 0)
        let back = try bench.transition(at: 2)
        #expect(back.to == .ok)
    }

    // MARK: - History and texts

    @Test("every transition appends a StateUpdate history item with AWS's summary and data")
    func historyItems() throws {
        var bench = AlarmBench(n: 1, m: 1)
        bench.put(0, 3)
        _ = bench.evaluate(at: 1)
        bench.put(1, 0)
        _ = bench.evaluate(at: 2)
        let updates = bench.alarm.history.filter { $0.type == .stateUpdate }
        #expect(updates.map(\.summary) == ["Alarm updated from INSUFFICIENT_DATA to ALARM", "Alarm updated from ALARM to OK"])
        #expect(updates.map(\.timestamp) == [bench.start(1), bench.start(2)])
        #expect(updates.allSatisfy { $0.alarmName == "DlqAlarm" && $0.alarmType == "MetricAlarm" })
        let data = try JSONValue.parse(updates[1].data)
        #expect(data["version"] == "1.0")
        #expect(data["oldState"]?["stateValue"] == "ALARM")
        #expect(data["newState"]?["stateValue"] == "OK")
        #expect(data["newState"]?["stateReason"]?.stringValue == bench.alarm.stateReason)
        #expect(data["newState"]?["stateReasonData"]?["period"] == 300)

        bench.alarm.recordAction(AlarmBench.topic + "-ok", succeeded: true, now: bench.start(2))
        let action = try #require(bench.alarm.history.last)
        #expect(action.type == .action)
        #expect(action.summary == "Successfully executed action \(AlarmBench.topic)-ok")
        #expect(try JSONValue.parse(action.data)["actionState"] == "Succeeded")
    }

    @Test("history is bounded, newest last, and summaries stay within 255 characters")
    func historyBound() {
        var bench = AlarmBench(n: 1, m: 1)
        for i in 0..<300 { bench.put(i, i % 2 == 0 ? 5 : 0) }
        for i in 1...300 { _ = bench.evaluate(at: i) }
        #expect(bench.alarm.history.count == 100)
        #expect(bench.alarm.history.last?.timestamp == bench.start(300))
        #expect(bench.alarm.history.allSatisfy { $0.summary.count <= 255 && $0.data.count <= 4095 })
        let item = AlarmHistoryItem(alarmName: "a", timestamp: AlarmBench.base, type: .action,
                                    summary: String(repeating: "x", count: 400), data: "{}")
        #expect(item.summary.count == 255)
    }

    @Test("history older than two weeks is dropped")
    func historyRetention() {
        var bench = AlarmBench(period: 3600, n: 1, m: 1)
        bench.put(0, 5)
        _ = bench.evaluate(at: 1)
        bench.put(400, 0)
        _ = bench.evaluate(at: 401)                                 // more than 14 days later
        #expect(bench.alarm.history.map(\.summary) == ["Alarm updated from ALARM to OK"])
    }

    @Test("reason texts: the singular form and the return to OK")
    func singularReasons() throws {
        var bench = AlarmBench(n: 1, m: 1, threshold: 0, op: .greaterThanThreshold)
        bench.put(0, 5)
        #expect(try bench.transition(at: 1).reason == "Threshold Crossed: 1 out of the last 1 datapoints [5.0 (29/11/25 03:00:00)] was greater than the threshold (0.0) (minimum 1 datapoint for OK -> ALARM transition).")

        var ge = AlarmBench(n: 1, m: 1, threshold: 1)
        ge.put(0, 2)
        _ = ge.evaluate(at: 1)
        ge.put(1, 0)
        #expect(try ge.transition(at: 2).reason == "Threshold Crossed: 1 out of the last 1 datapoints [0.0 (29/11/25 03:05:00)] was not greater than or equal to the threshold (1.0) (minimum 1 datapoint for ALARM -> OK transition).")
    }

    @Test("reason texts: real datapoints with filled missing ones")
    func mixedReason() throws {
        var bench = AlarmBench(n: 3, m: 1, treat: .notBreaching)
        bench.put(4, 5)
        #expect(try bench.transition(at: 5).reason == "Threshold Crossed: 1 out of the last 3 datapoints [5.0 (29/11/25 03:20:00)] was greater than or equal to the threshold (1.0) and 2 missing datapoints were treated as [NonBreaching] (minimum 1 datapoint for OK -> ALARM transition).")
        var good = AlarmBench(n: 3, m: 2, treat: .notBreaching)
        good.put(4, 0)
        #expect(try good.transition(at: 5).reason == "Threshold Crossed: 1 out of the last 3 datapoints [0.0 (29/11/25 03:20:00)] was not greater than or equal to the threshold (1.0) and 2 missing datapoints were treated as [NonBreaching] (minimum 2 datapoints for ALARM -> OK transition).")
    }

    @Test("reason texts: the legacy form when DatapointsToAlarm is not given")
    func legacyReason() throws {
        var bench = AlarmBench(n: 1, m: nil)
        bench.put(0, 0)
        #expect(try bench.transition(at: 1).reason == "Threshold Crossed: 1 datapoint [0.0 (29/11/25 03:00:00)] was not greater than or equal to the threshold (1.0).")
        var three = AlarmBench(n: 3, m: nil)
        three.put(from: 0, [2, 3, 4])
        #expect(try three.transition(at: 3).reason == "Threshold Crossed: 3 datapoints [4.0 (29/11/25 03:10:00), 3.0 (29/11/25 03:05:00), 2.0 (29/11/25 03:00:00)] were greater than or equal to the threshold (1.0).")
    }

    @Test("reason texts print numbers the way CloudWatch does", arguments: [
        (30.5, "30.5"), (1, "1.0"), (0.0666851903306472, "0.0666851903306472"), (12_345_678, "1.2345678E7"),
        (1_000_000, "1000000.0"), (0.001, "0.001"), (0.0001, "1.0E-4"), (-2.25, "-2.25"), (0, "0.0"),
    ])
    func numberFormat(value: Double, text: String) throws {
        var bench = AlarmBench(n: 1, m: 1, threshold: value, op: .greaterThanOrEqualToThreshold, statistic: .sum)
        bench.put(0, value)
        let reason = try bench.transition(at: 1).reason
        #expect(reason == "Threshold Crossed: 1 out of the last 1 datapoints [\(text) (29/11/25 03:00:00)] was greater than or equal to the threshold (\(text)) (minimum 1 datapoint for OK -> ALARM transition).")
    }

    @Test("StateReasonData is AWS-shaped JSON")
    func reasonData() throws {
        var bench = AlarmBench()
        bench.put(from: 0, [0, 1, 1])
        _ = bench.alarm.evaluate(metrics: bench.store, now: bench.start(3).adding(millis: 412))
        let data = try JSONValue.parse(try #require(bench.alarm.stateReasonData))
        #expect(data["version"] == "1.0")
        #expect(data["queryDate"] == "2025-11-29T03:15:00.412+0000")
        #expect(data["startDate"] == "2025-11-29T03:00:00.000+0000")
        #expect(data["statistic"] == "Maximum")
        #expect(data["period"] == 300)
        #expect(data["threshold"]?.doubleValue == 1)
        #expect(data["recentDatapoints"]?.arrayValue?.compactMap(\.doubleValue) == [0, 1, 1])
        let evaluated = try #require(data["evaluatedDatapoints"]?.arrayValue)
        #expect(evaluated.map { $0["timestamp"]?.stringValue } == ["2025-11-29T03:10:00.000+0000", "2025-11-29T03:05:00.000+0000", "2025-11-29T03:00:00.000+0000"])
        #expect(evaluated[0]["sampleCount"]?.doubleValue == 1)
        #expect(bench.alarm.stateReasonData!.contains("\"threshold\":1.0"))
    }

    @Test("the notification body carries AWS's keys in AWS's order")
    func notification() throws {
        var bench = AlarmBench()
        bench.put(from: 0, [0, 1, 1])
        let maybe = bench.alarm.evaluate(metrics: bench.store, now: bench.start(3).adding(millis: 770))
        let t = try #require(maybe)
        #expect(t.notification.hasPrefix("{\"AlarmName\":\"DlqAlarm\",\"AlarmDescription\":\"Alarms if the DLQ has too many messages\",\"AWSAccountId\":\"123456789012\",\"AlarmConfigurationUpdatedTimestamp\":\"2025-11-29T03:00:00.000+0000\",\"NewStateValue\":\"ALARM\",\"NewStateReason\":\"Threshold Crossed: 2 out of the last 3 datapoints"))
        #expect(t.notification.hasSuffix("\"StateChangeTime\":\"2025-11-29T03:15:00.770+0000\",\"Region\":\"US East (N. Virginia)\",\"AlarmArn\":\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:DlqAlarm\",\"OldStateValue\":\"INSUFFICIENT_DATA\",\"OKActions\":[\"arn:aws:sns:us-east-1:123456789012:alarms-ok\"],\"AlarmActions\":[\"arn:aws:sns:us-east-1:123456789012:alarms\"],\"InsufficientDataActions\":[\"arn:aws:sns:us-east-1:123456789012:alarms-insufficient\"],\"Trigger\":{\"MetricName\":\"ApproximateNumberOfMessagesVisible\",\"Namespace\":\"AWS/SQS\",\"StatisticType\":\"Statistic\",\"Statistic\":\"MAXIMUM\",\"Unit\":null,\"Dimensions\":[{\"value\":\"dlq\",\"name\":\"QueueName\"}],\"Period\":300,\"EvaluationPeriods\":3,\"DatapointsToAlarm\":2,\"ComparisonOperator\":\"GreaterThanOrEqualToThreshold\",\"Threshold\":1.0,\"TreatMissingData\":\"notBreaching\",\"EvaluateLowSampleCountPercentile\":\"\"}}"))
        let body = try JSONValue.parse(t.notification)
        #expect(body["NewStateReason"]?.stringValue == t.reason)
        #expect(t.subject == "ALARM: \"DlqAlarm\" in US East (N. Virginia)")

        var legacy = AlarmBench(n: 1, m: nil, statistic: .sampleCount, description: nil)
        legacy.put(0, 1)
        let lt = try legacy.transition(at: 1)
        let trigger = try #require(try JSONValue.parse(lt.notification)["Trigger"])
        #expect(trigger["DatapointsToAlarm"] == nil)
        #expect(trigger["Statistic"] == "SAMPLE_COUNT")
        #expect(try JSONValue.parse(lt.notification)["AlarmDescription"] == JSONValue.null)
    }

    @Test("the summary shows state, last value, threshold, comparison and M of N")
    func summary() throws {
        var bench = AlarmBench()
        bench.put(from: 0, [0, 1, 3])
        _ = bench.evaluate(at: 3)
        let s = bench.alarm.summary
        #expect(s.name == "DlqAlarm")
        #expect(s.state == .alarm)
        #expect(s.value == 3)
        #expect(s.threshold == 1)
        #expect(s.comparison == .greaterThanOrEqualToThreshold)
        #expect(s.since == bench.start(3))
        #expect(s.reason == bench.alarm.stateReason)
        #expect(s.metric == AlarmBench.key)
        #expect(s.condition == "Maximum(ApproximateNumberOfMessagesVisible) >= 1.0 for 2 of 3 × 300s")
        let decoded = try JSONValue.parse(String(decoding: try JSONEncoder().encode(s), as: UTF8.self))
        #expect(decoded["state"] == "ALARM")
    }

    // MARK: - The seed's DLQ alarm

    @Test("the seed's DLQ alarm goes to ALARM after two breaching periods and back to OK")
    func seedDlqAlarm() throws {
        let definition = AlarmDefinition(
            logicalId: "SnsDlqAlarm", name: "UserIngestionSnsDlqApproximateNumberOfMessagesVisible",
            description: "Alarms if the DLQ has too many messages", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: ["QueueName": "demo-user-ingestion-sns-dead-letter-queue"], statistic: .maximum, period: 300, evaluationPeriods: 3,
            datapointsToAlarm: 2, threshold: 1, comparisonOperator: .greaterThanOrEqualToThreshold, treatMissingData: .notBreaching)
        try definition.validate()
        let key = MetricKey.sqs("ApproximateNumberOfMessagesVisible", queue: "demo-user-ingestion-sns-dead-letter-queue")
        let base = AlarmBench.base
        var alarm = Alarm(definition: definition, now: base)
        var store = MetricStore()
        var transitions: [AlarmTransition] = []
        // The queue gauge is sampled every minute; one message sits in the DLQ from 03:07 until it is redriven at 03:14.
        for minute in 1...40 {
            let now = base.adding(seconds: minute * 60)
            let visible: Double = (8...14).contains(minute) ? 1 : 0
            store.record(key, value: visible, at: now.adding(millis: -1))
            if let t = alarm.evaluate(metrics: store, now: now) { transitions.append(t) }
        }
        // 03:01, the first evaluation (boundary 03:00): no complete period has data, treated as not breaching → OK.
        // 03:05: [0 at 03:00] + 2 filled. 03:10: [1 at 03:05, 0] + 1 filled → 1 of 3. 03:15: [1, 1, 0] → ALARM.
        // 03:20: [0, 1, 1] → still ALARM. 03:25: [0, 0, 1] → OK.
        #expect(transitions.map(\.to) == [.ok, .alarm, .ok])
        #expect(transitions.map(\.at) == [base.adding(seconds: 60), base.adding(seconds: 900), base.adding(seconds: 1500)])
        #expect(transitions[0].reason == "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [NonBreaching].")
        #expect(transitions[1].reason == "Threshold Crossed: 2 out of the last 3 datapoints [1.0 (29/11/25 03:10:00), 1.0 (29/11/25 03:05:00)] were greater than or equal to the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).")
        #expect(transitions[2].reason == "Threshold Crossed: 2 out of the last 3 datapoints [0.0 (29/11/25 03:20:00), 0.0 (29/11/25 03:15:00)] were not greater than or equal to the threshold (1.0) (minimum 2 datapoints for ALARM -> OK transition).")
        #expect(transitions.allSatisfy { $0.actions.isEmpty })     // the seed's alarms notify nobody
        #expect(alarm.state == .ok)
    }
}
