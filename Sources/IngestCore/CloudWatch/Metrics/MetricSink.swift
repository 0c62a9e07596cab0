/// Where pipeline stages report metric samples (counters add a sample per event; gauges a sample per tick).
public protocol MetricSink: Sendable {
    func record(namespace: String, name: String, dimensions: [String: String], value: Double, at: Timestamp)
}

/// Discards samples (for tests that do not look at metrics).
public struct NoMetrics: MetricSink {
    public init() {}
    public func record(namespace: String, name: String, dimensions: [String: String], value: Double, at: Timestamp) {}
}
