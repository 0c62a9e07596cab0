/// Writes JSON text: `JSONValue` trees and ``OrderedJSON`` trees, with one string escaper for both.
enum JSONWriter {
    static func write(_ value: JSONValue, into out: inout String, sortedKeys: Bool, indent: String?, level: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, level + 1)
                write(v, into: &out, sortedKeys: sortedKeys, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out += "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{"
            let keys = sortedKeys ? o.keys.sorted() : Array(o.keys)
            for (i, k) in keys.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, level + 1)
                writeString(k, into: &out)
                out += indent == nil ? ":" : ": "
                write(o[k]!, into: &out, sortedKeys: sortedKeys, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    /// Appends `s` as a JSON string literal, escaping what RFC 8259 requires: `"`, `\` and control
    /// characters, all ASCII, so the runs between them, copied whole, end on character boundaries.
    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        let bytes = s.utf8
        var run = bytes.startIndex
        var i = run
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == 0x22 || b == 0x5C || b < 0x20 {
                if run != i { out += s[run..<i] }
                switch b {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0x08: out += "\\b"
                case 0x0C: out += "\\f"
                default: out += "\\u00" + (b < 0x10 ? "0" : "") + String(b, radix: 16)
                }
                run = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        if run != bytes.endIndex { out += s[run...] }
        out += "\""
    }
}
