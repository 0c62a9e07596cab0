import Foundation
import HTTPTypes
import Hummingbird
import IngestCore

/// Building JSON responses.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// A response with an encodable body.
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return raw(String(decoding: data, as: UTF8.self), status: status, headers: headers)
    }

    /// A response with JSON text.
    static func raw(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var h = headers
        h[.contentType] = "application/json"
        return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// `{"message": ...}`, the body of every gateway error.
    static func message(_ text: String, status: HTTPResponse.Status, errorType: String? = nil, headers: HTTPFields = [:]) -> Response {
        var h = headers
        if let errorType, let name = HTTPField.Name("x-amzn-ErrorType") { h[name] = errorType }
        return raw(JSONValue.object(["message": .string(text)]).serialized(), status: status, headers: h)
    }
}
