import Foundation
import IngestCore

extension JSONValue {
    /// A reply as plain JSON, for callers that print it or keep it untyped (as the CLI's `--json` and the
    /// console's record views do).
    public init<T: Encodable>(encoding value: T) throws {
        self = try JSONValue.parse(bytes: Array(try JSONEncoder().encode(value)))
    }
}
