import Foundation
import IngestAWSAuth
import IngestCore

/// The three wire protocols the console's services speak: JSON 1.0/1.1 (`X-Amz-Target`), the query
/// protocol (form in, XML out) and REST-JSON (Lambda).
extension AWSConnection {
    /// A JSON 1.0 (`version: "1.0"`) or 1.1 call: `POST /` with `X-Amz-Target: PREFIX.Action`.
    public func json(_ service: AWSServiceName, target: String, action: String, version: String = "1.0", _ body: JSONValue,
                     optional: Bool = false) async throws(AWSClientError) -> JSONValue {
        let request = AWSRequest(service: service, action: action,
                                 headers: [(name: "Content-Type", value: "application/x-amz-json-\(version)"),
                                           (name: "X-Amz-Target", value: "\(target).\(action)")],
                                 body: Array(body.serialized(sortedKeys: false).utf8), optional: optional)
        let response = try await send(request)
        if response.body.isEmpty { return .object([:]) }
        do { return try JSONValue.parse(bytes: response.body) } catch {
            throw AWSClientError(kind: .malformedResponse, action: request.iamAction, message: "the answer is not JSON")
        }
    }

    /// A query-protocol call: `Action`, `Version` and the parameters form-encoded; the XML answer.
    public func query(_ service: AWSServiceName, action: String, version: String, _ parameters: [(String, String)] = [],
                      optional: Bool = false) async throws(AWSClientError) -> XMLNode {
        let form = ([("Action", action), ("Version", version)] + parameters)
            .map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let request = AWSRequest(service: service, action: action,
                                 headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
                                 body: Array(form.utf8), optional: optional)
        let response = try await send(request)
        guard let xml = XMLNode.parse(response.body) else {
            throw AWSClientError(kind: .malformedResponse, action: request.iamAction, message: "the answer is not XML")
        }
        return xml
    }

    /// A REST-JSON call (Lambda): method, path and query as given, JSON in and out.
    public func rest(_ service: AWSServiceName, action: String, method: String, path: String, query: [(String, String)] = [],
                     body: JSONValue? = nil) async throws(AWSClientError) -> JSONValue {
        let q = query.map { "\(SigV4Canonical.encode($0.0))=\(SigV4Canonical.encode($0.1))" }.joined(separator: "&")
        var headers: [(name: String, value: String)] = []
        if body != nil { headers.append((name: "Content-Type", value: "application/json")) }
        let request = AWSRequest(service: service, action: action, method: method, path: path, query: q, headers: headers,
                                 body: body.map { Array($0.serialized(sortedKeys: false).utf8) } ?? [])
        let response = try await send(request)
        if response.body.isEmpty { return .object([:]) }
        do { return try JSONValue.parse(bytes: response.body) } catch {
            throw AWSClientError(kind: .malformedResponse, action: request.iamAction, message: "the answer is not JSON")
        }
    }

    /// `application/x-www-form-urlencoded` as the AWS SDKs write it: unreserved characters as they are, the rest percent-encoded.
    static func formEncode(_ s: String) -> String { SigV4Canonical.encode(s) }
}
