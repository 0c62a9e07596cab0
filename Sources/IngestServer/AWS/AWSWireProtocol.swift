import Foundation
import IngestCore

/// The wire protocols of the endpoint, and how each writes a reply and an error.
public enum AWSWireProtocol: Sendable, Equatable {
    /// JSON (`X-Amz-Target: Prefix.Op`, `application/x-amz-json-1.0` or `-1.1` both ways).
    case json(version: String)
    /// The query protocol: a form body with `Action`, XML replies in the service's namespace; lists and
    /// maps flattened (SQS) or wrapped in `member`/`entry` elements.
    case query(namespace: String, flattened: Bool)
    /// Smithy RPC v2 CBOR: `POST /service/{Service}/operation/{Op}` with `smithy-protocol: rpc-v2-cbor`,
    /// `application/cbor` both ways (CloudWatch's first protocol in botocore).
    case rpcv2CBOR

    /// The JSON 1.0 protocol.
    public static let json10 = AWSWireProtocol.json(version: "1.0")

    public var contentType: String {
        switch self {
        case .json(let version): return "application/x-amz-json-\(version)"
        case .query: return "text/xml"
        case .rpcv2CBOR: return CBOREncoding.contentType
        }
    }

    /// The body of a successful reply.
    public func body(action: String, result: AWSValue, requestId: String) -> String {
        switch self {
        case .json: return AWSJSONEncoding.encode(result)
        case .query(let namespace, _):
            return AWSXMLEncoding.response(action: action, result: result, requestId: requestId, namespace: namespace)
        case .rpcv2CBOR: return String(decoding: CBOREncoding.encode(result), as: UTF8.self)
        }
    }

    /// The body of an error reply: `{"__type": "ns#Code", "message": ...}` or `<ErrorResponse>`.
    public func body(error: AWSError, requestId: String) -> String {
        switch self {
        case .json:
            let members = error.members.merging(["__type": .string("\(error.namespace)#\(error.code)"), "message": .string(error.message)]) { $1 }
            return JSONValue.object(members).serialized()
        case .query(let namespace, _):
            return AWSXMLEncoding.error(type: error.faultType, code: error.queryCode, message: error.message, requestId: requestId,
                                        namespace: namespace)
        case .rpcv2CBOR: return String(decoding: CBOREncoding.error(error), as: UTF8.self)
        }
    }

    /// The bytes of a successful reply (CBOR is binary; the text protocols are their UTF-8).
    public func payload(action: String, result: AWSValue, requestId: String) -> [UInt8] {
        if case .rpcv2CBOR = self { return CBOREncoding.encode(result) }
        return Array(body(action: action, result: result, requestId: requestId).utf8)
    }

    /// The bytes of an error reply.
    public func payload(error: AWSError, requestId: String) -> [UInt8] {
        if case .rpcv2CBOR = self { return CBOREncoding.error(error) }
        return Array(body(error: error, requestId: requestId).utf8)
    }

    /// Headers every reply of the protocol carries: RPC v2 names itself in `smithy-protocol`.
    public var replyHeaders: [(String, String)] {
        if case .rpcv2CBOR = self { return [("smithy-protocol", CBOREncoding.protocolName)] }
        return []
    }

    /// Headers of an error reply besides the request id: JSON carries the query code for query-compatible SDKs.
    public func headers(error: AWSError) -> [(String, String)] {
        switch self {
        case .json, .rpcv2CBOR: return [("x-amzn-query-error", "\(error.queryCode);\(error.faultType)")]
        case .query: return []
        }
    }
}

/// A request decoded far enough to dispatch: its service, protocol, operation and input.
public struct AWSCall: Sendable {
    public var service: any AWSService.Type
    public var wire: AWSWireProtocol
    public var action: String
    public var input: AWSInput

    /// Reads a request: `X-Amz-Target` selects a JSON protocol by its prefix, a form body (or URL query)
    /// with `Action` the query protocol, routed by `Version`, the credential scope or the operation name.
    /// A failure comes with the protocol it should be answered in.
    public static func decode(target: String?, contentType: String?, authorization: String? = nil, urlQuery: String?,
                              body: [UInt8], path: String = "/", smithyProtocol: String? = nil) -> Result<AWSCall, WireFailure> {
        if let smithyProtocol {
            return decodeRPCv2(path: path, smithyProtocol: smithyProtocol, contentType: contentType, body: body)
        }
        if let target {
            let (prefix, action) = split(target: target)
            guard let service = AWSServices.byTarget(prefix: prefix), !action.isEmpty else {
                let version = contentType.flatMap(jsonVersion(of:)) ?? "1.0"
                return .failure(WireFailure(wire: .json(version: version), error: .unknownOperation(target)))
            }
            let wire = AWSWireProtocol.json(version: service.model.jsonVersion)
            let members: [String: JSONValue]
            if body.isEmpty {
                members = [:]
            } else {
                guard case .object(let o)? = try? JSONValue.parse(bytes: body) else {
                    return .failure(WireFailure(wire: wire, error: .serialization("The request body is not a JSON object.")))
                }
                members = o
            }
            return .success(AWSCall(service: service, wire: wire, action: String(action), input: AWSInput(members)))
        }
        if let version = contentType.flatMap(jsonVersion(of:)) {
            return .failure(WireFailure(wire: .json(version: version), error: .unknownOperation("(no X-Amz-Target header)")))
        }
        var fields: [String: String] = [:]
        let fallback = AWSWireProtocol.query(namespace: SQSService.model.xmlNamespace, flattened: true)
        do {
            if let urlQuery { fields = try QueryString.parse(Substring(urlQuery)) }
            if !body.isEmpty {
                guard let text = String(validating: body, as: UTF8.self) else { throw QueryString.DecodeError(description: "the body is not UTF-8") }
                fields.merge(try QueryString.parse(Substring(text))) { $1 }
            }
        } catch {
            return .failure(WireFailure(wire: fallback, error: .serialization("The request body is not a valid form: \(error)")))
        }
        guard let action = fields["Action"], !action.isEmpty else {
            return .failure(WireFailure(wire: fallback, error: AWSError(code: "MissingAction", message: "The request must contain the parameter Action.")))
        }
        let scope = authorization.flatMap(signingName(ofAuthorization:))
        guard let service = AWSServices.forQuery(action: action, version: fields["Version"], signingName: scope) else {
            return .failure(WireFailure(wire: fallback, error: .unknownOperation(action)))
        }
        let wire = AWSWireProtocol.query(namespace: service.model.xmlNamespace, flattened: service.model.flattenedQuery)
        switch Result(catching: { () throws(AWSError) in try AWSQueryDecoder.decode(fields, flattened: service.model.flattenedQuery) }) {
        case .success(let input): return .success(AWSCall(service: service, wire: wire, action: action, input: AWSInput(input)))
        case .failure(let error): return .failure(WireFailure(wire: wire, error: error))
        }
    }

    /// `DynamoDB_20120810.PutItem` as its prefix and operation.
    public static func split(target: String) -> (Substring, Substring) {
        guard let dot = target.lastIndex(of: ".") else { return (target[...], "") }
        return (target[..<dot], target[target.index(after: dot)...])
    }

    /// `1.1` of `application/x-amz-json-1.1`; nil for any other type.
    public static func jsonVersion(of contentType: String) -> String? {
        let type = contentType.lowercased()
        guard let range = type.range(of: "application/x-amz-json-") else { return nil }
        let version = type[range.upperBound...].prefix { $0 == "." || $0.isNumber }
        return version.isEmpty ? "1.0" : String(version)
    }

    /// The service of a SigV4 `Authorization` header's credential scope: `sns` in
    /// `Credential=AKID/20261204/us-east-1/sns/aws4_request`.
    public static func signingName(ofAuthorization header: String) -> String? {
        guard let range = header.range(of: "Credential=") else { return nil }
        let credential = header[range.upperBound...].prefix { $0 != "," && $0 != " " }
        let parts = credential.split(separator: "/")
        return parts.count >= 5 ? String(parts[parts.count - 2]) : nil
    }
}

/// A request that could not be decoded, and the protocol to answer it in.
public struct WireFailure: Error, Sendable {
    public var wire: AWSWireProtocol
    public var error: AWSError
}
