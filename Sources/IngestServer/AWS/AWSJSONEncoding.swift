import IngestCore

/// Writes a reply as the JSON 1.0 protocol does: structures and maps as objects, lists as arrays.
public enum AWSJSONEncoding {
    /// The reply's JSON text.
    public static func encode(_ value: AWSValue) -> String { json(value).serialized() }

    static func json(_ value: AWSValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .integer(let n): return .int(n)
        case .boolean(let b): return .bool(b)
        case .structure(let members), .map(_, _, _, let members):
            return .object(Dictionary(members.map { ($0.name, json($0.value)) }, uniquingKeysWith: { _, last in last }))
        case .list(_, let items): return .array(items.map(json))
        }
    }
}
