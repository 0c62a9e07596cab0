import IngestCore

/// `GET /v1/alarms`: every alarm's state.
public struct ListAlarmsOperation: PlainControlOperation {
    public typealias Reply = [AlarmSummary]
    public static let method = ControlMethod.get
    public static let pattern = "v1/alarms"
    public init() {}
}

/// `GET /v1/alarms/{name}/history`: an alarm's history, newest first.
public struct AlarmHistoryOperation: ControlOperation {
    public typealias Reply = [AlarmHistoryItem]
    public static let method = ControlMethod.get
    public static let pattern = "v1/alarms/:name/history"
    public var name: String
    public init(name: String) { self.name = name }
    public init(request: ControlRequest) throws { name = try request.path("name") }
    public func request() throws -> ControlRequest { ControlRequest(pathValues: ["name": name]) }
}

/// `GET /v1/metrics?namespace=&minutes=`: recent one-minute datapoints of every metric (default 15 minutes).
public struct MetricsOperation: ControlOperation {
    public typealias Reply = [ControlAPI.MetricSeries]
    public static let method = ControlMethod.get
    public static let pattern = "v1/metrics"
    public var namespace: String?
    public var minutes: Int

    public init(namespace: String? = nil, minutes: Int = 15) {
        self.namespace = namespace
        self.minutes = minutes
    }

    public init(request: ControlRequest) throws {
        self.init(namespace: request.query("namespace"), minutes: request.int("minutes", default: 15))
    }

    public func request() throws -> ControlRequest {
        var q = [QueryItem("minutes", String(minutes))]
        if let namespace { q.append(QueryItem("namespace", namespace)) }
        return ControlRequest(query: q)
    }
}
