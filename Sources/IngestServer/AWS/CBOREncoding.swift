import Foundation
import IngestCore

/// Writes a reply as the RPC v2 CBOR protocol does: structures and maps as CBOR maps with text keys, lists
/// as arrays, timestamps as tag 1 over epoch seconds, doubles as floats; errors as a map of `__type` and `message`.
public enum CBOREncoding {
    public static let contentType = "application/cbor"
    /// The `smithy-protocol` header's value on RPC v2 CBOR requests and replies.
    public static let protocolName = "rpc-v2-cbor"

    /// The reply's CBOR bytes.
    public static func encode(_ value: AWSValue) -> [UInt8] { CBOREncoder.encode(cbor(value)) }

    /// An error body: `{"__type": "namespace#Code", "message": "..."}`.
    public static func error(_ error: AWSError) -> [UInt8] {
        CBOREncoder.encode(.textMap([("__type", .text("\(error.namespace)#\(error.code)")), ("message", .text(error.message))]))
    }

    static func cbor(_ value: AWSValue) -> CBORValue {
        switch value {
        case .string(let s): return .text(s)
        case .integer(let n): return .int(n)
        case .double(let d): return .double(d)
        case .boolean(let b): return .bool(b)
        case .timestamp(let date): return .timestamp(date)
        case .raw(let json): return CBORValue(json: json)
        case .structure(let members), .map(_, _, _, let members), .wrappedMap(let members):
            return .map(members.map { CBORPair(.text($0.name), cbor($0.value)) })
        case .list(_, let items), .wrappedList(let items): return .array(items.map(cbor))
        }
    }
}
