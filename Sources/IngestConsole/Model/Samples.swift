import IngestCore

/// The model's own history of counters and gauges, one bounded ring per key, sampled at every snapshot:
/// rates per minute come from diffing counters over time, sparklines from gauges.
public struct Samples: Sendable, Hashable {
    struct Sample: Sendable, Hashable {
        var at: Timestamp
        var value: Double
    }

    /// Samples kept per key.
    public static let capacity = 64
    private var rings: [String: [Sample]] = [:]

    public init() {}

    /// Adds a sample; a sample older than the newest is ignored so time never runs backwards.
    mutating func record(_ key: String, _ value: Double, at: Timestamp) {
        var ring = rings[key, default: []]
        if let last = ring.last, last.at >= at { ring[ring.count - 1].value = value } else { ring.append(Sample(at: at, value: value)) }
        if ring.count > Samples.capacity { ring.removeFirst(ring.count - Samples.capacity) }
        rings[key] = ring
    }

    /// The counter's increase per minute over the last `window` milliseconds (at least two samples, at
    /// least one second apart); a counter that went down (engine restart) restarts from zero.
    func ratePerMinute(_ key: String, now: Timestamp, window: Int64 = 60_000) -> Double? {
        guard let ring = rings[key], let newest = ring.last else { return nil }
        guard let oldest = ring.first(where: { $0.at.millis >= now.millis - window }), oldest.at < newest.at else { return nil }
        let elapsed = Double(newest.at.millis(since: oldest.at))
        guard elapsed >= 1_000 else { return nil }
        let delta = newest.value >= oldest.value ? newest.value - oldest.value : newest.value
        return delta * 60_000 / elapsed
    }

    /// The newest `count` values, oldest first.
    func recent(_ key: String, count: Int) -> [Double] {
        guard let ring = rings[key] else { return [] }
        return ring.suffix(count).map(\.value)
    }
}
