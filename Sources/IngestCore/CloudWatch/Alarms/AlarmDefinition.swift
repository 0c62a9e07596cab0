/// How an alarm compares its statistic with the threshold (the statistic is the left operand).
public enum ComparisonOperator: String, Sendable, Hashable, Codable, CaseIterable {
    case greaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold"
    case greaterThanThreshold = "GreaterThanThreshold"
    case lessThanThreshold = "LessThanThreshold"
    case lessThanOrEqualToThreshold = "LessThanOrEqualToThreshold"

    /// Whether `value` breaches `threshold`.
    public func breaches(_ value: Double, threshold: Double) -> Bool {
        switch self {
        case .greaterThanOrEqualToThreshold: return value >= threshold
        case .greaterThanThreshold: return value > threshold
        case .lessThanThreshold: return value < threshold
        case .lessThanOrEqualToThreshold: return value <= threshold
        }
    }

    /// The words AWS puts in a state reason: `greater than or equal to`.
    public var phrase: String {
        switch self {
        case .greaterThanOrEqualToThreshold: return "greater than or equal to"
        case .greaterThanThreshold: return "greater than"
        case .lessThanThreshold: return "less than"
        case .lessThanOrEqualToThreshold: return "less than or equal to"
        }
    }

    /// `>=`, `>`, `<`, `<=`.
    public var symbol: String {
        switch self {
        case .greaterThanOrEqualToThreshold: return ">="
        case .greaterThanThreshold: return ">"
        case .lessThanThreshold: return "<"
        case .lessThanOrEqualToThreshold: return "<="
        }
    }
}

/// How an alarm treats a period with no data.
public enum TreatMissingData: String, Sendable, Hashable, Codable, CaseIterable {
    /// The default. Missing periods are unknown; with no data at all the alarm goes to INSUFFICIENT_DATA.
    case missing
    /// A missing period counts as good.
    case notBreaching
    /// A missing period counts as bad.
    case breaching
    /// Missing data keeps the current state.
    case ignore

    /// The bracketed word of a state reason: `[Breaching]` or `[NonBreaching]`.
    var reasonLabel: String { self == .breaching ? "Breaching" : "NonBreaching" }
}

/// A CloudWatch metric alarm on a single metric, validated as `PutMetricAlarm` does.
public struct AlarmDefinition: Sendable, Hashable, Codable {
    public var logicalId: String
    public var name: String
    public var arn: String
    public var description: String?
    public var namespace: String
    public var metricName: String
    public var dimensions: [String: String]
    public var statistic: Statistic
    /// Seconds: 10, 20, 30 or a multiple of 60.
    public var period: Int
    /// N, the number of most recent periods evaluated.
    public var evaluationPeriods: Int
    /// M, how many of the N must breach for ALARM (defaults to N).
    public var datapointsToAlarm: Int
    /// Whether `DatapointsToAlarm` was given. AWS words the state reason of an alarm without it the legacy way
    /// (`3 datapoints [...] were greater than ...`) and leaves it out of the notification's `Trigger`.
    public var datapointsToAlarmSpecified: Bool
    public var threshold: Double
    public var comparisonOperator: ComparisonOperator
    public var treatMissingData: TreatMissingData
    public var actionsEnabled: Bool
    public var alarmActions: [String]
    public var okActions: [String]
    public var insufficientDataActions: [String]
    public var unit: String?
    /// Where the alarm was declared, `file:line`; empty when it was not declared in a template.
    public var location: String

    /// The metric the alarm watches.
    public var metricKey: MetricKey { MetricKey(namespace: namespace, name: metricName, dimensions: dimensions) }

    /// The missing-data rule actually applied: alarms on `AWS/DynamoDB` metrics always behave as `ignore`.
    public var effectiveTreatMissingData: TreatMissingData {
        namespace == "AWS/DynamoDB" ? .ignore : treatMissingData
    }

    /// The actions of a state.
    public func actions(for state: AlarmState) -> [String] {
        switch state {
        case .ok: return okActions
        case .alarm: return alarmActions
        case .insufficientData: return insufficientDataActions
        }
    }

    public init(logicalId: String = "", name: String, arn: String? = nil, description: String? = nil,
                namespace: String, metricName: String, dimensions: [String: String] = [:], statistic: Statistic,
                period: Int, evaluationPeriods: Int, datapointsToAlarm: Int? = nil, threshold: Double,
                comparisonOperator: ComparisonOperator, treatMissingData: TreatMissingData = .missing,
                actionsEnabled: Bool = true, alarmActions: [String] = [], okActions: [String] = [],
                insufficientDataActions: [String] = [], unit: String? = nil, location: String = "",
                context: AWSContext = AWSContext()) {
        self.logicalId = logicalId.isEmpty ? name : logicalId
        self.name = name
        self.arn = arn ?? context.alarmArn(name)
        self.description = description
        self.namespace = namespace
        self.metricName = metricName
        self.dimensions = dimensions
        self.statistic = statistic
        self.period = period
        self.evaluationPeriods = evaluationPeriods
        self.datapointsToAlarm = datapointsToAlarm ?? evaluationPeriods
        self.datapointsToAlarmSpecified = datapointsToAlarm != nil
        self.threshold = threshold
        self.comparisonOperator = comparisonOperator
        self.treatMissingData = treatMissingData
        self.actionsEnabled = actionsEnabled
        self.alarmActions = alarmActions
        self.okActions = okActions
        self.insufficientDataActions = insufficientDataActions
        self.unit = unit
        self.location = location
    }

    /// The units `PutMetricAlarm` accepts.
    public static let standardUnits: Set<String> = [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
        "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
        "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    ]

    /// Checks the rules `PutMetricAlarm` enforces; every error names the alarm.
    public func validate() throws(AlarmError) {
        let n = name
        guard !name.isEmpty, name.count <= 255 else { throw .validation(n, "AlarmName must be 1 to 255 characters long") }
        if let description, description.count > 1024 {
            throw .validation(n, "AlarmDescription must be at most 1024 characters long")
        }
        guard (1...255).contains(namespace.count) else { throw .validation(n, "Namespace must be 1 to 255 characters long") }
        guard (1...255).contains(metricName.count) else { throw .validation(n, "MetricName must be 1 to 255 characters long") }
        guard dimensions.count <= 30 else { throw .validation(n, "at most 30 Dimensions are allowed, got \(dimensions.count)") }
        for (key, value) in dimensions {
            guard (1...255).contains(key.count), (1...1024).contains(value.count) else {
                throw .validation(n, "dimension '\(key)' needs a name of 1 to 255 and a value of 1 to 1024 characters")
            }
        }
        guard period > 0, [10, 20, 30].contains(period) || period % 60 == 0 else {
            throw .validation(n, "Period must be 10, 20, 30 or a multiple of 60 seconds, got \(period)")
        }
        guard evaluationPeriods >= 1 else { throw .validation(n, "EvaluationPeriods must be at least 1, got \(evaluationPeriods)") }
        let span = period * evaluationPeriods
        if period < 3600, span > 86_400 {
            throw .validation(n, "Period × EvaluationPeriods must be at most 86400 seconds (1 day) when Period is under 3600, got \(span)")
        }
        guard span <= 604_800 else {
            throw .validation(n, "Period × EvaluationPeriods must be at most 604800 seconds (7 days), got \(span)")
        }
        guard (1...evaluationPeriods).contains(datapointsToAlarm) else {
            throw .validation(n, "DatapointsToAlarm must be between 1 and EvaluationPeriods (\(evaluationPeriods)), got \(datapointsToAlarm)")
        }
        guard threshold.isFinite else { throw .validation(n, "Threshold must be a finite number") }
        for (property, list) in [("AlarmActions", alarmActions), ("OKActions", okActions),
                                 ("InsufficientDataActions", insufficientDataActions)] {
            guard list.count <= 5 else { throw .validation(n, "\(property) takes at most 5 actions, got \(list.count)") }
            for arn in list where arn.isEmpty || arn.count > 1024 {
                throw .validation(n, "\(property) entries must be 1 to 1024 characters long")
            }
        }
        if let unit, !Self.standardUnits.contains(unit) {
            throw .invalid(n, "Unit '\(unit)' is not a CloudWatch unit")
        }
    }
}
