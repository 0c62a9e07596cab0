import Foundation
import IngestCore

/// Readers for the member types CloudWatch and CloudWatch Logs add to SQS's: timestamps (epoch seconds in
/// JSON and CBOR, ISO 8601 in the query protocol), doubles, booleans, single structures and dimension lists.
extension AWSInput {
    /// A timestamp, if given.
    public func optionalTimestamp(_ name: String) throws(AWSError) -> Timestamp? {
        switch members[name] {
        case nil, .null?: return nil
        case .number(let n)?:
            guard let s = Double(n), s.isFinite else { throw .invalidParameter(name, "must be a timestamp, got \(n)") }
            return Timestamp(seconds: s)
        case .string(let text)?:
            if let s = Double(text), s.isFinite { return Timestamp(seconds: s) }
            if let t = ISO8601.parse(text) { return t }
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let d = f.date(from: text) { return Timestamp(date: d) }
            f.formatOptions = [.withInternetDateTime]
            if let d = f.date(from: text) { return Timestamp(date: d) }
            throw .invalidParameter(name, "must be a timestamp, got \(text)")
        default: throw .invalidParameter(name, "must be a timestamp")
        }
    }

    /// A required timestamp.
    public func timestamp(_ name: String) throws(AWSError) -> Timestamp {
        guard let t = try optionalTimestamp(name) else { throw .missingParameter(name) }
        return t
    }

    /// A double, if given (`NaN` and the infinities as JSON spells them).
    public func optionalDouble(_ name: String) throws(AWSError) -> Double? {
        switch members[name] {
        case nil, .null?: return nil
        case .number(let n)?, .string(let n)?:
            guard let d = Double(n) else { throw .invalidParameter(name, "must be a number, got \(n)") }
            return d
        default: throw .invalidParameter(name, "must be a number")
        }
    }

    /// A boolean, if given (`true`/`false` in the query protocol).
    public func optionalBool(_ name: String) throws(AWSError) -> Bool? {
        switch members[name] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case .string(let s)?:
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: throw .invalidParameter(name, "must be true or false, got \(s)")
            }
        default: throw .invalidParameter(name, "must be a boolean")
        }
    }

    /// A structure, if given.
    public func optionalStructure(_ name: String) throws(AWSError) -> AWSInput? {
        switch members[name] {
        case nil, .null?: return nil
        case .object(let o)?: return AWSInput(o)
        default: throw .invalidParameter(name, "must be a structure")
        }
    }

    /// A list of `{Name, Value}` dimensions (at most 30, names unique) as a map.
    public func dimensions(_ name: String) throws(AWSError) -> [String: String] {
        var out: [String: String] = [:]
        let list = try structures(name)
        guard list.count <= 30 else { throw .invalidParameter(name, "at most 30 dimensions are allowed, got \(list.count)") }
        for d in list {
            let key = try d.string("Name")
            guard out[key] == nil else {
                throw AWSError(code: "InvalidParameterValue", message: "The collection \(name) must not contain duplicate dimension names (\(key)).")
            }
            out[key] = try d.string("Value")
        }
        return out
    }
}
