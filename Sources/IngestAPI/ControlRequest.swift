import Foundation
import IngestCore

/// One query item, unescaped.
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The parts of a control request, unescaped: what an operation encodes into and decodes from.
public struct ControlRequest: Sendable, Hashable {
    /// Path values by the pattern's names (`queue` for `:queue`).
    public var pathValues: [String: String]
    /// Query items in order.
    public var query: [QueryItem]
    /// The body's bytes; `nil` when there is none.
    public var body: Data?

    public init(pathValues: [String: String] = [:], query: [QueryItem] = [], body: Data? = nil) {
        self.pathValues = pathValues
        self.query = query
        self.body = body
    }

    static let encoder = JSONEncoder()
    static let decoder = JSONDecoder()

    /// A value as a JSON body.
    public static func json<T: Encodable>(_ value: T) throws -> Data { try encoder.encode(value) }

    /// A path value the route's pattern names.
    public func path(_ name: String) throws -> String {
        guard let v = pathValues[name] else { throw SQSError.invalidParameterValue("\(name) is required") }
        return v
    }

    /// The last value of a query parameter.
    public func query(_ name: String) -> String? { query.last { $0.name == name }?.value }

    /// A whole-number query value, or `fallback` when it is missing or unreadable (as the routes always did).
    public func int(_ name: String, default fallback: Int) -> Int { query(name).flatMap { Int($0) } ?? fallback }

    /// A cursor-like query value; missing or unreadable is `nil`.
    public func uint64(_ name: String) -> UInt64? { query(name).flatMap { UInt64($0) } }

    /// The body as a Codable value.
    public func decodeBody<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try Self.decoder.decode(T.self, from: body ?? Data()) } catch {
            throw SQSError.invalidParameterValue("The request body is not a valid \(T.self): \(error)")
        }
    }

    /// A JSON text (a query value or a raw body) as a value; unreadable text is an `InvalidParameterValue`.
    public static func parseJSON(_ text: String, what: String) throws -> JSONValue {
        do { return try JSONValue.parse(text) } catch {
            throw SQSError.invalidParameterValue("\(what) is not JSON: \(error)")
        }
    }
}
