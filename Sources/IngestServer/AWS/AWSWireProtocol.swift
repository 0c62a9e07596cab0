import Foundation
import IngestCore

/// The two wire protocols SQS speaks, and how each writes a reply and an error.
public enum AWSWireProtocol: Sendable, Equatable {
    /// JSON 1.0: `X-Amz-Target: AmazonSQS.<Op>`, `application/x-amz-json-1.0` both ways.
    case json
    /// The query protocol: a form body with `Action`, XML replies.
    case query

    public var contentType: String { self == .json ? "application/x-amz-json-1.0" : "text/xml" }

    /// The body of a successful reply.
    public func body(action: String, result: AWSValue, requestId: String) -> String {
        switch self {
        case .json: return AWSJSONEncoding.encode(result)
        case .query: return AWSXMLEncoding.response(action: action, result: result, requestId: requestId)
        }
    }

    /// The body of an error reply: `{"__type": "ns#Code", "message": ...}` or `<ErrorResponse>`.
    public func body(error: AWSError, requestId: String) -> String {
        switch self {
        case .json:
            return JSONValue.object(["__type": .string("\(error.namespace)#\(error.code)"), "message": .string(error.message)]).serialized()
        case .query:
            return AWSXMLEncoding.error(type: error.faultType, code: error.queryCode, message: error.message, requestId: requestId)
        }
    }

    /// Headers of an error reply besides the request id: JSON 1.0 carries the query code for query-compatible SDKs.
    public func headers(error: AWSError) -> [(String, String)] {
        self == .json ? [("x-amzn-query-error", "\(error.queryCode);\(error.faultType)")] : []
    }
}

/// A request decoded far enough to dispatch: its protocol, operation and input.
public struct AWSCall: Sendable {
    public var wire: AWSWireProtocol
    public var action: String
    public var input: AWSInput

    /// Reads a request: `X-Amz-Target` selects JSON 1.0, a form body (or URL query) with `Action` the query
    /// protocol. A failure comes with the protocol it should be answered in.
    public static func decode(target: String?, contentType: String?, urlQuery: String?, body: [UInt8]) -> Result<AWSCall, WireFailure> {
        if let target {
            let action = String(target.dropFirst("AmazonSQS.".count))
            guard target.hasPrefix("AmazonSQS."), !action.isEmpty else {
                return .failure(WireFailure(wire: .json, error: .unknownOperation(target)))
            }
            let members: [String: JSONValue]
            if body.isEmpty {
                members = [:]
            } else {
                guard case .object(let o)? = try? JSONValue.parse(bytes: body) else {
                    return .failure(WireFailure(wire: .json, error: .serialization("The request body is not a JSON object.")))
                }
                members = o
            }
            return .success(AWSCall(wire: .json, action: action, input: AWSInput(members)))
        }
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("application/x-amz-json") {
            return .failure(WireFailure(wire: .json, error: .unknownOperation("(no X-Amz-Target header)")))
        }
        var fields: [String: String] = [:]
        do {
            if let urlQuery { fields = try QueryString.parse(Substring(urlQuery)) }
            if !body.isEmpty {
                guard let text = String(validating: body, as: UTF8.self) else { throw QueryString.DecodeError(description: "the body is not UTF-8") }
                fields.merge(try QueryString.parse(Substring(text))) { $1 }
            }
        } catch {
            return .failure(WireFailure(wire: .query, error: .serialization("The request body is not a valid form: \(error)")))
        }
        switch Result(catching: { () throws(AWSError) in try AWSQueryDecoder.decode(fields) }) {
        case .success(let (action, input)): return .success(AWSCall(wire: .query, action: action, input: AWSInput(input)))
        case .failure(let error): return .failure(WireFailure(wire: .query, error: error))
        }
    }
}

/// A request that could not be decoded, and the protocol to answer it in.
public struct WireFailure: Error, Sendable {
    public var wire: AWSWireProtocol
    public var error: AWSError
}
