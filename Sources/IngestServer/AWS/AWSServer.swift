import Foundation
import HTTPTypes
import Hummingbird
import IngestAWSAuth
import IngestCore

/// The AWS endpoint: `POST /` (and a queue's URL path) dispatched by `X-Amz-Target` or `Action` to the
/// services of ``AWSServices``. Every answer carries `x-amzn-RequestId`. SigV4 `Authorization` headers
/// are accepted as they come, or, given a verifier (`--aws-require-signature`), checked before anything runs.
public struct AWSServer: Sendable {
    let pipeline: PipelineRuntime
    /// Used for queue URLs when a request has no `Host` (HTTP/1.0).
    let fallbackEndpoint: String
    /// The largest body read: a batch's 1 MiB of payload, escaped or in base64.
    static let maxBodyBytes = 4 * 1_048_576
    /// Checks each request's signature against the engine's access keys; nil accepts any.
    let signatures: SigV4Verifier?

    public init(pipeline: PipelineRuntime, fallbackEndpoint: String, signatures: SigV4Verifier? = nil) {
        self.pipeline = pipeline
        self.fallbackEndpoint = fallbackEndpoint
        self.signatures = signatures
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
                                     urlQuery: request.uri.query, body: body, path: request.uri.path,
                                     smithyProtocol: request.headers[HTTPField.Name("smithy-protocol")!])
        let call: AWSCall
        switch decoded {
        case .failure(let f):
            return reply(f.wire, error: signatureError(request, body: body) ?? f.error, requestId: requestId)
        case .success(let c): call = c
        }
        if let refused = signatureError(request, body: body) { return reply(call.wire, error: refused, requestId: requestId) }
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
            return respond(status: .ok, wire: call.wire, body: call.wire.payload(action: call.action, result: result, requestId: requestId),
                           requestId: requestId)
        } catch {
            return reply(call.wire, error: Self.wireError(error, service: call.service), requestId: requestId)
        }
    }

    /// Why the request's signature is refused (403), when signatures are required; nil when it passes.
    func signatureError(_ request: Request, body: [UInt8]) -> AWSError? {
        guard let signatures else { return nil }
        var headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
        if let host = request.head.authority, !headers.contains(where: { $0.name.lowercased() == "host" }) {
            headers.append((name: "host", value: host))
        }
        let signed = SigV4Request(method: request.method.rawValue, target: request.head.path ?? "/", headers: headers, body: body)
        let now = Date(timeIntervalSince1970: Double(pipeline.clock.now().millis) / 1000)
        guard case .failure(let f) = signatures.verify(signed, now: now) else { return nil }
        return AWSError(code: f.code, message: f.message, status: 403, namespace: "com.amazon.coral.service")
    }

    /// Any error as the wire sees it; one the service does not model is a 500 `InternalFailure`.
    static func wireError(_ error: any Error, service: any AWSService.Type) -> AWSError {
        service.wireError(error)
            ?? AWSError(code: "InternalFailure", message: "\(error)", senderFault: false, status: 500, namespace: "com.amazon.coral.service")
    }

    func reply(_ wire: AWSWireProtocol, error: AWSError, requestId: String) -> Response {
        respond(status: HTTPResponse.Status(code: error.status), wire: wire, body: wire.payload(error: error, requestId: requestId),
                requestId: requestId, extra: wire.headers(error: error))
    }

    func respond(status: HTTPResponse.Status, wire: AWSWireProtocol, body: [UInt8], requestId: String, extra: [(String, String)] = []) -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = wire.contentType
        headers[HTTPField.Name("x-amzn-RequestId")!] = requestId
        for (name, value) in wire.replyHeaders + extra { if let n = HTTPField.Name(name) { headers[n] = value } }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
