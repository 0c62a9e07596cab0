import IngestCore

/// Everything the operations console shows at one instant, in one value: served whole by
/// `GET /v1/console/snapshot` so a console makes one round trip per refresh, attached or in process.
///
/// Its size does not grow with queue depth: queues appear as counts, never as messages. Dead letters,
/// table items and stream records are read on demand, a page at a time (the console's commands).
public struct ConsoleSnapshot: Sendable, Hashable, Codable {
    /// Topics, queues (with DLQ links), move tasks, engine start and current time.
    public var status: EngineStatus
    public var functions: [FunctionSummary]
    public var mappings: [MappingSummary]
    public var alarms: [AlarmSummary]
    public var tables: [TableSummary]
    /// The gateway's traffic in the minute in progress and the one before it.
    public var gateway: GatewayTraffic
    /// Log lines after the `logsAfter` the console asked for, oldest first, at most `logLimit`.
    public var logs: [LogLine]
    /// The id of the newest line in the log book (0 when empty).
    public var lastLogId: UInt64
    /// The handlers a function can be switched to (the engine's handler registry), in the engine's order;
    /// `nil` from an engine that does not say.
    public var handlers: [String]?

    public init(status: EngineStatus, functions: [FunctionSummary], mappings: [MappingSummary], alarms: [AlarmSummary],
                tables: [TableSummary], gateway: GatewayTraffic, logs: [LogLine], lastLogId: UInt64, handlers: [String]? = nil) {
        self.status = status
        self.functions = functions
        self.mappings = mappings
        self.alarms = alarms
        self.tables = tables
        self.gateway = gateway
        self.logs = logs
        self.lastLogId = lastLogId
        self.handlers = handlers
    }
}

/// Gateway requests by outcome, per minute (from the `AWS/ApiGateway` metrics).
public struct GatewayTraffic: Sendable, Hashable, Codable {
    /// The gateway's base URL, when it listens.
    public var url: String?
    /// Requests in the last complete minute, and how many answered 4xx and 5xx.
    public var requestsLastMinute: Int
    public var clientErrorsLastMinute: Int
    public var serverErrorsLastMinute: Int
    /// Requests so far in the minute in progress.
    public var requestsThisMinute: Int
    /// Average latency in milliseconds over the last complete minute, when there were requests.
    public var latencyMillis: Double?

    public init(url: String?, requestsLastMinute: Int = 0, clientErrorsLastMinute: Int = 0, serverErrorsLastMinute: Int = 0,
                requestsThisMinute: Int = 0, latencyMillis: Double? = nil) {
        self.url = url
        self.requestsLastMinute = requestsLastMinute
        self.clientErrorsLastMinute = clientErrorsLastMinute
        self.serverErrorsLastMinute = serverErrorsLastMinute
        self.requestsThisMinute = requestsThisMinute
        self.latencyMillis = latencyMillis
    }
}
