extension Alarm {
    /// The JSON message CloudWatch publishes to an SNS action, keys in AWS's order:
    /// `AlarmName, AlarmDescription, AWSAccountId, AlarmConfigurationUpdatedTimestamp, NewStateValue, NewStateReason,
    /// StateChangeTime, Region, AlarmArn, OldStateValue, OKActions, AlarmActions, InsufficientDataActions, Trigger`.
    ///
    /// Region and account come from the alarm's ARN. `Region` is the long name AWS uses (`US East (N. Virginia)`),
    /// or the region code when the engine does not know its name.
    func notificationBody(oldState: AlarmState, at: Timestamp) -> String {
        let d = definition
        let (region, account) = Self.regionAndAccount(of: d.arn)
        var trigger: [(String, OrderedJSON)] = [
            ("MetricName", .string(d.metricName)),
            ("Namespace", .string(d.namespace)),
            ("StatisticType", .string("Statistic")),
            ("Statistic", .string(d.statistic.notificationName)),
            ("Unit", d.unit.map { .string($0) } ?? .null),
            ("Dimensions", .array(d.metricKey.sortedDimensions.map { .object([("value", .string($0.value)), ("name", .string($0.name))]) })),
            ("Period", .number(String(d.period))),
            ("EvaluationPeriods", .number(String(d.evaluationPeriods))),
        ]
        if d.datapointsToAlarmSpecified { trigger.append(("DatapointsToAlarm", .number(String(d.datapointsToAlarm)))) }
        trigger += [
            ("ComparisonOperator", .string(d.comparisonOperator.rawValue)),
            ("Threshold", .double(d.threshold)),
            ("TreatMissingData", .string(d.treatMissingData.rawValue)),
            ("EvaluateLowSampleCountPercentile", .string("")),
        ]
        return OrderedJSON.object([
            ("AlarmName", .string(d.name)),
            ("AlarmDescription", d.description.map { .string($0) } ?? .null),
            ("AWSAccountId", .string(account)),
            ("AlarmConfigurationUpdatedTimestamp", .string(AlarmText.awsTime(configurationUpdatedAt))),
            ("NewStateValue", .string(state.rawValue)),
            ("NewStateReason", .string(stateReason)),
            ("StateChangeTime", .string(AlarmText.awsTime(at))),
            ("Region", .string(Self.regionName(region))),
            ("AlarmArn", .string(d.arn)),
            ("OldStateValue", .string(oldState.rawValue)),
            ("OKActions", .array(d.okActions.map { .string($0) })),
            ("AlarmActions", .array(d.alarmActions.map { .string($0) })),
            ("InsufficientDataActions", .array(d.insufficientDataActions.map { .string($0) })),
            ("Trigger", .object(trigger)),
        ]).render()
    }

    /// Region and account of `arn:partition:cloudwatch:region:account:alarm:name`.
    static func regionAndAccount(of arn: String) -> (region: String, account: String) {
        let parts = arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count >= 5 else {
            let c = AWSContext()
            return (c.region, c.accountId)
        }
        return (String(parts[3]), String(parts[4]))
    }

    /// AWS's long region names, as they appear in alarm notifications.
    static func regionName(_ code: String) -> String {
        let names: [String: String] = [
            "us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)",
            "us-west-1": "US West (N. California)", "us-west-2": "US West (Oregon)",
            "ca-central-1": "Canada (Central)", "sa-east-1": "South America (Sao Paulo)",
            "eu-west-1": "EU (Ireland)", "eu-west-2": "EU (London)", "eu-west-3": "EU (Paris)",
            "eu-central-1": "EU (Frankfurt)", "eu-central-2": "EU (Zurich)", "eu-north-1": "EU (Stockholm)",
            "eu-south-1": "EU (Milan)", "eu-south-2": "EU (Spain)",
            "ap-northeast-1": "Asia Pacific (Tokyo)", "ap-northeast-2": "Asia Pacific (Seoul)",
            "ap-northeast-3": "Asia Pacific (Osaka)", "ap-southeast-1": "Asia Pacific (Singapore)",
            "ap-southeast-2": "Asia Pacific (Sydney)", "ap-south-1": "Asia Pacific (Mumbai)",
            "ap-east-1": "Asia Pacific (Hong Kong)", "me-south-1": "Middle East (Bahrain)",
            "af-south-1": "Africa (Cape Town)",
        ]
        return names[code] ?? code
    }
}

extension AlarmTransition {
    /// The SNS `Subject` CloudWatch uses: `ALARM: "name" in US East (N. Virginia)` (at most 100 characters).
    public var subject: String {
        let (region, _) = Alarm.regionAndAccount(of: alarmArn)
        return String("\(to.rawValue): \"\(alarmName)\" in \(Alarm.regionName(region))".prefix(100))
    }
}
