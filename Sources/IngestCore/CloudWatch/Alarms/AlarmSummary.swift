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

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(name: String, arn: String, description: String? = nil, state: AlarmState, value: Double? = nil, threshold: Double, comparison: ComparisonOperator, comparisonSymbol: String, since: Timestamp, reason: String, metric: MetricKey, statistic: Statistic, period: Int, datapointsToAlarm: Int, evaluationPeriods: Int, treatMissingData: TreatMissingData, actionsEnabled: Bool, actionCount: Int) {
        self.name = name
        self.arn = arn
        self.description = description
        self.state = state
        self.value = value
        self.threshold = threshold
        self.comparison = comparison
        self.comparisonSymbol = comparisonSymbol
        self.since = since
        self.reason = reason
        self.metric = metric
        self.statistic = statistic
        self.period = period
        self.datapointsToAlarm = datapointsToAlarm
        self.evaluationPeriods = evaluationPeriods
        self.treatMissingData = treatMissingData
        self.actionsEnabled = actionsEnabled
        self.actionCount = actionCount
    }
}
