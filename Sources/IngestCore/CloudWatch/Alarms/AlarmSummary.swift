/// What the CLI and the console show of one alarm.
public struct AlarmSummary: Sendable, Hashable, Codable {
    public var name: String
    public var arn: String
    public var description: String?
    public var state: AlarmState
    /// The newest datapoint of the last evaluation.
    public var value: Double?
    public var threshold: Double
    /// `GreaterThanOrEqualToThreshold`.
    public var comparison: ComparisonOperator
    /// `>=`.
    public var comparisonSymbol: String
    /// When the state last changed.
    public var since: Timestamp
    public var reason: String
    public var metric: MetricKey
    public var statistic: Statistic
    /// Seconds.
    public var period: Int
    /// M.
    public var datapointsToAlarm: Int
    /// N.
    public var evaluationPeriods: Int
    public var treatMissingData: TreatMissingData
    public var actionsEnabled: Bool
    /// How many actions the alarm has across its three states.
    public var actionCount: Int

    public init(_ alarm: Alarm) {
        let d = alarm.definition
        name = d.name
        arn = d.arn
        description = d.description
        state = alarm.state
        value = alarm.lastValue
        threshold = d.threshold
        comparison = d.comparisonOperator
        comparisonSymbol = d.comparisonOperator.symbol
        since = alarm.stateUpdatedAt
        reason = alarm.stateReason
        metric = d.metricKey
        statistic = d.statistic
        period = d.period
        datapointsToAlarm = d.datapointsToAlarm
        evaluationPeriods = d.evaluationPeriods
        treatMissingData = d.treatMissingData
        actionsEnabled = d.actionsEnabled
        actionCount = d.alarmActions.count + d.okActions.count + d.insufficientDataActions.count
    }

    /// `Maximum(ApproximateNumberOfMessagesVisible) >= 1.0 for 2 of 3 × 300s`.
    public var condition: String {
        "\(statistic.rawValue)(\(metric.name)) \(comparisonSymbol) \(AlarmText.number(threshold)) for \(datapointsToAlarm) of \(evaluationPeriods) × \(period)s"
    }
}
