import Foundation
import IngestAWSAuth
import IngestAPI
import IngestCore

/// The CloudWatch actions the console uses, over JSON 1.0 (`GraniteServiceVersion20100801.<Action>`).
public struct CloudWatchAPI: Sendable {
    public let connection: AWSConnection
    public init(_ connection: AWSConnection) { self.connection = connection }

    func call(_ action: String, _ body: JSONValue, optional: Bool = false) async throws(AWSClientError) -> JSONValue {
        try await connection.json(.monitoring, target: "GraniteServiceVersion20100801", action: action, body, optional: optional)
    }

    /// Metric alarms, by name prefix or every one.
    public func alarms(prefix: String? = nil, names: [String]? = nil) async throws(AWSClientError) -> [AlarmSummary] {
        var out: [AlarmSummary] = []
        var token: String?
        let batches: [[String]?] = names.map { n in stride(from: 0, to: n.count, by: 100).map { Array(n[$0..<min($0 + 100, n.count)]) } } ?? [nil]
        for batch in batches {
            if batch?.isEmpty == true { continue }
            var pages = 0
            repeat {
                pages += 1
                var body: [String: JSONValue] = ["AlarmTypes": ["MetricAlarm"], "MaxRecords": 100]
                if let batch { body["AlarmNames"] = .array(batch.map { .string($0) }) } else if let prefix, !prefix.isEmpty { body["AlarmNamePrefix"] = .string(prefix) }
                if let token { body["NextToken"] = .string(token) }
                let r = try await call("DescribeAlarms", .object(body))
                out += (r["MetricAlarms"]?.arrayValue ?? []).compactMap(Self.alarm)
                token = r["NextToken"]?.stringValue
            } while token != nil && out.count < 10_000 && pages < AWSConnection.maxPages
        }
        return out
    }

    static func alarm(_ a: JSONValue) -> AlarmSummary? {
        guard let name = a["AlarmName"]?.stringValue else { return nil }
        let comparison = ComparisonOperator(rawValue: a["ComparisonOperator"]?.stringValue ?? "") ?? .greaterThanOrEqualToThreshold
        var dims: [String: String] = [:]
        for d in a["Dimensions"]?.arrayValue ?? [] { if let n = d["Name"]?.stringValue { dims[n] = d["Value"]?.stringValue ?? "" } }
        let actions = ["AlarmActions", "OKActions", "InsufficientDataActions"].reduce(0) { $0 + (a[$1]?.arrayValue?.count ?? 0) }
        return AlarmSummary(
            name: name, arn: a["AlarmArn"]?.stringValue ?? "", description: a["AlarmDescription"]?.stringValue,
            state: AlarmState(rawValue: a["StateValue"]?.stringValue ?? "") ?? .insufficientData,
            value: Self.lastValue(reasonData: a["StateReasonData"]?.stringValue), threshold: a["Threshold"]?.doubleValue ?? 0,
            comparison: comparison, comparisonSymbol: comparison.symbol,
            since: AWSTime.timestamp(a["StateUpdatedTimestamp"]) ?? Timestamp(millis: 0), reason: a["StateReason"]?.stringValue ?? "",
            metric: MetricKey(namespace: a["Namespace"]?.stringValue ?? "", name: a["MetricName"]?.stringValue ?? "", dimensions: dims),
            statistic: Statistic(rawValue: a["Statistic"]?.stringValue ?? "") ?? .maximum, period: a["Period"]?.intValue ?? 60,
            datapointsToAlarm: a["DatapointsToAlarm"]?.intValue ?? a["EvaluationPeriods"]?.intValue ?? 1,
            evaluationPeriods: a["EvaluationPeriods"]?.intValue ?? 1,
            treatMissingData: TreatMissingData(rawValue: a["TreatMissingData"]?.stringValue ?? "") ?? .missing,
            actionsEnabled: a["ActionsEnabled"]?.boolValue ?? true, actionCount: actions)
    }

    /// The newest datapoint an evaluation recorded in `StateReasonData` (`recentDatapoints`), when there is one.
    static func lastValue(reasonData: String?) -> Double? {
        guard let text = reasonData, let json = try? JSONValue.parse(text) else { return nil }
        return json["recentDatapoints"]?.arrayValue?.first?.doubleValue
    }

    /// An alarm's history, newest first; `.unsupported` where the endpoint lacks it.
    public func history(of alarm: String, max: Int = 100) async throws(AWSClientError) -> [AlarmHistoryItem] {
        let r = try await call("DescribeAlarmHistory", ["AlarmName": .string(alarm), "MaxRecords": .int(max), "ScanBy": "TimestampDescending"],
                               optional: true)
        return (r["AlarmHistoryItems"]?.arrayValue ?? []).compactMap { h in
            guard let type = AlarmHistoryItem.HistoryItemType(rawValue: h["HistoryItemType"]?.stringValue ?? "") else { return nil }
            return AlarmHistoryItem(alarmName: h["AlarmName"]?.stringValue ?? alarm, timestamp: AWSTime.timestamp(h["Timestamp"]) ?? Timestamp(millis: 0),
                                    type: type, summary: h["HistorySummary"]?.stringValue ?? "", data: h["HistoryData"]?.stringValue ?? "")
        }
    }

    /// One query of ``values(_:start:end:)``.
    public struct MetricQuery: Sendable, Hashable {
        public var id: String
        public var namespace: String
        public var name: String
        public var dimensions: [String: String]
        public var stat: String
        public var period: Int
        public init(id: String, namespace: String, name: String, dimensions: [String: String], stat: String, period: Int) {
            self.id = id; self.namespace = namespace; self.name = name; self.dimensions = dimensions; self.stat = stat; self.period = period
        }
    }

    /// GetMetricData over up to 500 queries at a time: each query's datapoints by start time (epoch ms).
    public func values(_ queries: [MetricQuery], start: Date, end: Date) async throws(AWSClientError) -> [String: [Int64: Double]] {
        var values: [String: [Int64: Double]] = [:]
        for chunkStart in stride(from: 0, to: queries.count, by: 500) {
            let chunk = queries[chunkStart..<min(chunkStart + 500, queries.count)]
            let list: [JSONValue] = chunk.map { q in
                let metric: JSONValue = ["Namespace": .string(q.namespace), "MetricName": .string(q.name),
                                         "Dimensions": .array(q.dimensions.sorted { $0.key < $1.key }.map { ["Name": .string($0.key), "Value": .string($0.value)] })]
                return ["Id": .string(q.id), "MetricStat": ["Metric": metric, "Period": .int(q.period), "Stat": .string(q.stat)], "ReturnData": true]
            }
            var token: String?
            var pages = 0
            repeat {
                pages += 1
                var body: [String: JSONValue] = ["MetricDataQueries": .array(list), "StartTime": .double(start.timeIntervalSince1970.rounded(.down)),
                                                 "EndTime": .double(end.timeIntervalSince1970.rounded(.up)), "ScanBy": "TimestampAscending"]
                if let token { body["NextToken"] = .string(token) }
                let r = try await call("GetMetricData", .object(body))
                for result in r["MetricDataResults"]?.arrayValue ?? [] {
                    guard let id = result["Id"]?.stringValue else { continue }
                    let times = (result["Timestamps"]?.arrayValue ?? []).map { AWSTime.timestamp($0)?.millis ?? 0 }
                    let vals = (result["Values"]?.arrayValue ?? []).map { $0.doubleValue ?? 0 }
                    for (t, v) in zip(times, vals) { values[id, default: [:]][t] = v }
                }
                token = r["NextToken"]?.stringValue
            } while token != nil && pages < AWSConnection.maxPages
        }
        return values
    }

    /// One metric's one-minute statistics over the last `minutes` minutes (four queries in one GetMetricData call).
    public func series(namespace: String, name: String, dimensions: [String: String], minutes: Int, now: Date) async throws(AWSClientError) -> ControlAPI.MetricSeries {
        let stats = ["n": "SampleCount", "s": "Sum", "lo": "Minimum", "hi": "Maximum"]
        let queries = stats.sorted { $0.key < $1.key }.map { MetricQuery(id: $0.key, namespace: namespace, name: name, dimensions: dimensions, stat: $0.value, period: 60) }
        let end = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.up) * 60)
        let values = try await values(queries, start: end.addingTimeInterval(-Double(max(1, minutes) * 60)), end: end)
        let points = (values["n"] ?? [:]).keys.sorted().compactMap { t -> ControlAPI.MetricPoint? in
            guard let n = values["n"]?[t], let s = Statistics(sampleCount: n, sum: values["s"]?[t] ?? 0,
                                                                minimum: values["lo"]?[t] ?? 0, maximum: values["hi"]?[t] ?? 0) else { return nil }
            return ControlAPI.MetricPoint(start: Timestamp(millis: t), statistics: s)
        }
        return ControlAPI.MetricSeries(namespace: namespace, name: name, dimensions: dimensions, points: points)
    }
}

/// Timestamps as AWS JSON protocols send them: epoch seconds (a number) or ISO-8601 text.
enum AWSTime {
    static func timestamp(_ value: JSONValue?) -> Timestamp? {
        guard let value else { return nil }
        if let seconds = value.doubleValue { return seconds > 100_000_000_000 ? Timestamp(millis: Int64(seconds)) : Timestamp(seconds: seconds) }
        if let text = value.stringValue {
            if let seconds = Double(text) { return Timestamp(seconds: seconds) }
            return ISO8601.parse(text) ?? ISO8601DateFormatter().date(from: text).map(Timestamp.init(date:))
        }
        return nil
    }
}
