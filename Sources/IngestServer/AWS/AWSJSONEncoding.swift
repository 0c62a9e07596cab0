import IngestCore

/// Writes a reply as the JSON 1.0 protocol does: structures and maps as objects, lists as arrays.
public enum AWSJSONEncoding {
    /// The reply's JSON text.
    public static func encode(_ value: AWSValue) -> String { json(value).serialized() }

    static func json(_ value: AWSValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .integer(let n): return .int(n)
        case .double(let d): return .number(AWSJSONEncoding.number(d))
        case .boolean(let b): return .bool(b)
        case .timestamp(let date): return .number(AWSJSONEncoding.number(date.timeIntervalSince1970))
        case .raw(let value): return value
        case .structure(let members), .map(_, _, _, let members), .wrappedMap(let members):
            return .object(Dictionary(members.map { ($0.name, json($0.value)) }, uniquingKeysWith: { _, last in last }))
        case .list(_, let items), .wrappedList(let items): return .array(items.map(json))
        }
    }

    /// A double as JSON writes it: integral values without a fraction (`1733356800`), others in full.
    static func number(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return d.isFinite ? "\(d)" : "0"
    }
}
