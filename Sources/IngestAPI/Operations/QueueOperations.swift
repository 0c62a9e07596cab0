import IngestCore

/// `GET /v1/queues/{queue}/messages?after=&limit=`: a page of a queue's messages without receiving them (default 50).
public struct DeadLettersOperation: ControlOperation {
    public typealias Reply = DeadLetterPage
    public static let method = ControlMethod.get
    public static let pattern = "v1/queues/:queue/messages"
    public var queue: String
    public var after: UInt64?
    public var limit: Int

    public init(queue: String, after: UInt64? = nil, limit: Int = 50) {
        self.queue = queue
        self.after = after
        self.limit = limit
    }

    public init(request: ControlRequest) throws {
        self.init(queue: try request.path("queue"), after: request.uint64("after"), limit: request.int("limit", default: 50))
    }

    public func request() throws -> ControlRequest {
        var q = [QueryItem("limit", String(limit))]
        if let after { q.append(QueryItem("after", String(after))) }
        return ControlRequest(pathValues: ["queue": queue], query: q)
    }
}

/// `POST /v1/queues/{queue}/purge`: deletes every message of a queue.
public struct PurgeQueueOperation: ControlOperation {
    public typealias Reply = PurgeResult
    public static let method = ControlMethod.post
    public static let pattern = "v1/queues/:queue/purge"
    public var queue: String
    public init(queue: String) { self.queue = queue }
    public init(request: ControlRequest) throws { queue = try request.path("queue") }
    /// The body is an empty object, as it always was.
    public func request() throws -> ControlRequest { ControlRequest(pathValues: ["queue": queue], body: try ControlRequest.json([String: String]())) }
}

/// `POST /v1/queues/{queue}/messages/{id}/resend`: sends a message (edited, when a body is given) on and removes it.
public struct ResendMessageOperation: ControlOperation {
    public typealias Reply = SendResult
    public static let method = ControlMethod.post
    public static let pattern = "v1/queues/:queue/messages/:id/resend"
    public var queue: String
    public var messageId: String
    public var body: ControlAPI.ResendBody

    public init(queue: String, messageId: String, body: ControlAPI.ResendBody) {
        self.queue = queue
        self.messageId = messageId
        self.body = body
    }

    public init(request: ControlRequest) throws {
        self.init(queue: try request.path("queue"), messageId: try request.path("id"), body: try request.decodeBody(ControlAPI.ResendBody.self))
    }

    public func request() throws -> ControlRequest {
        ControlRequest(pathValues: ["queue": queue, "id": messageId], body: try ControlRequest.json(body))
    }
}

/// `DELETE /v1/queues/{queue}/messages/{id}`: deletes one message; answers `{"deleted": id}`.
public struct DeleteMessageOperation: ControlOperation {
    public typealias Reply = [String: String]
    public static let method = ControlMethod.delete
    public static let pattern = "v1/queues/:queue/messages/:id"
    public var queue: String
    public var messageId: String

    public init(queue: String, messageId: String) {
        self.queue = queue
        self.messageId = messageId
    }

    public init(request: ControlRequest) throws { self.init(queue: try request.path("queue"), messageId: try request.path("id")) }
    public func request() throws -> ControlRequest { ControlRequest(pathValues: ["queue": queue, "id": messageId]) }
}
