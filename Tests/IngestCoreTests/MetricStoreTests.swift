import IngestCore
import Testing

@Suite("Metric store: minute buckets, statistics and bounds")
struct MetricStoreTests {
    let key = MetricKey.sqs("ApproximateNumberOfMessagesVisible", queue: "dlq")
    /// 2025-11-29T03:00:00Z.
    let base = ISO8601.parse("2025-11-29T03:00:00Z")!

    func at(minute: Int, second: Int = 0) -> Timestamp { base.adding(seconds: minute * 60 + second) }

    @Test("samples in the same minute share one bucket")
    func sameMinuteSharesBucket() {
        var store = MetricStore()
        store.record(key, value: 1, at: at(minute: 0, second: 5))
        store.record(key, value: 3, at: at(minute: 0, second: 59))
        store.record(key, value: 2, at: at(minute: 1))
        #expect(store.bucketCount(key) == 2)
        let s = store.statistics(key, from: at(minute: 0), to: at(minute: 1))
        #expect(s == Statistics(sampleCount: 2, sum: 4, minimum: 1, maximum: 3))
    }

    @Test("a period's statistics merge the minute buckets that start inside it")
    func periodMergesBuckets() {
        var store = MetricStore()
        for m in 0..<10 { store.record(key, value: Double(m), at: at(minute: m, second: 30)) }
        let s = store.statistics(key, from: at(minute: 5), to: at(minute: 10))!
        #expect(s.sampleCount == 5)
        #expect(s.sum == 5 + 6 + 7 + 8 + 9)
        #expect(s.minimum == 5)
        #expect(s.maximum == 9)
        #expect(s.average == 7)
    }

    @Test("a period with no sample has no statistics")
    func emptyPeriodIsNil() {
        var store = MetricStore()
        store.record(key, value: 1, at: at(minute: 0))
        #expect(store.statistics(key, from: at(minute: 1), to: at(minute: 5)) == nil)
        #expect(store.statistics(MetricKey.sqs("Other", queue: "dlq"), from: at(minute: 0), to: at(minute: 5)) == nil)
    }

    @Test("each statistic reads its value from the merged buckets", arguments: [
        (Statistic.sampleCount, 3.0), (.sum, 9.0), (.average, 3.0), (.minimum, 1.0), (.maximum, 5.0),
    ])
    func eachStatistic(statistic: Statistic, expected: Double) {
        var store = MetricStore()
        store.record(key, value: 1, at: at(minute: 0))
        store.record(key, value: 5, at: at(minute: 1))
        store.record(key, value: 3, at: at(minute: 4, second: 59))
        let s = store.statistics(key, from: at(minute: 0), to: at(minute: 5))!
        #expect(statistic.value(of: s) == expected)
        #expect(s.value(of: statistic) == expected)
    }

    @Test("merge and add keep count, sum, minimum and maximum")
    func mergeAndAdd() {
        var a = Statistics(value: 4)
        a.add(-2)
        let b = Statistics(sampleCount: 3, sum: 30, minimum: 5, maximum: 15)!
        a.merge(b)
        #expect(a == Statistics(sampleCount: 5, sum: 32, minimum: -2, maximum: 15))
        #expect(Statistics(sampleCount: 0, sum: 0, minimum: 0, maximum: 0) == nil)
        #expect(Statistics(sampleCount: 1, sum: 0, minimum: 2, maximum: 1) == nil)
    }

    @Test("series lists each period oldest first, with nil for gaps")
    func seriesHasGaps() {
        var store = MetricStore()
        store.record(key, value: 2, at: at(minute: 1))
        store.record(key, value: 7, at: at(minute: 11))
        let series = store.series(key, period: 300, count: 3, endingAt: at(minute: 15))
        #expect(series.map(\.start) == [at(minute: 0), at(minute: 5), at(minute: 10)])
        #expect(series.map { $0.statistics?.maximum } == [2, nil, 7])
        #expect(store.series(key, period: 0, count: 3, endingAt: at(minute: 15)).isEmpty)
    }

    @Test("period starts align to the Unix epoch")
    func periodAlignment() {
        #expect(MetricStore.periodStart(of: at(minute: 7, second: 12), period: 300) == at(minute: 5))
        #expect(MetricStore.periodStart(of: at(minute: 10), period: 300) == at(minute: 10))
        #expect(MetricStore.periodStart(of: Timestamp(millis: -1), period: 60) == Timestamp(millis: -60_000))
    }

    @Test("dimensions make distinct metrics; keys are listed per namespace, sorted")
    func keysPerNamespace() {
        var store = MetricStore()
        let a = MetricKey.sqs("NumberOfMessagesSent", queue: "b")
        let b = MetricKey.sqs("NumberOfMessagesSent", queue: "a")
        let c = MetricKey(namespace: "AWS/SQS", name: "NumberOfMessagesSent", dimensions: ["QueueName": "a", "Env": "prod"])
        let d = MetricKey.sns("NumberOfNotificationsDelivered", topic: "t")
        for k in [a, b, c, d] { store.record(k, value: 1, at: at(minute: 0)) }
        #expect(store.keys(namespace: "AWS/SQS") == [c, b, a])
        #expect(store.keys(namespace: "AWS/SNS") == [d])
        #expect(store.keys().count == 4)
        #expect(b.description == "AWS/SQS NumberOfMessagesSent {QueueName=a}")
    }

    @Test("latest returns the newest minute bucket")
    func latestBucket() {
        var store = MetricStore()
        #expect(store.latest(key) == nil)
        store.record(key, value: 1, at: at(minute: 0))
        store.record(key, value: 4, at: at(minute: 3, second: 10))
        store.record(key, value: 6, at: at(minute: 3, second: 20))
        let latest = store.latest(key)!
        #expect(latest.start == at(minute: 3))
        #expect(latest.statistics.maximum == 6)
        #expect(latest.statistics.sampleCount == 2)
    }

    @Test("a metric keeps at most retentionMinutes buckets")
    func retentionBound() {
        var store = MetricStore()
        #expect(store.retentionMinutes == 1440)
        for m in 0..<3000 { store.record(key, value: Double(m), at: at(minute: m)) }
        #expect(store.bucketCount(key) == 1440)
        #expect(store.totalBucketCount == 1440)
        #expect(store.statistics(key, from: at(minute: 0), to: at(minute: 1560)) == nil)
        #expect(store.statistics(key, from: at(minute: 1560), to: at(minute: 1561))?.maximum == 1560)
    }

    @Test("samples older than the retained window are dropped; late samples inside it are merged in order")
    func lateSamples() {
        var store = MetricStore(retentionMinutes: 10)
        store.record(key, value: 1, at: at(minute: 20))
        store.record(key, value: 9, at: at(minute: 5))          // older than minute 11: dropped
        #expect(store.bucketCount(key) == 1)
        store.record(key, value: 4, at: at(minute: 15))         // late but retained: inserted
        store.record(key, value: 2, at: at(minute: 15))
        store.record(key, value: 3, at: at(minute: 12))
        #expect(store.bucketCount(key) == 3)
        let series = store.series(key, period: 60, count: 10, endingAt: at(minute: 21))
        #expect(series.compactMap { $0.statistics?.sum } == [3, 6, 1])
    }

    @Test("prune drops buckets older than the retention before now and forgets empty metrics")
    func pruneByNow() {
        var store = MetricStore(retentionMinutes: 60)
        let other = MetricKey.sqs("NumberOfMessagesSent", queue: "dlq")
        store.record(key, value: 1, at: at(minute: 0))
        store.record(key, value: 1, at: at(minute: 100))
        store.record(other, value: 1, at: at(minute: 30))
        store.prune(now: at(minute: 120))
        #expect(store.bucketCount(key) == 1)
        #expect(store.keys() == [key])
        store.remove(key)
        #expect(store.keys().isEmpty)
    }

    @Test("non-finite samples are ignored")
    func nonFinite() {
        var store = MetricStore()
        store.record(key, value: .nan, at: at(minute: 0))
        store.record(key, value: .infinity, at: at(minute: 0))
        #expect(store.bucketCount(key) == 0)
    }
}
