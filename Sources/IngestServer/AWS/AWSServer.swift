import Foundation
import HTTPTypes
import Hummingbird
import IngestCore

/// The AWS endpoint: `POST /` (and a queue's URL path) dispatched by `X-Amz-Target` or `Action` to the
/// services of ``AWSServices``. Every answer carries `x-amzn-RequestId`; SigV4 `Authorization` headers
/// are accepted without being verified.
public struct AWSServer: Sendable {
    let pipeline: PipelineRuntime
    /// Used for queue URLs when a request has no `Host` (HTTP/1.0).
    let fallbackEndpoint: String
    /// The largest body read: a batch's 1 MiB of payload, escaped or in base64.
    static let maxBodyBytes = 4 * 1_048_576

    public init(pipeline: PipelineRuntime, fallbackEndpoint: String) {
        self.pipeline = pipeline
        self.fallbackEndpoint = fallbackEndpoint
    }

    /// Adds the endpoint's routes.
    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/") { request, _ in await self.handle(request) }
        router.post("**") { request, _ in await self.handle(request) }
        router.get("/") { request, _ in await self.handle(request) }
    }

    /// Decodes, runs and encodes one call.
    func handle(_ request: Request) async -> Response {
        let requestId = UUID().uuidString.lowercased()
        var request = request
        let body: [UInt8]
        do { body = Array(try await request.collectBody(upTo: Self.maxBodyBytes).readableBytesView) } catch {
            return reply(.query(namespace: AWSXMLEncoding.namespace, flattened: true), error: AWSError(code: "RequestEntityTooLarge", message: "The request body is larger than \(Self.maxBodyBytes) bytes.", status: 413),
                         requestId: requestId)
        }
        let target = request.headers[HTTPField.Name("X-Amz-Target")!]
        let decoded = AWSCall.decode(target: target, contentType: request.headers[.contentType], authorization: request.headers[.authorization],
                                     urlQuery: request.uri.query, body: body)
        let call: AWSCall
        switch decoded {
        case .failure(let f): return reply(f.wire, error: f.error, requestId: requestId)
        case .success(let c): call = c
        }
        var input = call.input
        // The query protocol may post to the queue's own URL instead of naming it.
        let path = request.uri.path
        if call.service is SQSService.Type, input.members["QueueUrl"] == nil, path.split(separator: "/").count == 2 {
            input.members["QueueUrl"] = .string(path)
        }
        let endpoint = request.head.authority.map { "http://\($0)" } ?? fallbackEndpoint
        let service = call.service.init(context: AWSRequestContext(pipeline: pipeline, endpoint: endpoint))
        do {
            let result = try await service.call(call.action, input)
            return respond(status: .ok, wire: call.wire, body: call.wire.body(action: call.action, result: result, requestId: requestId),
                           requestId: requestId)
        } catch {
            return reply(call.wire, error: Self.wireError(error, service: call.service), requestId: requestId)
        }
    }

    /// Any error as the wire sees it; one the service does not model is a 500 `InternalFailure`.
    static func wireError(_ error: any Error, service: any AWSService.Type) -> AWSError {
        service.wireError(error)
            ?? AWSError(code: "InternalFailure", message: "\(error)", senderFault: false, status: 500, namespace: "com.amazon.coral.service")
    }

    func reply(_ wire: AWSWireProtocol, error: AWSError, requestId: String) -> Response {
        respond(status: HTTPResponse.Status(code: error.status), wire: wire, body: wire.body(error: error, requestId: requestId),
                requestId: requestId, extra: wire.headers(error: error))
    }

    func respond(status: HTTPResponse.Status, wire: AWSWireProtocol, body: String, requestId: String, extra: [(String, String)] = []) -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = wire.contentType
        headers[HTTPField.Name("x-amzn-RequestId")!] = requestId
        for (name, value) in extra { if let n = HTTPField.Name(name) { headers[n] = value } }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
