/// Why a metric query was refused, with CloudWatch's error code (`InvalidParameterValue`,
/// `InvalidParameterCombination`, `MissingParameter`).
public struct MetricQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(code): \(message)" }
}

/// A filter of `ListMetrics`: a dimension by name, and by value when one is given.
public struct DimensionFilter: Sendable, Hashable {
    public var name: String
    public var value: String?
    public init(name: String, value: String? = nil) {
        self.name = name
        self.value = value
    }
}

/// The reads behind `GetMetricStatistics`, `GetMetricData` and `ListMetrics`.
extension MetricStore {
    /// The most datapoints one `GetMetricStatistics` call returns.
    public static let maxStatisticsDatapoints = 1_440

    /// Checks a query's period and range as CloudWatch does: a period of 1, 5, 10, 20 or 30 seconds or a multiple
    /// of 60, and a start before the end. `maxDatapoints` bounds how many periods the range may hold.
    public static func validateQuery(period: Int, from: Timestamp, to: Timestamp, maxDatapoints: Int? = nil) throws(MetricQueryError) {
        guard period > 0, [1, 5, 10, 20, 30].contains(period) || period % 60 == 0 else {
            throw MetricQueryError(code: "InvalidParameterValue",
                                   message: "The parameter Period must be 1, 5, 10, 20, 30, or a multiple of 60 seconds, got \(period).")
        }
        guard from < to else {
            throw MetricQueryError(code: "InvalidParameterValue", message: "The parameter StartTime must be less than the parameter EndTime.")
        }
        if let maxDatapoints {
            let count = (to.millis - from.millis + Int64(period) * 1000 - 1) / (Int64(period) * 1000)
            guard count <= Int64(maxDatapoints) else {
                throw MetricQueryError(code: "InvalidParameterCombination",
                                       message: "You have requested up to \(count) datapoints, which exceeds the limit of \(maxDatapoints). You may reduce the datapoints requested by increasing Period, or decreasing the time range.")
            }
        }
    }

    /// The periods of `period` seconds, aligned to the epoch, that start in `[from, to)` and hold a sample,
    /// oldest first, each with its statistics.
    public func datapoints(_ key: MetricKey, period: Int, from: Timestamp, to: Timestamp) -> [(start: Timestamp, statistics: Statistics)] {
        guard period > 0, from < to else { return [] }
        let step = Int64(period) * 1000
        var start = Self.periodStart(of: from, period: period)
        if start < from { start = start.adding(millis: step) }
        var out: [(start: Timestamp, statistics: Statistics)] = []
        while start < to {
            if let s = statistics(key, from: start, to: start.adding(millis: step)) { out.append((start: start, statistics: s)) }
            start = start.adding(millis: step)
        }
        return out
    }

    /// `ListMetrics`: the metrics with data, sorted, of a namespace and name when given, that have every
    /// filtered dimension (with its value, when the filter gives one).
    public func keys(namespace: String?, name: String?, dimensions: [DimensionFilter]) -> [MetricKey] {
        keys(namespace: namespace).filter { key in
            if let name, key.name != name { return false }
            return dimensions.allSatisfy { f in
                guard let v = key.dimensions[f.name] else { return false }
                return f.value.map { $0 == v } ?? true
            }
        }
    }
}
