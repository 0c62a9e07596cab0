/// The summary CloudWatch keeps of the samples in one bucket: count, sum, minimum and maximum.
///
/// A `Statistics` always holds at least one sample; "no data" is `nil` wherever it is returned.
public struct Statistics: Sendable, Hashable, Codable {
    public private(set) var sampleCount: Double
    public private(set) var sum: Double
    public private(set) var minimum: Double
    public private(set) var maximum: Double

    /// One sample.
    public init(value: Double) {
        sampleCount = 1
        sum = value
        minimum = value
        maximum = value
    }

    /// A statistic set as `PutMetricData`'s `StatisticValues` gives it; `nil` unless `sampleCount > 0`,
    /// `minimum <= maximum` and every value is finite.
    public init?(sampleCount: Double, sum: Double, minimum: Double, maximum: Double) {
        guard sampleCount > 0, minimum <= maximum, sampleCount.isFinite, sum.isFinite, minimum.isFinite, maximum.isFinite
        else { return nil }
        self.sampleCount = sampleCount
        self.sum = sum
        self.minimum = minimum
        self.maximum = maximum
    }

    /// `sum / sampleCount`.
    public var average: Double { sum / sampleCount }

    /// Adds one sample.
    public mutating func add(_ value: Double) {
        sampleCount += 1
        sum += value
        minimum = Swift.min(minimum, value)
        maximum = Swift.max(maximum, value)
    }

    /// Folds another bucket into this one.
    public mutating func merge(_ other: Statistics) {
        sampleCount += other.sampleCount
        sum += other.sum
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }

    /// This bucket folded with another.
    public func merging(_ other: Statistics) -> Statistics {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// The value of one statistic.
    public func value(of statistic: Statistic) -> Double { statistic.value(of: self) }
}

/// The statistics an alarm or a chart can ask for (`ExtendedStatistic` percentiles are not kept).
public enum Statistic: String, Sendable, Hashable, Codable, CaseIterable {
    case sampleCount = "SampleCount"
    case average = "Average"
    case sum = "Sum"
    case minimum = "Minimum"
    case maximum = "Maximum"

    public func value(of s: Statistics) -> Double {
        switch self {
        case .sampleCount: return s.sampleCount
        case .average: return s.average
        case .sum: return s.sum
        case .minimum: return s.minimum
        case .maximum: return s.maximum
        }
    }

    /// The spelling in an alarm's SNS notification (`Trigger.Statistic`): `MAXIMUM`, `SAMPLE_COUNT`, ...
    public var notificationName: String {
        switch self {
        case .sampleCount: return "SAMPLE_COUNT"
        case .average: return "AVERAGE"
        case .sum: return "SUM"
        case .minimum: return "MINIMUM"
        case .maximum: return "MAXIMUM"
        }
    }
}
