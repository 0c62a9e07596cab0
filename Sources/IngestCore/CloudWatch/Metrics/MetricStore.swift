import DequeModule

/// CloudWatch-style metric storage: per metric, one `Statistics` bucket per UTC minute.
///
/// Every data point (a counter increment or a gauge sample) adds one sample to the bucket of the minute it
/// falls in, the way a standard-resolution metric stores data in CloudWatch. Queries merge the minute buckets
/// that *start* inside the asked range, so a 5-minute period `[03:05, 03:10)` merges the buckets 03:05 ... 03:09.
///
/// Memory is bounded: each metric keeps at most `retentionMinutes` minutes, counted back from its newest
/// bucket. Buckets live in a ring (a `Deque` in minute order); a new minute drops expired buckets from the
/// front, O(1) amortized per record. A sample older than the retained window is dropped.
public struct MetricStore: Sendable {
    /// How many minutes of buckets each metric keeps (default 1440, one day).
    public let retentionMinutes: Int
    private var series: [MetricKey: Deque<Bucket>] = [:]

    struct Bucket: Sendable, Hashable {
        var minute: Int64
        var statistics: Statistics
    }

    public init(retentionMinutes: Int = 1440) {
        self.retentionMinutes = max(1, retentionMinutes)
    }

    // MARK: - Writing

    /// Adds one sample (a counter increment or a gauge reading) to the minute bucket of `at`.
    public mutating func record(_ key: MetricKey, value: Double, at: Timestamp) {
        guard value.isFinite else { return }
        record(key, statistics: Statistics(value: value), at: at)
    }

    /// Folds a pre-aggregated statistic set into the minute bucket of `at`.
    public mutating func record(_ key: MetricKey, statistics: Statistics, at: Timestamp) {
        let minute = Self.minute(of: at)
        var buckets = series.removeValue(forKey: key) ?? []
        defer { series[key] = buckets }
        guard let last = buckets.last else {
            buckets.append(Bucket(minute: minute, statistics: statistics))
            return
        }
        if minute > last.minute {
            buckets.append(Bucket(minute: minute, statistics: statistics))
            let oldestKept = minute - Int64(retentionMinutes) + 1
            while let first = buckets.first, first.minute < oldestKept { buckets.removeFirst() }
        } else if minute == last.minute {
            buckets[buckets.count - 1].statistics.merge(statistics)
        } else {
            // A late sample: keep it only inside the retained window.
            guard minute > last.minute - Int64(retentionMinutes) else { return }
            let i = Self.lowerBound(buckets, minute)
            if i < buckets.count, buckets[i].minute == minute {
                buckets[i].statistics.merge(statistics)
            } else {
                buckets.insert(Bucket(minute: minute, statistics: statistics), at: i)
            }
        }
    }

    /// Drops, for every metric, the buckets older than `retentionMinutes` before `now`, and forgets metrics
    /// left with none. Call it now and then so that metrics which stopped reporting do not linger.
    public mutating func prune(now: Timestamp) {
        let oldestKept = Self.minute(of: now) - Int64(retentionMinutes) + 1
        for key in Array(series.keys) {
            guard var buckets = series.removeValue(forKey: key) else { continue }
            while let first = buckets.first, first.minute < oldestKept { buckets.removeFirst() }
            if !buckets.isEmpty { series[key] = buckets }
        }
    }

    /// Forgets one metric entirely (for example when its queue is deleted).
    public mutating func remove(_ key: MetricKey) {
        series[key] = nil
    }

    // MARK: - Reading

    /// The merged statistics of the minute buckets starting in `[from, to)`; `nil` when there is no sample.
    public func statistics(_ key: MetricKey, from: Timestamp, to: Timestamp) -> Statistics? {
        guard let buckets = series[key], to > from else { return nil }
        let first = Self.ceilMinute(from), end = Self.ceilMinute(to)
        var i = Self.lowerBound(buckets, first)
        var result: Statistics?
        while i < buckets.count, buckets[i].minute < end {
            if result == nil { result = buckets[i].statistics } else { result!.merge(buckets[i].statistics) }
            i += 1
        }
        return result
    }

    /// `count` consecutive periods of `period` seconds ending at `endingAt` (exclusive), oldest first, each with
    /// its statistics or `nil` when it had no sample. Align `endingAt` with `MetricStore.periodStart(of:period:)`
    /// for CloudWatch-style buckets.
    public func series(_ key: MetricKey, period: Int, count: Int, endingAt: Timestamp) -> [(start: Timestamp, statistics: Statistics?)] {
        guard period > 0, count > 0 else { return [] }
        let step = Int64(period) * 1000
        var out: [(start: Timestamp, statistics: Statistics?)] = []
        out.reserveCapacity(count)
        for k in stride(from: count, through: 1, by: -1) {
            let start = Timestamp(millis: endingAt.millis - Int64(k) * step)
            out.append((start: start, statistics: statistics(key, from: start, to: start.adding(millis: step))))
        }
        return out
    }

    /// Every metric with data, sorted; only those of `namespace` when it is given.
    public func keys(namespace: String? = nil) -> [MetricKey] {
        series.keys.filter { namespace == nil || $0.namespace == namespace }.sorted()
    }

    /// The newest minute bucket of a metric.
    public func latest(_ key: MetricKey) -> (start: Timestamp, statistics: Statistics)? {
        guard let last = series[key]?.last else { return nil }
        return (start: Timestamp(millis: last.minute * 60_000), statistics: last.statistics)
    }

    /// How many minute buckets a metric holds (never more than `retentionMinutes`).
    public func bucketCount(_ key: MetricKey) -> Int { series[key]?.count ?? 0 }

    /// Minute buckets held across all metrics.
    public var totalBucketCount: Int { series.values.reduce(0) { $0 + $1.count } }

    // MARK: - Time helpers

    /// The start of the `period`-second bucket containing `t`, with buckets aligned to the Unix epoch (UTC).
    public static func periodStart(of t: Timestamp, period: Int) -> Timestamp {
        let step = Int64(max(1, period)) * 1000
        return Timestamp(millis: floorDiv(t.millis, step) * step)
    }

    static func minute(of t: Timestamp) -> Int64 { floorDiv(t.millis, 60_000) }

    /// The first minute whose start is at or after `t`.
    static func ceilMinute(_ t: Timestamp) -> Int64 { -floorDiv(-t.millis, 60_000) }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// The index of the first bucket with `minute >= m`.
    static func lowerBound(_ buckets: Deque<Bucket>, _ m: Int64) -> Int {
        var lo = 0, hi = buckets.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if buckets[mid].minute < m { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
