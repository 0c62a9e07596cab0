/// JSON with keys kept in the order given, for texts whose layout AWS fixes (alarm notifications, reason
/// data, history). Written by ``JSONWriter``, so strings escape exactly as in every other JSON the engine writes.
indirect enum OrderedJSON: Sendable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])
    /// Already-rendered JSON text, embedded as is.
    case raw(String)

    /// A number in CloudWatch's notation (`1.0`, `30.5`).
    static func double(_ value: Double) -> OrderedJSON { .number(AlarmText.number(value)) }

    /// The compact JSON text.
    func render() -> String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .string(let s): JSONWriter.writeString(s, into: &out)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .raw(let text): out += text
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, field) in fields.enumerated() {
                if i > 0 { out += "," }
                JSONWriter.writeString(field.0, into: &out)
                out += ":"
                field.1.write(into: &out)
            }
            out += "}"
        }
    }
}
