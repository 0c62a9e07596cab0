/// Reads one CBOR data item (RFC 8949) from bytes: every major type, definite and indefinite lengths
/// (chunked strings, arrays and maps closed by the `0xff` break), half, single and double floats.
/// Lengths are checked against the bytes left and nesting is bounded, so a hostile body fails cleanly.
public struct CBORDecoder {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// How deep arrays, maps and tags may nest.
    public static let maxDepth = 64

    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Decodes exactly one item; trailing bytes are an error.
    public static func decode(_ bytes: [UInt8]) throws(Failure) -> CBORValue {
        var d = CBORDecoder(bytes)
        let value = try d.item(depth: 0)
        guard d.offset == bytes.count else { throw Failure(description: "\(bytes.count - d.offset) bytes after the CBOR item") }
        return value
    }

    mutating func byte() throws(Failure) -> UInt8 {
        guard offset < bytes.count else { throw Failure(description: "the CBOR data ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func take(_ n: UInt64) throws(Failure) -> ArraySlice<UInt8> {
        guard n <= UInt64(bytes.count - offset) else { throw Failure(description: "a CBOR length (\(n)) runs past the end of the data") }
        let start = offset
        offset += Int(n)
        return bytes[start..<offset]
    }

    /// The argument of an initial byte: the value itself (< 24) or the 1, 2, 4 or 8 bytes after it.
    mutating func argument(_ info: UInt8) throws(Failure) -> UInt64 {
        switch info {
        case 0..<24: return UInt64(info)
        case 24...27:
            var v: UInt64 = 0
            for b in try take(1 << UInt64(info - 24)) { v = v << 8 | UInt64(b) }
            return v
        default: throw Failure(description: "invalid CBOR additional information \(info)")
        }
    }

    func peekBreak() -> Bool { offset < bytes.count && bytes[offset] == 0xff }

    mutating func item(depth: Int) throws(Failure) -> CBORValue {
        guard depth <= Self.maxDepth else { throw Failure(description: "CBOR nesting deeper than \(Self.maxDepth)") }
        let initial = try byte()
        let major = initial >> 5, info = initial & 0x1f
        switch major {
        case 0: return .unsigned(try argument(info))
        case 1: return .negative(try argument(info))
        case 2: return .bytes(try string(major: 2, info: info))
        case 3:
            let raw = try string(major: 3, info: info)
            guard let s = String(validating: raw, as: UTF8.self) else { throw Failure(description: "a CBOR text string is not UTF-8") }
            return .text(s)
        case 4:
            var items: [CBORValue] = []
            if info == 31 {
                while !peekBreak() { items.append(try item(depth: depth + 1)) }
                offset += 1
            } else {
                let n = try argument(info)
                guard n <= UInt64(bytes.count - offset) else { throw Failure(description: "a CBOR array length (\(n)) runs past the end of the data") }
                for _ in 0..<n { items.append(try item(depth: depth + 1)) }
            }
            return .array(items)
        case 5:
            var entries: [CBORPair] = []
            if info == 31 {
                while !peekBreak() { entries.append(CBORPair(try item(depth: depth + 1), try item(depth: depth + 1))) }
                offset += 1
            } else {
                let n = try argument(info)
                guard n <= UInt64(bytes.count - offset) / 2 else { throw Failure(description: "a CBOR map length (\(n)) runs past the end of the data") }
                for _ in 0..<n { entries.append(CBORPair(try item(depth: depth + 1), try item(depth: depth + 1))) }
            }
            return .map(entries)
        case 6:
            let tag = try argument(info)
            return .tagged(tag, try item(depth: depth + 1))
        default:
            return try simple(info)
        }
    }

    /// A byte or text string, definite or chunked (each chunk a definite string of the same major type).
    mutating func string(major: UInt8, info: UInt8) throws(Failure) -> [UInt8] {
        guard info == 31 else { return Array(try take(try argument(info))) }
        var out: [UInt8] = []
        while true {
            let b = try byte()
            if b == 0xff { return out }
            guard b >> 5 == major, b & 0x1f != 31 else { throw Failure(description: "an indefinite CBOR string holds a chunk of another type") }
            out += try take(try argument(b & 0x1f))
        }
    }

    mutating func simple(_ info: UInt8) throws(Failure) -> CBORValue {
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 24:
            let v = try byte()
            guard v >= 32 else { throw Failure(description: "invalid two-byte CBOR simple value \(v)") }
            return .simple(v)
        case 25:
            let b = try take(2)
            return .double(Double(Self.half(UInt16(b[b.startIndex]) << 8 | UInt16(b[b.startIndex + 1]))))
        case 26:
            var v: UInt32 = 0
            for x in try take(4) { v = v << 8 | UInt32(x) }
            return .double(Double(Float(bitPattern: v)))
        case 27:
            var v: UInt64 = 0
            for x in try take(8) { v = v << 8 | UInt64(x) }
            return .double(Double(bitPattern: v))
        case 31: throw Failure(description: "an unexpected CBOR break")
        case 28...30: throw Failure(description: "invalid CBOR additional information \(info)")
        default: return .simple(info)
        }
    }

    /// An IEEE 754 half-precision float (RFC 8949 appendix D).
    static func half(_ h: UInt16) -> Float {
        let sign: Float = h & 0x8000 != 0 ? -1 : 1
        let exponent = Int((h >> 10) & 0x1f), mantissa = Float(h & 0x3ff)
        switch exponent {
        case 0: return sign * mantissa * Float(sign: .plus, exponent: -24, significand: 1)
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
