import Foundation

/// DynamoDB JSON (`{"S":"x"}`, `{"N":"1"}`, `{"B":"<base64>"}`, `{"M":{...}}`, ...), plain JSON, and item sizes.
extension AttributeValue: Codable {
    /// Reads one DynamoDB JSON attribute value: an object with exactly one type key.
    public init(json: JSONValue) throws(DynamoError) {
        guard case .object(let o) = json else {
            throw .validation("An attribute value must be a JSON object such as {\"S\":\"text\"}, not a \(json.kindName)")
        }
        guard o.count == 1, let entry = o.first else {
            let keys = o.keys.sorted().joined(separator: ", ")
            throw .validation("Supplied AttributeValue has \(o.isEmpty ? "no" : "more than one") datatypes set, must contain exactly one of the supported datatypes"
                + (o.isEmpty ? "" : " (found \(keys))"))
        }
        let (type, payload) = (entry.key, entry.value)
        func bad(_ expected: String) -> DynamoError {
            .validation("The \(type) attribute value must be \(expected), not a \(payload.kindName)")
        }
        func strings() throws(DynamoError) -> [String] {
            guard case .array(let a) = payload else { throw bad("a list of strings") }
            var out: [String] = []
            out.reserveCapacity(a.count)
            for e in a {
                switch e {
                case .string(let s): out.append(s)
                case .number(let s) where type == "NS": out.append(s)
                default: throw bad("a list of strings")
                }
            }
            return out
        }
        func bytes(_ text: String) throws(DynamoError) -> [UInt8] {
            guard let d = Data(base64Encoded: text) else {
                throw .validation("The \(type) attribute value is not valid base64")
            }
            return [UInt8](d)
        }
        switch type {
        case "S":
            guard case .string(let s) = payload else { throw bad("a string") }
            self = .s(s)
        case "N":
            switch payload {
            case .string(let s), .number(let s): self = .n(s)
            default: throw bad("a string holding a number")
            }
        case "B":
            guard case .string(let s) = payload else { throw bad("a base64 string") }
            self = .b(try bytes(s))
        case "BOOL":
            switch payload {
            case .bool(let b): self = .bool(b)
            case .string("true"): self = .bool(true)
            case .string("false"): self = .bool(false)
            default: throw bad("true or false")
            }
        case "NULL":
            switch payload {
            case .bool(true), .string("true"): self = .null
            default: throw .validation("One or more parameter values were invalid: Null attribute value types must have the value of true")
            }
        case "L":
            guard case .array(let a) = payload else { throw bad("a list") }
            var out: [AttributeValue] = []
            out.reserveCapacity(a.count)
            for e in a { out.append(try AttributeValue(json: e)) }
            self = .l(out)
        case "M":
            guard case .object(let m) = payload else { throw bad("an object") }
            self = .m(try Item(dynamoJSON: .object(m)))
        case "SS":
            self = .ss(try strings())
        case "NS":
            self = .ns(try strings())
        case "BS":
            var out: [[UInt8]] = []
            for s in try strings() { out.append(try bytes(s)) }
            self = .bs(out)
        default:
            throw .validation("Unknown attribute value type \(type); expected one of S, N, B, BOOL, NULL, L, M, SS, NS, BS")
        }
    }

    /// This value in DynamoDB JSON.
    public var json: JSONValue {
        switch self {
        case .s(let s): return ["S": .string(s)]
        case .n(let n): return ["N": .string(n)]
        case .b(let b): return ["B": .string(Data(b).base64EncodedString())]
        case .bool(let b): return ["BOOL": .bool(b)]
        case .null: return ["NULL": true]
        case .l(let l): return ["L": .array(l.map(\.json))]
        case .m(let m): return ["M": m.dynamoJSON]
        case .ss(let s): return ["SS": .array(s.map { .string($0) })]
        case .ns(let s): return ["NS": .array(s.map { .string($0) })]
        case .bs(let s): return ["BS": .array(s.map { .string(Data($0).base64EncodedString()) })]
        }
    }

    /// A value from plain JSON: string → S, number → N, boolean → BOOL, null → NULL, array → L, object → M.
    public static func fromPlain(_ value: JSONValue) -> AttributeValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .n(n)
        case .string(let s): return .s(s)
        case .array(let a): return .l(a.map(fromPlain))
        case .object(let o): return .m(o.mapValues(fromPlain))
        }
    }

    /// This value as plain JSON: binary as base64 strings, sets as arrays, numbers as JSON numbers.
    public var plainJSON: JSONValue {
        switch self {
        case .s(let s): return .string(s)
        case .n(let n): return .number(n)
        case .b(let b): return .string(Data(b).base64EncodedString())
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .l(let l): return .array(l.map(\.plainJSON))
        case .m(let m): return .object(m.mapValues(\.plainJSON))
        case .ss(let s): return .array(s.map { .string($0) })
        case .ns(let s): return .array(s.map { .number($0) })
        case .bs(let s): return .array(s.map { .string(Data($0).base64EncodedString()) })
        }
    }

    /// The value's size as DynamoDB counts it toward the 400 KB item limit (approximate for numbers):
    /// strings and binary by their bytes, numbers 1 byte per two significant digits plus 1, booleans and
    /// null 1 byte, lists and maps 3 bytes plus 1 byte per element plus the elements (and map keys).
    public var sizeBytes: Int {
        switch self {
        case .s(let s): return s.utf8.count
        case .n(let n): return Self.numberSize(n)
        case .b(let b): return b.count
        case .bool, .null: return 1
        case .l(let l): return 3 + l.reduce(0) { $0 + 1 + $1.sizeBytes }
        case .m(let m): return 3 + m.reduce(0) { $0 + 1 + $1.key.utf8.count + $1.value.sizeBytes }
        case .ss(let s): return s.reduce(0) { $0 + $1.utf8.count }
        case .ns(let s): return s.reduce(0) { $0 + Self.numberSize($1) }
        case .bs(let s): return s.reduce(0) { $0 + $1.count }
        }
    }

    static func numberSize(_ text: String) -> Int {
        let significant = max(1, DynamoNumber(text)?.digits.count ?? text.utf8.count)
        return (significant + 1) / 2 + 1
    }

    public init(from decoder: Decoder) throws {
        let json = try JSONValue(from: decoder)
        do {
            try self.init(json: json)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: Encoder) throws {
        try json.encode(to: encoder)
    }
}

extension Dictionary where Key == String, Value == AttributeValue {
    /// An item from DynamoDB JSON: `{"user_id":{"S":"abc"},"n":{"N":"1"}}`.
    public init(dynamoJSON: JSONValue) throws(DynamoError) {
        guard case .object(let o) = dynamoJSON else {
            throw .validation("An item must be a JSON object of attribute values, not a \(dynamoJSON.kindName)")
        }
        var item: [String: AttributeValue] = [:]
        item.reserveCapacity(o.count)
        for (k, v) in o {
            do { item[k] = try AttributeValue(json: v) } catch {
                throw .validation("\(k): \(error.message)")
            }
        }
        self = item
    }

    /// An item from plain JSON: `{"user_id":"abc","n":1}`.
    public init(plainJSON: JSONValue) throws(DynamoError) {
        guard case .object(let o) = plainJSON else {
            throw .validation("An item must be a JSON object, not a \(plainJSON.kindName)")
        }
        self = o.mapValues(AttributeValue.fromPlain)
    }

    /// The item in DynamoDB JSON.
    public var dynamoJSON: JSONValue { .object(mapValues(\.json)) }

    /// The item as plain JSON.
    public var plainJSON: JSONValue { .object(mapValues(\.plainJSON)) }

    /// The item's size as DynamoDB counts it: every attribute name's UTF-8 bytes plus its value's size.
    public var itemSizeBytes: Int { reduce(0) { $0 + $1.key.utf8.count + $1.value.sizeBytes } }
}
