import Foundation
import IngestCore

/// Metric reads: `GetMetricStatistics`, `GetMetricData`, `ListMetrics`, over the engine's metric store
/// (standard resolution: one bucket a minute, kept for a day).
extension CloudWatchService {
    var store: MetricStore { pipeline.metrics.snapshot() }

    func getMetricStatistics(_ input: AWSInput) throws -> AWSValue {
        let namespace = try input.string("Namespace"), name = try input.string("MetricName")
        let from = try input.timestamp("StartTime"), to = try input.timestamp("EndTime")
        guard let period = try input.optionalInt("Period") else { throw AWSError.missingParameter("Period") }
        let names = try input.strings("Statistics")
        if !(try input.strings("ExtendedStatistics")).isEmpty {
            throw Self.error("InvalidParameterValue", "ExtendedStatistics (percentiles) are not kept by this engine: use Statistics.")
        }
        guard !names.isEmpty else { throw Self.error("MissingParameter", "Must specify either Statistics or ExtendedStatistics.") }
        guard names.count <= 5 else { throw Self.error("InvalidParameterValue", "The parameter Statistics takes at most 5 values, got \(names.count).") }
        let statistics = try names.map { s throws(AWSError) -> Statistic in
            guard let v = Statistic(rawValue: s) else {
                throw Self.error("InvalidParameterValue", "The parameter Statistics.member contains the invalid value \(s): use SampleCount, Average, Sum, Minimum or Maximum.")
            }
            return v
        }
        try MetricStore.validateQuery(period: period, from: from, to: to, maxDatapoints: MetricStore.maxStatisticsDatapoints)
        let key = MetricKey(namespace: namespace, name: name, dimensions: try input.dimensions("Dimensions"))
        let unit = try input.optionalString("Unit") ?? "None"
        let points: [AWSValue] = store.datapoints(key, period: period, from: from, to: to).map { p in
            var m = [AWSMember("Timestamp", Self.time(p.start))]
            for s in [Statistic.sampleCount, .average, .sum, .minimum, .maximum] where statistics.contains(s) {
                m.append(AWSMember(s.rawValue, Self.double(p.statistics.value(of: s))))
            }
            m.append(AWSMember("Unit", .string(unit)))
            return .structure(m)
        }
        return .structure([AWSMember("Label", .string(name)), AWSMember("Datapoints", .wrappedList(points))])
    }

    func getMetricData(_ input: AWSInput) throws -> AWSValue {
        let queries = try input.structures("MetricDataQueries")
        guard !queries.isEmpty else { throw Self.error("MissingParameter", "The parameter MetricDataQueries is required.") }
        guard queries.count <= 500 else { throw Self.error("InvalidParameterValue", "The parameter MetricDataQueries takes at most 500 queries, got \(queries.count).") }
        let from = try input.timestamp("StartTime"), to = try input.timestamp("EndTime")
        guard from < to else { throw Self.error("InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.") }
        if try input.optionalString("NextToken") != nil {
            throw Self.error("InvalidNextToken", "The service returned an invalid NextToken: this engine returns every datapoint in one page.")
        }
        let scan = try input.optionalString("ScanBy") ?? "TimestampDescending"
        guard scan == "TimestampDescending" || scan == "TimestampAscending" else {
            throw Self.error("ValidationError", "The value \(scan) for ScanBy is invalid: use TimestampDescending or TimestampAscending.")
        }
        let maxPoints = try input.optionalInt("MaxDatapoints") ?? 100_800
        var ids = Set<String>()
        let snapshot = store
        var results: [AWSValue] = []
        var total = 0
        for q in queries {
            let id = try q.string("Id")
            guard let first = id.unicodeScalars.first, ("a"..."z").contains(first),
                  id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
                throw Self.error("ValidationError", "The value \(id) for parameter MetricDataQueries.member.Id is invalid: it must start with a lowercase letter and hold only letters, digits and underscores.")
            }
            guard ids.insert(id).inserted else { throw Self.error("ValidationError", "The Id \(id) is used by more than one MetricDataQuery.") }
            if try q.optionalString("Expression") != nil {
                throw Self.error("InvalidParameterValue", "Metric math expressions are not supported by this engine (query \(id)): use MetricStat.")
            }
            guard let stat = try q.optionalStructure("MetricStat") else {
                throw Self.error("MissingParameter", "The MetricDataQuery \(id) must have a MetricStat or an Expression.")
            }
            guard try q.optionalBool("ReturnData") ?? true else { continue }
            guard let metric = try stat.optionalStructure("Metric") else { throw AWSError.missingParameter("MetricStat.Metric") }
            guard let period = try stat.optionalInt("Period") else { throw AWSError.missingParameter("MetricStat.Period") }
            let statText = try stat.string("Stat")
            guard let statistic = Statistic(rawValue: statText) else {
                throw Self.error("InvalidParameterValue", "The statistic \(statText) of query \(id) is not kept by this engine: use SampleCount, Average, Sum, Minimum or Maximum.")
            }
            try MetricStore.validateQuery(period: period, from: from, to: to)
            let name = try metric.string("MetricName")
            let key = MetricKey(namespace: try metric.string("Namespace"), name: name, dimensions: try metric.dimensions("Dimensions"))
            var points = snapshot.datapoints(key, period: period, from: from, to: to)
            if scan == "TimestampDescending" { points.reverse() }
            let room = max(0, maxPoints - total)
            let partial = points.count > room
            points = Array(points.prefix(room))
            total += points.count
            results.append(.structure([
                AWSMember("Id", .string(id)),
                AWSMember("Label", .string(try q.optionalString("Label") ?? name)),
                AWSMember("Timestamps", .wrappedList(points.map { Self.time($0.start) })),
                AWSMember("Values", .wrappedList(points.map { Self.double($0.statistics.value(of: statistic)) })),
                AWSMember("StatusCode", .string(partial ? "PartialData" : "Complete")),
            ]))
        }
        return .structure([AWSMember("MetricDataResults", .wrappedList(results)), AWSMember("Messages", .wrappedList([]))])
    }

    func listMetrics(_ input: AWSInput) throws -> AWSValue {
        let filters = try input.structures("Dimensions").map { d throws(AWSError) in
            DimensionFilter(name: try d.string("Name"), value: try d.optionalString("Value"))
        }
        guard filters.count <= 10 else { throw Self.error("InvalidParameterValue", "The parameter Dimensions takes at most 10 filters, got \(filters.count).") }
        let recently = try input.optionalString("RecentlyActive")
        if let recently, recently != "PT3H" { throw Self.error("InvalidParameterValue", "The parameter RecentlyActive must be PT3H, got \(recently).") }
        let snapshot = store
        var keys = snapshot.keys(namespace: try input.optionalString("Namespace"), name: try input.optionalString("MetricName"), dimensions: filters)
        if recently != nil {
            let since = pipeline.clock.now().adding(seconds: -3 * 3600)
            keys = keys.filter { (snapshot.latest($0)?.start ?? since.adding(seconds: -60)) >= MetricStore.periodStart(of: since, period: 60) }
        }
        let page = try Self.page(keys, input, size: 500)
        var members = [AWSMember("Metrics", .wrappedList(page.items.map { k in
            .structure([AWSMember("Namespace", .string(k.namespace)), AWSMember("MetricName", .string(k.name)),
                        AWSMember("Dimensions", Self.dimensions(k.dimensions))])
        }))]
        members.add("NextToken", page.next.map(AWSValue.string))
        return .structure(members)
    }
}
