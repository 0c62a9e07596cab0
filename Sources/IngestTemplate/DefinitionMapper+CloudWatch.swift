import IngestCore

extension DefinitionMapper {
    /// Reads and validates the resolved properties of an `AWS::CloudWatch::Alarm` resource.
    ///
    /// Numbers may be given as numbers or numeric strings and `ActionsEnabled` as a boolean or `"true"`/`"false"`.
    /// Metric math (`Metrics`), percentiles (`ExtendedStatistic`), anomaly-detection operators and
    /// `ThresholdMetricId` are rejected with `NotSupported`.
    func alarm(_ resource: ResourceDefinition) throws(AlarmError) -> AlarmDefinition {
        let p = AlarmProperties(resource.properties)
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

        let alarm = AlarmDefinition(logicalId: resource.logicalId, name: name, arn: resource.arn ?? context.alarmArn(name),
                                    description: try p.string("AlarmDescription", alarm: name),
                                    namespace: namespace, metricName: metricName, dimensions: try p.dimensions(alarm: name),
                                    statistic: statistic, period: period, evaluationPeriods: evaluationPeriods,
                                    datapointsToAlarm: datapointsToAlarm, threshold: threshold, comparisonOperator: comparison,
                                    treatMissingData: treat, actionsEnabled: try p.bool("ActionsEnabled", alarm: name) ?? true,
                                    alarmActions: try p.strings("AlarmActions", alarm: name),
                                    okActions: try p.strings("OKActions", alarm: name),
                                    insufficientDataActions: try p.strings("InsufficientDataActions", alarm: name),
                                    unit: try p.string("Unit", alarm: name), location: resource.location, context: context)
        try alarm.validate()
        return alarm
    }
}
