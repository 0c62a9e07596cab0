import Foundation
import IngestCore

/// Alarm operations: describe, history, put, set state, delete.
extension CloudWatchService {
    var runner: AlarmRunner { pipeline.alarms }

    func describeAlarms(_ input: AWSInput) async throws -> AWSValue {
        let names = try input.strings("AlarmNames")
        let prefix = try input.optionalString("AlarmNamePrefix")
        guard names.count <= 100 else { throw Self.error("InvalidParameterValue", "The parameter AlarmNames takes at most 100 names, got \(names.count).") }
        if !names.isEmpty, prefix != nil {
            throw Self.error("InvalidParameterCombination", "AlarmNames and AlarmNamePrefix cannot be specified together.")
        }
        let state = try input.optionalString("StateValue").map { s throws(AWSError) -> AlarmState in
            guard let v = AlarmState(rawValue: s) else {
                throw Self.error("ValidationError", "1 validation error detected: Value '\(s)' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]")
            }
            return v
        }
        let types = try input.strings("AlarmTypes")
        for t in types where t != "MetricAlarm" && t != "CompositeAlarm" {
            throw Self.error("ValidationError", "1 validation error detected: Value '\(t)' at 'alarmTypes' failed to satisfy constraint: Member must satisfy enum value set: [CompositeAlarm, MetricAlarm]")
        }
        let actionPrefix = try input.optionalString("ActionPrefix")
        if try input.optionalString("ChildrenOfAlarmName") != nil || input.optionalString("ParentsOfAlarmName") != nil {
            // Composite alarms are not emulated: a metric alarm has no parents or children among them.
            return .structure([AWSMember("CompositeAlarms", .wrappedList([])), AWSMember("MetricAlarms", .wrappedList([]))])
        }
        let size = try Self.maxRecords(input, default: 50)
        let wanted = Set(names)
        let alarms = types.isEmpty || types.contains("MetricAlarm") ? await runner.alarmList().filter { a in
            let d = a.definition
            if !wanted.isEmpty, !wanted.contains(d.name) { return false }
            if let prefix, !d.name.hasPrefix(prefix) { return false }
            if let state, a.state != state { return false }
            if let actionPrefix, !(d.alarmActions + d.okActions + d.insufficientDataActions).contains(where: { $0.hasPrefix(actionPrefix) }) {
                return false
            }
            return true
        } : []
        let page = try Self.page(alarms, input, size: size)
        var members: [AWSMember] = []
        if types.contains("CompositeAlarm") { members.append(AWSMember("CompositeAlarms", .wrappedList([]))) }
        members.append(AWSMember("MetricAlarms", .wrappedList(page.items.map(Self.metricAlarm))))
        members.add("NextToken", page.next.map(AWSValue.string))
        return .structure(members)
    }

    /// A `MetricAlarm` structure, members in the model's order.
    static func metricAlarm(_ a: Alarm) -> AWSValue {
        let d = a.definition
        var m = [AWSMember("AlarmName", .string(d.name)), AWSMember("AlarmArn", .string(d.arn))]
        m.add("AlarmDescription", d.description.map(AWSValue.string))
        m += [
            AWSMember("AlarmConfigurationUpdatedTimestamp", time(a.configurationUpdatedAt)),
            AWSMember("ActionsEnabled", .boolean(d.actionsEnabled)),
            AWSMember("OKActions", strings(d.okActions)),
            AWSMember("AlarmActions", strings(d.alarmActions)),
            AWSMember("InsufficientDataActions", strings(d.insufficientDataActions)),
            AWSMember("StateValue", .string(a.state.rawValue)),
            AWSMember("StateReason", .string(a.stateReason)),
        ]
        m.add("StateReasonData", a.stateReasonData.map(AWSValue.string))
        m += [
            AWSMember("StateUpdatedTimestamp", time(a.stateUpdatedAt)),
            AWSMember("MetricName", .string(d.metricName)),
            AWSMember("Namespace", .string(d.namespace)),
            AWSMember("Statistic", .string(d.statistic.rawValue)),
            AWSMember("Dimensions", dimensions(d.dimensions)),
            AWSMember("Period", .integer(Int64(d.period))),
        ]
        m.add("Unit", d.unit.map(AWSValue.string))
        m.append(AWSMember("EvaluationPeriods", .integer(Int64(d.evaluationPeriods))))
        if d.datapointsToAlarmSpecified { m.append(AWSMember("DatapointsToAlarm", .integer(Int64(d.datapointsToAlarm)))) }
        m += [
            AWSMember("Threshold", Self.double(d.threshold)),
            AWSMember("ComparisonOperator", .string(d.comparisonOperator.rawValue)),
            AWSMember("TreatMissingData", .string(d.treatMissingData.rawValue)),
            AWSMember("StateTransitionedTimestamp", time(a.stateUpdatedAt)),
        ]
        return .structure(m)
    }

    func describeAlarmHistory(_ input: AWSInput) async throws -> AWSValue {
        let name = try input.optionalString("AlarmName")
        let type = try input.optionalString("HistoryItemType").map { s throws(AWSError) -> AlarmHistoryItem.HistoryItemType in
            guard let t = AlarmHistoryItem.HistoryItemType(rawValue: s) else {
                throw Self.error("ValidationError", "1 validation error detected: Value '\(s)' at 'historyItemType' failed to satisfy constraint: Member must satisfy enum value set: [ConfigurationUpdate, StateUpdate, Action, AlarmContributorStateUpdate, AlarmContributorAction]")
            }
            return t
        }
        let start = try input.optionalTimestamp("StartDate"), end = try input.optionalTimestamp("EndDate")
        if let start, let end, start > end {
            throw Self.error("InvalidParameterValue", "The parameter StartDate must not be after the parameter EndDate.")
        }
        let scan = try input.optionalString("ScanBy") ?? "TimestampDescending"
        guard scan == "TimestampDescending" || scan == "TimestampAscending" else {
            throw Self.error("ValidationError", "1 validation error detected: Value '\(scan)' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]")
        }
        let types = try input.strings("AlarmTypes")
        let size = try Self.maxRecords(input, default: 100)
        var items: [AlarmHistoryItem] = []
        if types.isEmpty || types.contains("MetricAlarm") {
            for a in await runner.alarmList() where name == nil || a.definition.name == name {
                items += a.history.filter { h in
                    if let type, h.type != type { return false }
                    if let start, h.timestamp < start { return false }
                    if let end, h.timestamp > end { return false }
                    return true
                }
            }
        }
        // A stable order: by time, then by name (an alarm's own items keep their order).
        items = items.enumerated().sorted { x, y in
            x.element.timestamp != y.element.timestamp ? x.element.timestamp < y.element.timestamp : x.offset < y.offset
        }.map(\.element)
        if scan == "TimestampDescending" { items.reverse() }
        let page = try Self.page(items, input, size: size)
        var members = [AWSMember("AlarmHistoryItems", .wrappedList(page.items.map { h in
            .structure([
                AWSMember("AlarmName", .string(h.alarmName)), AWSMember("AlarmType", .string(h.alarmType)),
                AWSMember("Timestamp", Self.time(h.timestamp)), AWSMember("HistoryItemType", .string(h.type.rawValue)),
                AWSMember("HistorySummary", .string(h.summary)), AWSMember("HistoryData", .string(h.data)),
            ])
        }))]
        members.add("NextToken", page.next.map(AWSValue.string))
        return .structure(members)
    }

    func putMetricAlarm(_ input: AWSInput) async throws -> AWSValue {
        let name = try input.string("AlarmName")
        if try input.optionalString("ExtendedStatistic") != nil {
            throw Self.error("InvalidParameterValue", "ExtendedStatistic (percentiles) is not supported by this engine: use Statistic.")
        }
        if !(try input.structures("Metrics")).isEmpty {
            throw Self.error("InvalidParameterValue", "Alarms on metric math (Metrics) are not supported by this engine: give MetricName, Namespace and Statistic.")
        }
        if let criteria = input.members["EvaluationCriteria"], !criteria.isNull {
            throw Self.error("InvalidParameterValue", "EvaluationCriteria (PromQL alarms) is not supported by this engine.")
        }
        func required<T>(_ member: String, _ read: (String) throws(AWSError) -> T?) throws(AWSError) -> T {
            guard let v = try read(member) else { throw Self.error("MissingParameter", "The parameter \(member) is required.") }
            return v
        }
        let statisticText = try required("Statistic", input.optionalString)
        guard let statistic = Statistic(rawValue: statisticText) else {
            throw Self.error("ValidationError", "1 validation error detected: Value '\(statisticText)' at 'statistic' failed to satisfy constraint: Member must satisfy enum value set: [Maximum, SampleCount, Sum, Minimum, Average]")
        }
        let comparisonText = try required("ComparisonOperator", input.optionalString)
        guard let comparison = ComparisonOperator(rawValue: comparisonText) else {
            throw Self.error("ValidationError", "Value '\(comparisonText)' at 'comparisonOperator' is not supported: this engine evaluates GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold and LessThanOrEqualToThreshold (anomaly detection is not emulated).")
        }
        let treatText = try input.optionalString("TreatMissingData") ?? "missing"
        guard let treat = TreatMissingData(rawValue: treatText) else {
            throw Self.error("ValidationError", "The value \(treatText) for TreatMissingData is invalid: use breaching, notBreaching, ignore or missing.")
        }
        let definition = AlarmDefinition(
            name: name, description: try input.optionalString("AlarmDescription"),
            namespace: try required("Namespace", input.optionalString), metricName: try required("MetricName", input.optionalString),
            dimensions: try input.dimensions("Dimensions"), statistic: statistic,
            period: try required("Period", input.optionalInt), evaluationPeriods: try required("EvaluationPeriods", input.optionalInt),
            datapointsToAlarm: try input.optionalInt("DatapointsToAlarm"), threshold: try required("Threshold", input.optionalDouble),
            comparisonOperator: comparison, treatMissingData: treat, actionsEnabled: try input.optionalBool("ActionsEnabled") ?? true,
            alarmActions: try input.strings("AlarmActions"), okActions: try input.strings("OKActions"),
            insufficientDataActions: try input.strings("InsufficientDataActions"), unit: try input.optionalString("Unit"),
            context: pipeline.definition.context)
        let fromTemplate = pipeline.definition.alarms.contains { $0.name == name }
        try await runner.putAlarm(definition, fromTemplate: fromTemplate)
        return .empty
    }

    func setAlarmState(_ input: AWSInput) async throws -> AWSValue {
        let name = try input.string("AlarmName")
        let stateText = try input.string("StateValue")
        guard let state = AlarmState(rawValue: stateText) else {
            throw Self.error("ValidationError", "1 validation error detected: Value '\(stateText)' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]")
        }
        let reason = try input.string("StateReason")
        guard reason.count <= 1023 else { throw Self.error("ValidationError", "StateReason must be at most 1023 characters long.") }
        let data = try input.optionalString("StateReasonData")
        if let data {
            guard data.count <= 4000, case .object? = try? JSONValue.parse(bytes: Array(data.utf8)) else {
                throw Self.error("InvalidFormat", "StateReasonData must be a JSON object of at most 4000 characters.")
            }
        }
        try await runner.setState(name, to: state, reason: reason, reasonData: data)
        return .empty
    }

    func deleteAlarms(_ input: AWSInput) async throws -> AWSValue {
        guard input.members["AlarmNames"] != nil else { throw Self.error("MissingParameter", "The parameter AlarmNames is required.") }
        let names = try input.strings("AlarmNames")
        guard names.count <= 100 else { throw Self.error("InvalidParameterValue", "The parameter AlarmNames takes at most 100 names, got \(names.count).") }
        do { try await runner.deleteAlarms(names) } catch let e as SQSError where e.code == "ResourceNotFoundException" {
            throw Self.error("ResourceNotFound", e.message)
        }
        return .empty
    }
}
