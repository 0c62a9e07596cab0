import IngestCore

/// `GET /v1/status`: topics, queues, move tasks and the engine's settings.
public struct StatusOperation: PlainControlOperation {
    public typealias Reply = EngineStatus
    public static let method = ControlMethod.get
    public static let pattern = "v1/status"
    public init() {}
}

/// `GET /v1/keys`: the gateway's URL, topic ARNs and API keys.
public struct KeysOperation: PlainControlOperation {
    public typealias Reply = KeysInfo
    public static let method = ControlMethod.get
    public static let pattern = "v1/keys"
    public init() {}
}

/// `GET /v1/keys/usage`: each key's usage-plan counters.
public struct KeyUsageOperation: PlainControlOperation {
    public typealias Reply = [KeyUsage]
    public static let method = ControlMethod.get
    public static let pattern = "v1/keys/usage"
    public init() {}
}

/// `GET /v1/events?limit=`: the engine's newest events (default 200).
public struct EventsOperation: ControlOperation {
    public typealias Reply = [EngineEvent]
    public static let method = ControlMethod.get
    public static let pattern = "v1/events"
    public var limit: Int
    public init(limit: Int = 200) { self.limit = limit }
    public init(request: ControlRequest) throws { limit = request.int("limit", default: 200) }
    public func request() throws -> ControlRequest { ControlRequest(query: [QueryItem("limit", String(limit))]) }
}

/// `POST /v1/publish`: publishes one message to a topic.
public struct PublishOperation: BodyControlOperation {
    public typealias Reply = PublishResult
    public static let method = ControlMethod.post
    public static let pattern = "v1/publish"
    public var body: ControlAPI.PublishBody
    public init(body: ControlAPI.PublishBody) { self.body = body }
}

/// `GET /v1/console/snapshot?logsAfter=&logLimit=`: everything a console shows (at most 2,000 log lines by default).
public struct ConsoleSnapshotOperation: ControlOperation {
    public typealias Reply = ConsoleSnapshot
    public static let method = ControlMethod.get
    public static let pattern = "v1/console/snapshot"
    public var logsAfter: UInt64?
    public var logLimit: Int
    public var timeout: Duration { .seconds(10) }

    public init(logsAfter: UInt64?, logLimit: Int = 2_000) {
        self.logsAfter = logsAfter
        self.logLimit = logLimit
    }

    public init(request: ControlRequest) throws {
        self.init(logsAfter: request.uint64("logsAfter"), logLimit: request.int("logLimit", default: 2_000))
    }

    public func request() throws -> ControlRequest {
        var q = [QueryItem("logLimit", String(logLimit))]
        if let logsAfter { q.append(QueryItem("logsAfter", String(logsAfter))) }
        return ControlRequest(query: q)
    }
}
