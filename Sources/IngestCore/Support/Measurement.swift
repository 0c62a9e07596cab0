extension Duration {
    /// The duration in milliseconds, with fractions (what benchmarks and `Init Duration` print).
    public var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}

/// The value at quantile `p` (0...1) of values sorted ascending, the lower of two neighbours; `nil` when empty.
public func percentile(_ sorted: [Double], _ p: Double) -> Double? {
    sorted.isEmpty ? nil : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}
