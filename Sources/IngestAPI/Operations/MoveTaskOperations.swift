import IngestCore

/// `POST /v1/redrive`: starts a message move task.
public struct RedriveOperation: BodyControlOperation {
    public typealias Reply = MoveTaskInfo
    public static let method = ControlMethod.post
    public static let pattern = "v1/redrive"
    public var body: RedriveRequest
    public init(body: RedriveRequest) { self.body = body }
}

/// `GET /v1/move-tasks?source=&max=`: recent move tasks, newest first (default 10).
public struct ListMoveTasksOperation: ControlOperation {
    public typealias Reply = [MoveTaskInfo]
    public static let method = ControlMethod.get
    public static let pattern = "v1/move-tasks"
    public var source: String?
    public var max: Int

    public init(source: String? = nil, max: Int = 10) {
        self.source = source
        self.max = max
    }

    public init(request: ControlRequest) throws { self.init(source: request.query("source"), max: request.int("max", default: 10)) }

    public func request() throws -> ControlRequest {
        var q = [QueryItem("max", String(max))]
        if let source { q.append(QueryItem("source", source)) }
        return ControlRequest(query: q)
    }
}

/// `POST /v1/move-tasks/cancel`: cancels a queue's running move task.
public struct CancelMoveTaskOperation: BodyControlOperation {
    public typealias Reply = MoveTaskInfo
    public static let method = ControlMethod.post
    public static let pattern = "v1/move-tasks/cancel"
    public var body: ControlAPI.CancelRequest
    public init(body: ControlAPI.CancelRequest) { self.body = body }
}

/// `GET /v1/move-tasks/wait?handle=`: answers when the task finishes (a client waits up to 36 hours).
public struct WaitMoveTaskOperation: ControlOperation {
    public typealias Reply = MoveTaskInfo
    public static let method = ControlMethod.get
    public static let pattern = "v1/move-tasks/wait"
    public var handle: String
    public var timeout: Duration { .seconds(36 * 3_600) }
    public init(handle: String) { self.handle = handle }

    public init(request: ControlRequest) throws {
        guard let handle = request.query("handle") else { throw SQSError.invalidParameterValue("handle is required") }
        self.handle = handle
    }

    public func request() throws -> ControlRequest { ControlRequest(query: [QueryItem("handle", handle)]) }
}

/// `POST /v1/replay`: re-delivers a topic's archived messages of a time range.
public struct ReplayTopicOperation: BodyControlOperation {
    public typealias Reply = ReplayResult
    public static let method = ControlMethod.post
    public static let pattern = "v1/replay"
    public var body: ControlAPI.ReplayRequest
    public init(body: ControlAPI.ReplayRequest) { self.body = body }
}
