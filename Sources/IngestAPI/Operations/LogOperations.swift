import IngestCore

/// `GET /v1/logs?source=&level=&requestId=&since=&contains=&after=&limit=&wait=`: log lines matching a query.
/// With `wait=true` and `after`, the engine answers when a matching line arrives (a client waits up to a day).
public struct LogsOperation: ControlOperation {
    public typealias Reply = [LogLine]
    public static let method = ControlMethod.get
    public static let pattern = "v1/logs"
    public var query: LogQuery
    public var wait: Bool
    public var timeout: Duration { wait ? .seconds(24 * 3_600) : .seconds(30) }

    public init(query: LogQuery, wait: Bool = false) {
        self.query = query
        self.wait = wait
    }

    public init(request: ControlRequest) throws {
        guard let query = LogQuery(queryItems: request.query) else { throw SQSError.invalidParameterValue("bad log query") }
        self.init(query: query, wait: request.query("wait") == "true")
    }

    public func request() throws -> ControlRequest {
        ControlRequest(query: query.queryItems + (wait ? [QueryItem("wait", "true")] : []))
    }
}

/// `GET /v1/logs/for-message/{id}`: the lines of every invocation whose log mentions a message id.
public struct MessageLogsOperation: ControlOperation {
    public typealias Reply = [LogLine]
    public static let method = ControlMethod.get
    public static let pattern = "v1/logs/for-message/:id"
    public var messageId: String
    public init(messageId: String) { self.messageId = messageId }
    public init(request: ControlRequest) throws { messageId = try request.path("id") }
    public func request() throws -> ControlRequest { ControlRequest(pathValues: ["id": messageId]) }
}

/// `GET /v1/logs/last-id`: the id of the newest line (0 when the book is empty).
public struct LastLogIdOperation: PlainControlOperation {
    public typealias Reply = UInt64
    public static let method = ControlMethod.get
    public static let pattern = "v1/logs/last-id"
    public init() {}
}
