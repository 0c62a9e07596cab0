import Synchronization

/// The engine-wide metric store, safe to record into from any task (a mutex around `MetricStore`;
/// recording is a dictionary update, so contention stays short).
public final class MetricRecorder: MetricSink {
    private let store: Mutex<MetricStore>

    public init(retentionMinutes: Int = 1440) {
        store = Mutex(MetricStore(retentionMinutes: retentionMinutes))
    }

    public func record(namespace: String, name: String, dimensions: [String: String], value: Double, at: Timestamp) {
        let key = MetricKey(namespace: namespace, name: name, dimensions: dimensions)
        store.withLock { $0.record(key, value: value, at: at) }
    }

    /// A copy of the store for reading (alarm evaluation, charts, `ingest metrics`).
    public func snapshot() -> MetricStore { store.withLock { $0 } }

    /// Drops buckets older than the retention.
    public func prune(now: Timestamp) { store.withLock { $0.prune(now: now) } }
}
