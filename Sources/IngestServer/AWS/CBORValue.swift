import Foundation
import IngestCore

/// One CBOR data item (RFC 8949), as the RPC v2 CBOR protocol carries operation input and output.
/// Integers keep their major type (an unsigned value, or a negative one stored as `-1 - n`), every float
/// width decodes to a `Double`, and tags wrap their item (tag 1 is an epoch timestamp in Smithy).
public indirect enum CBORValue: Sendable, Equatable {
    case unsigned(UInt64)
    /// The negative integer `-1 - n`.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBORValue])
    /// Entries in the order they were read or are to be written.
    case map([CBORPair])
    case tagged(UInt64, CBORValue)
    case bool(Bool)
    case null
    case undefined
    /// Another simple value (0–19, 32–255).
    case simple(UInt8)
    case double(Double)

    /// Tag 1: seconds since the Unix epoch (an integer or a float), as Smithy writes timestamps.
    public static let epochTag: UInt64 = 1

    /// An integer of either sign.
    public static func int(_ n: Int64) -> CBORValue { n >= 0 ? .unsigned(UInt64(n)) : .negative(UInt64(-(n + 1))) }

    /// A map with text keys.
    public static func textMap(_ entries: [(String, CBORValue)]) -> CBORValue { .map(entries.map { CBORPair(.text($0.0), $0.1) }) }

    /// A timestamp as tag 1 over its epoch seconds (a float, so milliseconds survive).
    public static func timestamp(_ date: Date) -> CBORValue { .tagged(epochTag, .double(date.timeIntervalSince1970)) }

    /// The value of a text key of a map.
    public subscript(_ key: String) -> CBORValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == .text(key) }?.value
    }

    public static func == (a: CBORValue, b: CBORValue) -> Bool {
        switch (a, b) {
        case (.unsigned(let x), .unsigned(let y)), (.negative(let x), .negative(let y)): return x == y
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.text(let x), .text(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.map(let x), .map(let y)): return x == y
        case (.tagged(let t, let x), .tagged(let u, let y)): return t == u && x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null), (.undefined, .undefined): return true
        case (.simple(let x), .simple(let y)): return x == y
        // NaN equals NaN here, so decoded values compare in tests.
        case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
        default: return false
        }
    }
}

/// One entry of a CBOR map.
public struct CBORPair: Sendable, Equatable {
    public var key: CBORValue
    public var value: CBORValue
    public init(_ key: CBORValue, _ value: CBORValue) {
        self.key = key
        self.value = value
    }
}

extension CBORValue {
    /// The JSON document the JSON protocols would have sent for this input, so one set of handlers serves
    /// every protocol: timestamps (tag 1) become epoch seconds, byte strings base64 text, `NaN` and the
    /// infinities the strings JSON uses for them. Map keys must be text; `null` and `undefined` members are dropped.
    public func json() throws(AWSError) -> JSONValue {
        switch self {
        case .unsigned(let n): return .number(String(n))
        case .negative(let n): return .number(n == .max ? "-18446744073709551616" : "-\(n + 1)")
        case .bytes(let b): return .string(Data(b).base64EncodedString())
        case .text(let s): return .string(s)
        case .array(let items):
            var out: [JSONValue] = []
            for i in items { out.append(try i.json()) }
            return .array(out)
        case .map(let entries):
            var out: [String: JSONValue] = [:]
            for e in entries {
                guard case .text(let k) = e.key else { throw AWSError.serialization("CBOR map keys must be text strings.") }
                switch e.value {
                case .null, .undefined: continue
                default: out[k] = try e.value.json()
                }
            }
            return .object(out)
        case .tagged(let tag, let inner):
            if tag == Self.epochTag {
                switch inner {
                case .unsigned, .negative, .double: return try inner.json()
                default: throw AWSError.serialization("A CBOR timestamp (tag 1) must hold a number.")
                }
            }
            return try inner.json()
        case .bool(let b): return .bool(b)
        case .null, .undefined: return .null
        case .simple(let v): throw AWSError.serialization("Unsupported CBOR simple value \(v).")
        case .double(let d):
            if d.isNaN { return .string("NaN") }
            if d.isInfinite { return .string(d < 0 ? "-Infinity" : "Infinity") }
            return .number(AWSJSONEncoding.number(d))
        }
    }

    /// A JSON document as CBOR (for passed-through JSON members).
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n):
            if let i = Int64(n) { self = .int(i) } else if let u = UInt64(n) { self = .unsigned(u) } else { self = .double(Double(n) ?? .nan) }
        case .string(let s): self = .text(s)
        case .array(let a): self = .array(a.map(CBORValue.init(json:)))
        case .object(let o): self = .map(o.keys.sorted().map { CBORPair(.text($0), CBORValue(json: o[$0]!)) })
        }
    }
}
