/// The control API's wire types (JSON over HTTP on a Unix socket), shared by server and client.
public enum ControlAPI {
    /// Every error reply: an AWS-style code and a sentence.
    public struct ErrorBody: Sendable, Hashable, Codable {
        public var code: String
        public var message: String
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// `POST /v1/move-tasks/cancel`.
    public struct CancelRequest: Sendable, Hashable, Codable {
        public var source: String
        public init(source: String) { self.source = source }
    }

    /// `POST /v1/replay`.
    public struct ReplayRequest: Sendable, Hashable, Codable {
        public var topic: String
        public var from: Timestamp
        public var to: Timestamp?
        public var subscription: String?
        public init(topic: String, from: Timestamp, to: Timestamp?, subscription: String?) {
            self.topic = topic
            self.from = from
            self.to = to
            self.subscription = subscription
        }
    }

    /// `POST /v1/publish`.
    public struct PublishBody: Sendable, Hashable, Codable {
        public var topic: String
        public var message: String
        public var subject: String?
        public init(topic: String, message: String, subject: String?) {
            self.topic = topic
            self.message = message
            self.subject = subject
        }
    }

    /// `POST /v1/queues/{queue}/messages/{id}/resend`.
    public struct ResendBody: Sendable, Hashable, Codable {
        public var body: String?
        public var to: String?
        public init(body: String?, to: String?) {
            self.body = body
            self.to = to
        }
    }

    /// The socket file's name inside the data directory.
    public static let socketName = "control.sock"
}
