import IngestCore

/// The control API's wire types (JSON over HTTP on a Unix socket), shared by server and client; the
/// operations that carry them are the ``ControlOperation`` types.
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

    /// Sent as `true` by a client that must not change anything (a `--readonly` console); the control API
    /// then refuses every method but GET and HEAD.
    public static let readOnlyHeader = "x-ingest-read-only"

    /// The socket file's name inside the data directory.
    public static let socketName = "control.sock"
}

extension ControlAPI {
    /// `POST /v1/functions/{name}/configure`: the local "deploy a fix".
    public struct ConfigureFunctionBody: Sendable, Hashable, Codable {
        public var handler: String?
        public var environment: [String: String]?
        /// Enables or disables every event source mapping of the function.
        public var enabled: Bool?
        public init(handler: String?, environment: [String: String]?, enabled: Bool?) {
            self.handler = handler
            self.environment = environment
            self.enabled = enabled
        }
    }

    /// `POST /v1/functions/{name}/code`: the code to deploy, a directory, `.zip` or source file on the engine's machine.
    public struct UpdateCodeBody: Sendable, Hashable, Codable {
        /// An absolute path (the CLI makes a relative one absolute against its working directory).
        public var path: String
        /// A new `Runtime` (`python3.12`) and `Handler` (`app.handler`) to run it with; `nil` keeps the function's.
        public var runtime: String?
        public var handler: String?
        public init(path: String, runtime: String? = nil, handler: String? = nil) {
            self.path = path
            self.runtime = runtime
            self.handler = handler
        }
    }

    /// `POST /v1/stream/replay`.
    public struct StreamReplayBody: Sendable, Hashable, Codable {
        /// The mapping's logical id or UUID, or the function name.
        public var mapping: String
        public var sequence: String?
        public var time: Timestamp?
        public init(mapping: String, sequence: String?, time: Timestamp?) {
            self.mapping = mapping
            self.sequence = sequence
            self.time = time
        }
    }

    /// One metric's recent datapoints for `ingest metrics`.
    public struct MetricSeries: Sendable, Hashable, Codable {
        public var namespace: String
        public var name: String
        public var dimensions: [String: String]
        /// One-minute datapoints, oldest first.
        public var points: [MetricPoint]
        public init(namespace: String, name: String, dimensions: [String: String], points: [MetricPoint]) {
            self.namespace = namespace
            self.name = name
            self.dimensions = dimensions
            self.points = points
        }
    }

    public struct MetricPoint: Sendable, Hashable, Codable {
        public var start: Timestamp
        public var sum: Double
        public var average: Double
        public var minimum: Double
        public var maximum: Double
        public var sampleCount: Double
        public init(start: Timestamp, statistics s: Statistics) {
            self.start = start
            sum = s.sum
            average = s.average
            minimum = s.minimum
            maximum = s.maximum
            sampleCount = s.sampleCount
        }
    }
}
