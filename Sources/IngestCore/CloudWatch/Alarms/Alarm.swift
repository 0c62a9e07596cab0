/// The state of a metric alarm.
public enum AlarmState: String, Sendable, Hashable, Codable, CaseIterable {
    case ok = "OK"
    case alarm = "ALARM"
    case insufficientData = "INSUFFICIENT_DATA"
}

/// One entry of an alarm's history (`DescribeAlarmHistory`).
public struct AlarmHistoryItem: Sendable, Hashable, Codable {
    public enum HistoryItemType: String, Sendable, Hashable, Codable, CaseIterable {
        case configurationUpdate = "ConfigurationUpdate"
        case stateUpdate = "StateUpdate"
        case action = "Action"
    }

    public var alarmName: String
    public var alarmType: String
    public var timestamp: Timestamp
    public var type: HistoryItemType
    /// At most 255 characters: `Alarm updated from OK to ALARM`.
    public var summary: String
    /// JSON text, at most 4,095 characters.
    public var data: String

    public static let maxSummaryLength = 255
    public static let maxDataLength = 4095

    public init(alarmName: String, timestamp: Timestamp, type: HistoryItemType, summary: String, data: String) {
        self.alarmName = alarmName
        self.alarmType = "MetricAlarm"
        self.timestamp = timestamp
        self.type = type
        self.summary = String(summary.prefix(Self.maxSummaryLength))
        self.data = data
    }
}

/// A change of state, with what the engine must do about it.
public struct AlarmTransition: Sendable, Hashable, Codable {
    public var alarmName: String
    public var alarmArn: String
    public var from: AlarmState
    public var to: AlarmState
    public var reason: String
    /// The `StateReasonData` JSON, when the evaluation produced one.
    public var reasonData: String?
    public var at: Timestamp
    /// The ARNs to notify: the new state's actions when `ActionsEnabled`, otherwise none.
    public var actions: [String]
    /// The JSON body CloudWatch publishes to an SNS action.
    public var notification: String
}

/// A CloudWatch metric alarm: its definition, state and history.
///
/// **Evaluation** (`evaluate(metrics:now:)`). Periods are aligned to the Unix epoch (a 300 s period runs
/// 03:05:00–03:10:00 UTC). An alarm is evaluated once per period boundary: at `now` it looks at the periods that
/// ended at or before the most recent boundary `B ≤ now`, so only complete periods count. The datapoint of a
/// period is the alarm's statistic over the minute buckets of that period, or missing when it had no sample.
///
/// Like CloudWatch, the alarm retrieves more periods than it evaluates: the *evaluation range* is the last
/// N + 2 periods (5 for N = 3, as in AWS's example). The N most recent real datapoints in that range are
/// evaluated; when there are fewer than N, the rest are filled per `TreatMissingData`:
/// - `breaching` / `notBreaching`: each filled datapoint counts as bad / good; ALARM when ≥ M of the N breach.
/// - `missing`: filled datapoints are unknown. No data at all → INSUFFICIENT_DATA. ≥ M breaching → ALARM; else
///   any non-breaching datapoint → OK; else (every real datapoint breaches but fewer than M) → ALARM when the
///   newest period is missing (the metric stopped; the remaining data is evaluated), INSUFFICIENT_DATA when the
///   metric is still reporting. This is the reading that reproduces every row of AWS's missing-data tables.
/// - `ignore`: as `missing`, except that every case `missing` would not decide from data (no data, or only
///   breaching datapoints fewer than M) keeps the current state. Alarms on `AWS/DynamoDB` always act this way.
///
/// State changes append a `StateUpdate` history item and return an `AlarmTransition`; staying in a state
/// returns `nil` and fires nothing.
public struct Alarm: Sendable {
    public private(set) var definition: AlarmDefinition
    public private(set) var state: AlarmState
    public private(set) var stateReason: String
    /// The `StateReasonData` JSON of the last evaluation that changed the state.
    public private(set) var stateReasonData: String?
    public private(set) var stateUpdatedAt: Timestamp
    public private(set) var configurationUpdatedAt: Timestamp
    /// Oldest first; bounded by `historyLimit` items and by CloudWatch's two weeks.
    public private(set) var history: [AlarmHistoryItem] = []
    /// The newest datapoint of the last evaluation, or `nil` when it had none.
    public private(set) var lastValue: Double?
    /// The period boundary of the last evaluation.
    public private(set) var lastEvaluatedBoundary: Timestamp?
    public let historyLimit: Int

    /// AWS keeps alarm history for two weeks.
    public static let historyRetentionMillis: Int64 = 14 * 86_400_000
    public static let initialReason = "Unchecked: Initial alarm creation"

    /// What the store keeps of the alarm: its state, since when and why, and its history.
    public var record: AlarmStateRecord {
        AlarmStateRecord(name: definition.name, state: state, reason: stateReason, reasonData: stateReasonData, since: stateUpdatedAt,
                         history: history, lastValue: lastValue)
    }

    /// Puts back a state the store kept (the definition comes from the template, as after a redeploy).
    public mutating func restore(_ r: AlarmStateRecord) {
        state = r.state
        stateReason = r.reason
        stateReasonData = r.reasonData
        stateUpdatedAt = r.since
        history = r.history
        lastValue = r.lastValue
    }

    /// A new alarm in INSUFFICIENT_DATA, with a `ConfigurationUpdate` history item for its creation.
    public init(definition: AlarmDefinition, now: Timestamp, historyLimit: Int = 100) {
        self.definition = definition
        self.state = .insufficientData
        self.stateReason = Self.initialReason
        self.stateReasonData = nil
        self.stateUpdatedAt = now
        self.configurationUpdatedAt = now
        self.historyLimit = max(1, historyLimit)
        appendHistory(.configurationUpdate, summary: "Alarm \"\(definition.name)\" created",
                      data: configurationData(type: "Create", key: "createdAlarm"), now: now)
    }

    /// The first period boundary after `now` at which `evaluate` will look at new data.
    public func nextEvaluation(after now: Timestamp) -> Timestamp {
        MetricStore.periodStart(of: now, period: definition.period).adding(seconds: definition.period)
    }

    /// Evaluates the alarm at the most recent period boundary `≤ now` (once per boundary; a second call for
    /// the same boundary returns `nil` without looking). Returns the transition when the state changed.
    public mutating func evaluate(metrics: MetricStore, now: Timestamp) -> AlarmTransition? {
        let boundary = MetricStore.periodStart(of: now, period: definition.period)
        if let last = lastEvaluatedBoundary, last >= boundary { return nil }
        lastEvaluatedBoundary = boundary
        let evaluation = AlarmEvaluation(definition: definition, metrics: metrics, boundary: boundary)
        lastValue = evaluation.newestValue
        let newState: AlarmState
        switch evaluation.outcome {
        case .retain: return nil
        case .state(let s): newState = s
        }
        guard newState != state else { return nil }
        return transition(to: newState, reason: evaluation.reason(for: newState),
                          reasonData: evaluation.reasonData(queryDate: now), now: now)
    }

    /// Forces a state, as `SetAlarmState` does: a change fires the new state's actions, and the next evaluation
    /// (at the next period boundary) sets the state from the data again. Setting the current state does nothing.
    public mutating func setState(_ newState: AlarmState, reason: String, reasonData: String? = nil, now: Timestamp) -> AlarmTransition? {
        guard newState != state else { return nil }
        return transition(to: newState, reason: String(reason.prefix(1023)), reasonData: reasonData, now: now)
    }

    /// Replaces the configuration (`PutMetricAlarm` on an existing alarm). The state is kept; the next
    /// `evaluate` looks at the data again at once.
    public mutating func update(definition newDefinition: AlarmDefinition, now: Timestamp) {
        definition = newDefinition
        configurationUpdatedAt = now
        lastEvaluatedBoundary = nil
        appendHistory(.configurationUpdate, summary: "Alarm \"\(definition.name)\" updated",
                      data: configurationData(type: "Update", key: "updatedAlarm"), now: now)
    }

    /// `EnableAlarmActions` / `DisableAlarmActions`.
    public mutating func setActionsEnabled(_ enabled: Bool, now: Timestamp) {
        guard definition.actionsEnabled != enabled else { return }
        var d = definition
        d.actionsEnabled = enabled
        update(definition: d, now: now)
    }

    /// Records the outcome of running one action of a transition (the engine publishes; the alarm remembers).
    public mutating func recordAction(_ arn: String, succeeded: Bool, now: Timestamp, detail: String? = nil) {
        let summary = succeeded ? "Successfully executed action \(arn)" : "Failed to execute action \(arn)"
        var fields: [(String, OrderedJSON)] = [
            ("actionState", .string(succeeded ? "Succeeded" : "Failed")),
            ("stateUpdateTimestamp", .number(String(stateUpdatedAt.millis))),
            ("notificationResource", .string(arn)),
        ]
        if let detail { fields.append(("error", .string(String(detail.prefix(2000))))) }
        appendHistory(.action, summary: summary, data: OrderedJSON.object(fields).render(), now: now)
    }

    /// A one-line view for the CLI and console.
    public var summary: AlarmSummary { AlarmSummary(self) }

    // MARK: - Internals

    private mutating func transition(to newState: AlarmState, reason: String, reasonData: String?, now: Timestamp) -> AlarmTransition {
        let old = (state: state, reason: stateReason, data: stateReasonData)
        state = newState
        stateReason = reason
        stateReasonData = reasonData
        stateUpdatedAt = now
        appendHistory(.stateUpdate, summary: "Alarm updated from \(old.state.rawValue) to \(newState.rawValue)",
                      data: stateUpdateData(old: old, now: now), now: now)
        return AlarmTransition(alarmName: definition.name, alarmArn: definition.arn, from: old.state, to: newState,
                               reason: reason, reasonData: reasonData, at: now,
                               actions: definition.actionsEnabled ? definition.actions(for: newState) : [],
                               notification: notificationBody(oldState: old.state, at: now))
    }

    private func stateUpdateData(old: (state: AlarmState, reason: String, data: String?), now: Timestamp) -> String {
        func stateObject(_ s: AlarmState, _ reason: String, _ data: String?, withData: Bool) -> OrderedJSON {
            var fields: [(String, OrderedJSON)] = [("stateValue", .string(s.rawValue)), ("stateReason", .string(reason))]
            if withData, let data { fields.append(("stateReasonData", .raw(data))) }
            return .object(fields)
        }
        func render(withData: Bool) -> String {
            OrderedJSON.object([
                ("version", .string("1.0")),
                ("oldState", stateObject(old.state, old.reason, old.data, withData: withData)),
                ("newState", stateObject(state, stateReason, stateReasonData, withData: withData)),
            ]).render()
        }
        let full = render(withData: true)
        return full.count <= AlarmHistoryItem.maxDataLength ? full : render(withData: false)
    }

    private func configurationData(type: String, key: String) -> String {
        let d = definition
        let alarm = OrderedJSON.object([
            ("alarmName", .string(d.name)),
            ("alarmArn", .string(d.arn)),
            ("namespace", .string(d.namespace)),
            ("metricName", .string(d.metricName)),
            ("dimensions", .array(d.metricKey.sortedDimensions.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) })),
            ("statistic", .string(d.statistic.rawValue)),
            ("period", .number(String(d.period))),
            ("evaluationPeriods", .number(String(d.evaluationPeriods))),
            ("datapointsToAlarm", .number(String(d.datapointsToAlarm))),
            ("threshold", .double(d.threshold)),
            ("comparisonOperator", .string(d.comparisonOperator.rawValue)),
            ("treatMissingData", .string(d.treatMissingData.rawValue)),
            ("actionsEnabled", .bool(d.actionsEnabled)),
        ])
        let text = OrderedJSON.object([("type", .string(type)), ("version", .string("1.0")), (key, alarm)]).render()
        return String(text.prefix(AlarmHistoryItem.maxDataLength))
    }

    private mutating func appendHistory(_ type: AlarmHistoryItem.HistoryItemType, summary: String, data: String, now: Timestamp) {
        history.append(AlarmHistoryItem(alarmName: definition.name, timestamp: now, type: type, summary: summary, data: data))
        let cutoff = now.millis - Self.historyRetentionMillis
        var drop = max(0, history.count - historyLimit)
        while drop < history.count, history[drop].timestamp.millis < cutoff { drop += 1 }
        if drop > 0 { history.removeFirst(drop) }
    }
}

/// One datapoint of an evaluation: the statistic of one complete period.
struct AlarmDatapoint: Sendable, Hashable {
    var start: Timestamp
    var value: Double
    var sampleCount: Double
    var breaching: Bool
}

/// The result of looking at an alarm's evaluation range once.
struct AlarmEvaluation: Sendable {
    enum Outcome: Sendable, Hashable {
        case state(AlarmState)
        case retain
    }

    let definition: AlarmDefinition
    let treatment: TreatMissingData
    /// The real datapoints evaluated, newest first (at most N).
    let evaluated: [AlarmDatapoint]
    /// How many of the N evaluated datapoints had to be filled in for missing data.
    let filled: Int
    /// Starts of the missing periods of the range, newest first.
    let missingStarts: [Timestamp]
    /// The start of the oldest period of the range.
    let rangeStart: Timestamp
    let outcome: Outcome

    /// How many periods the alarm retrieves to evaluate N of them.
    static func rangeCount(evaluationPeriods n: Int) -> Int { n + 2 }

    init(definition: AlarmDefinition, metrics: MetricStore, boundary: Timestamp) {
        self.definition = definition
        let n = definition.evaluationPeriods, m = definition.datapointsToAlarm
        let slots = metrics.series(definition.metricKey, period: definition.period,
                                   count: Self.rangeCount(evaluationPeriods: n), endingAt: boundary)
        var real: [AlarmDatapoint] = []
        var missing: [Timestamp] = []
        for slot in slots.reversed() {
            if let s = slot.statistics {
                let v = definition.statistic.value(of: s)
                if real.count < n {
                    real.append(AlarmDatapoint(start: slot.start, value: v, sampleCount: s.sampleCount,
                                               breaching: definition.comparisonOperator.breaches(v, threshold: definition.threshold)))
                }
            } else {
                missing.append(slot.start)
            }
        }
        evaluated = real
        filled = n - real.count
        missingStarts = missing
        rangeStart = slots.first?.start ?? boundary
        treatment = definition.effectiveTreatMissingData
        let newestMissing = slots.last?.statistics == nil
        outcome = Self.decide(breaching: real.filter(\.breaching).count, real: real.count, n: n, m: m,
                              treatment: treatment, newestPeriodMissing: newestMissing)
    }

    /// The state rule, from the counts alone (documented on `Alarm`).
    static func decide(breaching b: Int, real r: Int, n: Int, m: Int, treatment: TreatMissingData,
                       newestPeriodMissing: Bool) -> Outcome {
        let fill = n - r
        if fill == 0 { return .state(b >= m ? .alarm : .ok) }
        switch treatment {
        case .breaching:
            return .state(b + fill >= m ? .alarm : .ok)
        case .notBreaching:
            return .state(b >= m ? .alarm : .ok)
        case .missing, .ignore:
            if r == 0 { return treatment == .missing ? .state(.insufficientData) : .retain }
            if b >= m { return .state(.alarm) }
            if b < r { return .state(.ok) }
            if treatment == .ignore { return .retain }
            return .state(newestPeriodMissing ? .alarm : .insufficientData)
        }
    }

    /// The value of the newest real datapoint.
    var newestValue: Double? { evaluated.first?.value }
}
