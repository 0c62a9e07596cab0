/// Everything the operations console shows at one instant, in one value: served whole by
/// `GET /v1/console/snapshot` so a console makes one round trip per refresh, attached or in process.
///
/// Its size does not grow with queue depth: queues appear as counts, never as messages. Dead letters,
/// table items and stream records are read on demand, a page at a time (``ConsoleCommand``).
public struct ConsoleSnapshot: Sendable, Hashable, Codable {
    /// Topics, queues (with DLQ links), move tasks, read-only flag, engine start and current time.
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

    public init(status: EngineStatus, functions: [FunctionSummary], mappings: [MappingSummary], alarms: [AlarmSummary],
                tables: [TableSummary], gateway: GatewayTraffic, logs: [LogLine], lastLogId: UInt64) {
        self.status = status
        self.functions = functions
        self.mappings = mappings
        self.alarms = alarms
        self.tables = tables
        self.gateway = gateway
        self.logs = logs
        self.lastLogId = lastLogId
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

/// Something the console asks of the engine beyond the periodic snapshot: a page to read or a change to
/// make. Changes are refused by a read-only engine whatever the console shows.
public enum ConsoleCommand: Sendable, Hashable, Codable {
    // Reads.
    /// A page of a dead-letter queue (any queue, in fact), after a cursor.
    case deadLetters(queue: String, after: UInt64?, limit: Int)
    /// The log lines of every invocation whose log mentions the message id (the failures that sent it to a DLQ).
    case messageLogs(messageId: String)
    /// An alarm's history, newest first.
    case alarmHistory(alarm: String)
    /// One metric's one-minute datapoints for the last `minutes` minutes.
    case metric(namespace: String, name: String, dimensions: [String: String], minutes: Int)
    /// Log lines matching a query (for filters and jumps to a request id).
    case logs(LogQuery)
    /// A page of a table's items.
    case tableItems(table: String, limit: Int)
    /// A table's newest stream records.
    case streamRecords(table: String, limit: Int)

    // Changes.
    case redrive(RedriveRequest)
    case cancelMoveTask(source: String)
    case purge(queue: String)
    case deleteMessage(queue: String, messageId: String)
    /// Sends a DLQ message (with an edited body, when given) to its source queue or `to`, and removes it from the DLQ.
    case resend(queue: String, messageId: String, body: String?, to: String?)
    case configureFunction(name: String, body: ControlAPI.ConfigureFunctionBody)
    case replay(ControlAPI.ReplayRequest)
    case resetStream(ControlAPI.StreamReplayBody)

    /// Whether the command changes the engine (hidden and refused in read-only mode).
    public var isChange: Bool {
        switch self {
        case .deadLetters, .messageLogs, .alarmHistory, .metric, .logs, .tableItems, .streamRecords: return false
        case .redrive, .cancelMoveTask, .purge, .deleteMessage, .resend, .configureFunction, .replay, .resetStream: return true
        }
    }
}

/// What a ``ConsoleCommand`` returned.
public enum ConsoleReply: Sendable, Hashable, Codable {
    case deadLetters(DeadLetterPage)
    case logLines([LogLine])
    case alarmHistory([AlarmHistoryItem])
    case metric(ControlAPI.MetricSeries?)
    /// Items as plain JSON objects (DynamoDB types unwrapped).
    case tableItems(table: String, items: [JSONValue])
    case streamRecords(table: String, records: [JSONValue])
    case moveTask(MoveTaskInfo)
    case purged(PurgeResult)
    case deleted(queue: String, messageId: String)
    /// The new message id in the destination queue.
    case resent(queue: String, messageId: String, newMessageId: String)
    case configured(ControlAPI.ConfigureFunctionReply)
    case replayed(ReplayResult)
    case streamReset(StreamConsumerStatus)
}
