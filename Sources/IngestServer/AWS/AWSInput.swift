import Foundation
import IngestCore

/// An operation's input, decoded from either protocol into one JSON object, with typed readers that
/// answer in SQS's error shapes: an absent required member is `MissingParameter`, a member of the wrong
/// type `InvalidParameterValue`. Numbers and booleans are read from JSON values and from strings (query).
public struct AWSInput: Sendable {
    public var members: [String: JSONValue]

    public init(_ members: [String: JSONValue]) { self.members = members }

    /// A required string.
    public func string(_ name: String) throws(AWSError) -> String {
        guard let s = try optionalString(name) else { throw .missingParameter(name) }
        return s
    }

    /// A string, if given.
    public func optionalString(_ name: String) throws(AWSError) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .number(let n)?: return n
        default: throw .invalidParameter(name, "must be a string")
        }
    }

    /// An integer, if given.
    public func optionalInt(_ name: String) throws(AWSError) -> Int? {
        switch members[name] {
        case nil, .null?: return nil
        case .number(let n)?, .string(let n)?:
            guard let i = Int(n) else { throw .invalidParameter(name, "must be an integer, got \(n)") }
            return i
        default: throw .invalidParameter(name, "must be an integer")
        }
    }

    /// A list of strings (absent: empty).
    public func strings(_ name: String) throws(AWSError) -> [String] {
        switch members[name] {
        case nil, .null?: return []
        case .array(let a)?:
            var out: [String] = []
            for v in a {
                guard case .string(let s) = v else { throw .invalidParameter(name, "must be a list of strings") }
                out.append(s)
            }
            return out
        default: throw .invalidParameter(name, "must be a list of strings")
        }
    }

    /// A map of strings (absent: empty).
    public func stringMap(_ name: String) throws(AWSError) -> [String: String] {
        switch members[name] {
        case nil, .null?: return [:]
        case .object(let o)?:
            var out: [String: String] = [:]
            for (k, v) in o {
                switch v {
                case .string(let s): out[k] = s
                case .number(let n): out[k] = n
                default: throw .invalidParameter(name, "must map names to strings")
                }
            }
            return out
        default: throw .invalidParameter(name, "must map names to strings")
        }
    }

    /// A list of structures (batch entries); absent is empty.
    public func structures(_ name: String) throws(AWSError) -> [AWSInput] {
        switch members[name] {
        case nil, .null?: return []
        case .array(let a)?:
            var out: [AWSInput] = []
            for v in a {
                guard case .object(let o) = v else { throw .invalidParameter(name, "must be a list of structures") }
                out.append(AWSInput(o))
            }
            return out
        default: throw .invalidParameter(name, "must be a list of structures")
        }
    }

    /// Message attributes: `{"Name": {"DataType": "String", "StringValue": "..."}}`, binary values in base64.
    public func messageAttributes(_ name: String) throws(AWSError) -> MessageAttributes {
        guard let value = members[name], !value.isNull else { return [:] }
        guard case .object(let o) = value else { throw .invalidParameter(name, "must map names to attribute values") }
        var out: MessageAttributes = [:]
        for (k, v) in o {
            guard case .object(let fields) = v else { throw .invalidParameter(name, "the value of \(k) must be a structure") }
            let field = AWSInput(fields)
            guard let type = try field.optionalString("DataType") else {
                throw AWSError(code: "InvalidParameterValue", message: "The message attribute '\(k)' must contain a non-empty attribute type.")
            }
            var attribute = MessageAttributeValue(dataType: type, stringValue: try field.optionalString("StringValue"))
            if let b64 = try field.optionalString("BinaryValue") {
                guard let data = Data(base64Encoded: b64) else { throw .invalidParameter("\(name).\(k).BinaryValue", "must be base64") }
                attribute.binaryValue = Array(data)
            }
            if attribute.stringValue == nil, attribute.binaryValue == nil {
                throw AWSError(code: "InvalidParameterValue", message: "The message attribute '\(k)' must contain a non-empty message attribute value.")
            }
            out[k] = attribute
        }
        return out
    }
}
