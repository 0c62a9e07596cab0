import Foundation

/// An HTTP method of the control API.
public enum ControlMethod: String, Sendable, Hashable, CaseIterable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case delete = "DELETE"
}

/// One operation of the control API: its route, its typed inputs and its reply.
///
/// A value encodes itself into the parts of a request (``request()``, what ``IngestClient`` sends) and
/// decodes itself from them (``init(request:)``, what the server runs), so the rules of each route (names,
/// defaults, required values, error messages) exist once.
public protocol ControlOperation: Sendable, Hashable {
    /// What the engine answers, as JSON.
    associatedtype Reply: Codable & Sendable
    static var method: ControlMethod { get }
    /// The route, with a `:name` segment for each path value: `v1/queues/:queue/messages`.
    static var pattern: String { get }
    /// The most bytes of body the server reads.
    static var maxBodyBytes: Int { get }
    /// How long a client waits for the reply (long for the operations that wait on the engine).
    var timeout: Duration { get }
    /// The path values, query items and body of this operation's request.
    func request() throws -> ControlRequest
    /// The operation a request asks for; a missing or unreadable value throws `InvalidParameterValue`.
    init(request: ControlRequest) throws
}

extension ControlOperation {
    public static var maxBodyBytes: Int { 2_000_000 }

    public var timeout: Duration {
        switch Self.method {
        case .get, .delete: return .seconds(30)
        case .post, .put: return .seconds(60)
        }
    }

    /// The names of the pattern's path values, in order (`["queue", "id"]`).
    public static var pathNames: [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// The request target of some parts, `/v1/queues/my%20queue/messages?limit=50`: the pattern with each
    /// path value escaped as one segment, then the query.
    public static func target(of parts: ControlRequest) -> String {
        ControlTarget.path(pattern, values: parts.pathValues) + ControlTarget.query(parts.query)
    }
}

/// An operation with no inputs (`GET /v1/status`).
public protocol PlainControlOperation: ControlOperation {
    init()
}

extension PlainControlOperation {
    public init(request: ControlRequest) throws { self.init() }
    public func request() throws -> ControlRequest { ControlRequest() }
}

/// An operation whose only input is a JSON body (`POST /v1/redrive`).
public protocol BodyControlOperation: ControlOperation {
    associatedtype Body: Codable & Sendable & Hashable
    var body: Body { get }
    init(body: Body)
}

extension BodyControlOperation {
    public init(request: ControlRequest) throws { self.init(body: try request.decodeBody(Body.self)) }
    public func request() throws -> ControlRequest { ControlRequest(body: try ControlRequest.json(body)) }
}

/// An operation on a function named in its path, with a JSON body (`POST /v1/functions/{name}/configure`).
public protocol FunctionBodyOperation: ControlOperation {
    associatedtype Body: Codable & Sendable & Hashable
    var name: String { get }
    var body: Body { get }
    init(name: String, body: Body)
}

extension FunctionBodyOperation {
    public init(request: ControlRequest) throws {
        self.init(name: try request.path("name"), body: try request.decodeBody(Body.self))
    }

    public func request() throws -> ControlRequest { ControlRequest(pathValues: ["name": name], body: try ControlRequest.json(body)) }
}
