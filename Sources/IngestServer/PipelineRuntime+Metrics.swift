import IngestAPI
import IngestCore

extension PipelineRuntime {
    /// Recent one-minute datapoints of every metric, optionally of one namespace (`GET /v1/metrics`).
    func metricSeries(namespace: String?, minutes: Int) -> [ControlAPI.MetricSeries] {
        let store = metrics.snapshot()
        // Minute buckets aligned like CloudWatch's, the last one being the minute in progress.
        let end = MetricStore.periodStart(of: clock.now(), period: 60).adding(seconds: 60)
        return store.keys(namespace: namespace).sorted().map { key in
            let points = store.series(key, period: 60, count: minutes, endingAt: end).compactMap { p in
                p.statistics.map { ControlAPI.MetricPoint(start: p.start, statistics: $0) }
            }
            return ControlAPI.MetricSeries(namespace: key.namespace, name: key.name, dimensions: key.dimensions, points: points)
        }
    }
}
