import Foundation
import IngestCore

/// Reads a service's error answer, whatever its protocol: JSON (`__type`, `code`, `x-amzn-query-error`,
/// `x-amzn-errortype`) or XML (`<Error><Code>`). A page that is neither is the endpoint's own failure.
enum AWSErrorDecoder {
    /// Codes that mean "no such API here". Not SQS's `UnsupportedOperation`: SQS answers it for a request
    /// it understood and refused (a move task from a queue that is no DLQ), which must stay an error.
    static let unsupportedCodes: Set<String> = ["UnknownOperationException", "InvalidAction",
                                                "NotImplemented", "UnknownOperation", "NotImplementedException"]

    static func decode(_ response: AWSResponse, request: AWSRequest) -> AWSClientError {
        var code: String?
        var message = ""
        if let query = response.header("x-amzn-query-error"), let c = query.split(separator: ";").first, !c.isEmpty { code = String(c) }
        if let json = try? JSONValue.parse(bytes: response.body), let object = json.objectValue {
            // REST-JSON (Lambda) names the code in x-amzn-errortype; its body's `Type` is the fault (User, Service).
            let raw = object["__type"]?.stringValue ?? response.header("x-amzn-errortype") ?? object["code"]?.stringValue
                ?? object["Code"]?.stringValue ?? object["Type"]?.stringValue
            if code == nil, let raw { code = shortCode(raw) }
            message = object["message"]?.stringValue ?? object["Message"]?.stringValue ?? object["errorMessage"]?.stringValue ?? ""
        } else if let xml = XMLNode.parse(response.body), let c = xml.first("Code")?.text {
            code = c
            message = xml.first("Message")?.text ?? ""
        } else if code == nil, let t = response.header("x-amzn-errortype") {
            code = shortCode(t)
        }
        if let code, unsupportedCodes.contains(code) {
            return AWSClientError(kind: .unsupported, action: request.iamAction, message: code)
        }
        // A service always names its error; a 404 or 405 without a code is an endpoint that lacks the API
        // (an emulator without Lambda, say), and on an optional call a bare 500 is the same.
        if code == nil, [404, 405, 501].contains(response.status) || (request.optional && response.status == 500) {
            return AWSClientError(kind: .unsupported, action: request.iamAction, message: "HTTP \(response.status)")
        }
        if response.status == 501 { return AWSClientError(kind: .unsupported, action: request.iamAction, message: "HTTP 501") }
        // One line: a message of several (AWS quotes canonical requests in some) is joined with spaces.
        let line = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " ")
        return AWSClientError(kind: .service(code: code ?? "HTTP\(response.status)", status: response.status), action: request.iamAction,
                              message: Redaction.redact(String(line.prefix(300))))
    }

    /// `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` → `ResourceNotFoundException`;
    /// `ResourceNotFoundException:http://...` → the same.
    static func shortCode(_ raw: String) -> String {
        var s = Substring(raw)
        if let hash = s.lastIndex(of: "#") { s = s[s.index(after: hash)...] }
        if let colon = s.firstIndex(of: ":") { s = s[..<colon] }
        return String(s)
    }
}
