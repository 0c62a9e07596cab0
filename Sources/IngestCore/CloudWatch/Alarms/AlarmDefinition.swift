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

/// A CloudWatch metric alarm (`AWS::CloudWatch::Alarm` on a single metric), validated as `PutMetricAlarm` does.
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
                insufficientDataActions: [String] = [], unit: String? = nil, context: AWSContext = AWSContext()) {
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
    }

    /// Reads and validates the resolved properties of an `AWS::CloudWatch::Alarm` resource.
    ///
    /// Numbers may be given as numbers or numeric strings and `ActionsEnabled` as a boolean or `"true"`/`"false"`.
    /// Metric math (`Metrics`), percentiles (`ExtendedStatistic`), anomaly-detection operators and
    /// `ThresholdMetricId` are rejected with `NotSupported`.
    public init(resource: ResourceDefinition, context: AWSContext) throws(AlarmError) {
        let p = PropertyBag(resource.properties)
        let fallbackName = resource.physicalId.isEmpty ? resource.logicalId : resource.physicalId
        let name = try p.string("AlarmName", alarm: fallbackName) ?? fallbackName
        guard !name.isEmpty, name.count <= 255 else {
            throw .validation(name, "AlarmName must be 1 to 255 characters long")
        }

        guard resource.properties.objectValue != nil else { throw .validation(name, "Properties must be an object") }
        if let metrics = p["Metrics"], !metrics.isNull {
            throw .notSupported(name, "metric math alarms (Metrics) are not supported; use Namespace, MetricName and Statistic")
        }
        if p["ThresholdMetricId"] != nil {
            throw .notSupported(name, "ThresholdMetricId (anomaly detection) is not supported")
        }
        let statisticText = try p.string("Statistic", alarm: name)
        let extended = try p.string("ExtendedStatistic", alarm: name)
        if statisticText != nil, extended != nil {
            throw .combination(name, "Statistic and ExtendedStatistic cannot both be specified")
        }
        if let extended {
            throw .notSupported(name, "ExtendedStatistic (\(extended)) is not supported; use Statistic")
        }
        guard let statisticText else { throw .missing(name, "Statistic") }
        guard let statistic = Statistic(rawValue: statisticText) else {
            throw .invalid(name, "Statistic '\(statisticText)' is not one of \(Statistic.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        guard let namespace = try p.string("Namespace", alarm: name) else { throw .missing(name, "Namespace") }
        guard let metricName = try p.string("MetricName", alarm: name) else { throw .missing(name, "MetricName") }
        guard let period = try p.int("Period", alarm: name) else { throw .missing(name, "Period") }
        guard let evaluationPeriods = try p.int("EvaluationPeriods", alarm: name) else { throw .missing(name, "EvaluationPeriods") }
        let datapointsToAlarm = try p.int("DatapointsToAlarm", alarm: name)
        guard let threshold = try p.double("Threshold", alarm: name) else { throw .missing(name, "Threshold") }

        guard let operatorText = try p.string("ComparisonOperator", alarm: name) else { throw .missing(name, "ComparisonOperator") }
        guard let comparison = ComparisonOperator(rawValue: operatorText) else {
            if operatorText.contains("Band") || operatorText.contains("LowerOr") || operatorText.contains("UpperThreshold")
                || operatorText.contains("LowerThreshold") {
                throw .notSupported(name, "ComparisonOperator \(operatorText) (anomaly detection) is not supported")
            }
            throw .invalid(name, "ComparisonOperator '\(operatorText)' is not one of \(ComparisonOperator.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        var treat = TreatMissingData.missing
        if let text = try p.string("TreatMissingData", alarm: name) {
            guard let t = TreatMissingData(rawValue: text) else {
                throw .invalid(name, "TreatMissingData '\(text)' is not one of breaching, notBreaching, ignore, missing")
            }
            treat = t
        }

        self.init(logicalId: resource.logicalId, name: name, arn: resource.arn ?? context.alarmArn(name),
                  description: try p.string("AlarmDescription", alarm: name),
                  namespace: namespace, metricName: metricName, dimensions: try p.dimensions(alarm: name),
                  statistic: statistic, period: period, evaluationPeriods: evaluationPeriods,
                  datapointsToAlarm: datapointsToAlarm, threshold: threshold, comparisonOperator: comparison,
                  treatMissingData: treat, actionsEnabled: try p.bool("ActionsEnabled", alarm: name) ?? true,
                  alarmActions: try p.strings("AlarmActions", alarm: name),
                  okActions: try p.strings("OKActions", alarm: name),
                  insufficientDataActions: try p.strings("InsufficientDataActions", alarm: name),
                  unit: try p.string("Unit", alarm: name), context: context)
        try validate()
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

/// Typed access to resolved template properties, raising `AlarmError`s that name the alarm.
private struct PropertyBag {
    let object: [String: JSONValue]

    init(_ value: JSONValue) { object = value.objectValue ?? [:] }

    subscript(key: String) -> JSONValue? {
        guard let v = object[key], !v.isNull else { return nil }
        return v
    }

    func string(_ key: String, alarm: String) throws(AlarmError) -> String? {
        guard let v = self[key] else { return nil }
        switch v {
        case .string(let s): return s
        case .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: throw .validation(alarm, "\(key) must be a string, got \(v.kindName)")
        }
    }

    func int(_ key: String, alarm: String) throws(AlarmError) -> Int? {
        guard let v = self[key] else { return nil }
        guard let i = v.intValue else { throw .validation(alarm, "\(key) must be an integer, got \(Self.show(v))") }
        return i
    }

    func double(_ key: String, alarm: String) throws(AlarmError) -> Double? {
        guard let v = self[key] else { return nil }
        guard let d = v.doubleValue, d.isFinite else { throw .validation(alarm, "\(key) must be a number, got \(Self.show(v))") }
        return d
    }

    func bool(_ key: String, alarm: String) throws(AlarmError) -> Bool? {
        guard let v = self[key] else { return nil }
        switch v {
        case .bool(let b): return b
        case .string(let s) where s.lowercased() == "true": return true
        case .string(let s) where s.lowercased() == "false": return false
        default: throw .validation(alarm, "\(key) must be true or false, got \(Self.show(v))")
        }
    }

    func strings(_ key: String, alarm: String) throws(AlarmError) -> [String] {
        guard let v = self[key] else { return [] }
        guard let items = v.arrayValue else { throw .validation(alarm, "\(key) must be a list of ARNs, got \(v.kindName)") }
        var out: [String] = []
        for item in items {
            guard let s = item.stringValue else { throw .validation(alarm, "\(key) entries must be strings, got \(item.kindName)") }
            out.append(s)
        }
        return out
    }

    func dimensions(alarm: String) throws(AlarmError) -> [String: String] {
        guard let v = self["Dimensions"] else { return [:] }
        guard let items = v.arrayValue else { throw .validation(alarm, "Dimensions must be a list of {Name, Value}, got \(v.kindName)") }
        var out: [String: String] = [:]
        for item in items {
            guard let name = item["Name"]?.stringValue, let raw = item["Value"] else {
                throw .validation(alarm, "each dimension needs a Name and a Value")
            }
            let value: String
            switch raw {
            case .string(let s), .number(let s): value = s
            default: throw .validation(alarm, "dimension \(name) needs a string Value, got \(raw.kindName)")
            }
            guard out[name] == nil else { throw .validation(alarm, "dimension \(name) is given twice") }
            out[name] = value
        }
        return out
    }

    private static func show(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return "'\(s)'"
        case .number(let s): return s
        default: return v.kindName
        }
    }
}
