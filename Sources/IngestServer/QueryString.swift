/// Decodes `application/x-www-form-urlencoded` text and URL query strings the way API Gateway does for
/// both real clients: `%XX` in either letter case, `+` as a space, reserved characters left raw.
public enum QueryString {
    /// A malformed encoding, with what was wrong.
    public struct DecodeError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Splits `a=1&b=2` into pairs, decoding names and values. Repeated names keep the last value, as
    /// API Gateway's single-value `querystring` mapping does.
    public static func parse(_ query: Substring) throws(DecodeError) -> [String: String] {
        var out: [String: String] = [:]
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let eq = part.firstIndex(of: "=") {
                name = part[..<eq]
                value = part[part.index(after: eq)...]
            } else {
                name = part
                value = ""
            }
            out[try decode(name)] = try decode(value)
        }
        return out
    }

    /// Percent-decodes one component, turning `+` into a space; the result must be valid UTF-8.
    public static func decode(_ s: Substring) throws(DecodeError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            switch b {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let h = it.popFirst(), let l = it.popFirst(), let hv = hex(h), let lv = hex(l) else {
                    throw DecodeError(description: "malformed percent-encoding in the query string")
                }
                bytes.append(hv << 4 | lv)
            default: bytes.append(b)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DecodeError(description: "the query string does not decode to valid UTF-8")
        }
        return text
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Encodes every byte as lower-case `%xx`, as the seed's curl script does.
    public static func encodeEveryByte(_ s: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in s.utf8 { out += [UInt8(ascii: "%"), digits[Int(b >> 4)], digits[Int(b & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes as axios does: `encodeURIComponent`, then `:`, `$`, `,`, `[`, `]` restored and `%20` as `+`.
    public static func encodeLikeAxios(_ s: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in s.utf8 {
            let isUnreserved = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || "-_.!~*'()".utf8.contains(b) || ":$,[]".utf8.contains(b)
            if isUnreserved { out.append(b) } else if b == 0x20 { out.append(UInt8(ascii: "+")) } else {
                out += [UInt8(ascii: "%"), digits[Int(b >> 4)], digits[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
