/// The parts of an HTTP request that SigV4 signs, as they travel on the wire: the path and query still
/// percent-encoded, header names in any case (the host as a `host` header).
public struct SigV4Request: Sendable, Equatable {
    public var method: String
    /// The request target's path, percent-encoded as sent (`/`, `/000000000000/jobs`).
    public var path: String
    /// The query string as sent, without `?` (empty when there is none).
    public var query: String
    /// Every header, repeated names allowed; their order does not matter.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, path: String, query: String = "", headers: [(name: String, value: String)], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Splits a request target (`/path?query`) into its path and query.
    public init(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8] = []) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.init(method: method, path: parts.first.map(String.init) ?? "/", query: parts.count > 1 ? String(parts[1]) : "",
                  headers: headers, body: body)
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    public static func == (a: SigV4Request, b: SigV4Request) -> Bool {
        a.method == b.method && a.path == b.path && a.query == b.query && a.body == b.body
            && a.headers.map { "\($0.name):\($0.value)" } == b.headers.map { "\($0.name):\($0.value)" }
    }
}

/// What a signature is scoped to: a day, a region and a service (`20150830/us-east-1/sqs/aws4_request`).
public struct SigV4Scope: Sendable, Hashable {
    /// `YYYYMMDD`.
    public var date: String
    public var region: String
    public var service: String

    public init(date: String, region: String, service: String) {
        self.date = date
        self.region = region
        self.service = service
    }

    public var description: String { "\(date)/\(region)/\(service)/aws4_request" }
}
