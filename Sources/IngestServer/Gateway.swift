import Foundation
import HTTPTypes
import Hummingbird
import IngestAPI
import IngestCore
import NIOCore

/// The REST ingress: `GET /store?topic&message&subject` (also under `/{stage}/store`) and `POST` with a
/// JSON or form body, checked against the API keys, publishing to the engine and answering only once
/// the message is durable.
public struct Gateway: Sendable {
    let engine: Engine
    /// Accepted keys by value; empty means the method needs no key.
    let keys: [String: ApiKeyInfo]
    let stages: Set<String>
    /// The largest URL or body accepted (bytes).
    let maxRequestBytes = 300_000
    /// Where `AWS/ApiGateway` metrics go, with the API's name for the `ApiName` dimension.
    let metrics: any MetricSink
    let apiName: String
    /// Usage-plan throttles and quotas, checked after the key (API Gateway's order).
    let usage: UsageLimiter?
    /// API Gateway's integration timeout (`Integration.TimeoutInMillis`; 29 s when the template gives none).
    let integrationTimeoutMillis: Int64
    /// Where each request's access-log line goes, in the stage's format.
    let accessLog: (writer: AccessLogWriter, format: AccessLogFormat)?

    public init(engine: Engine, keys: [ApiKeyInfo], stages: [String], apiName: String = "ingest", metrics: any MetricSink = NoMetrics(),
                usage: UsageLimiter? = nil, accessLog: (writer: AccessLogWriter, format: AccessLogFormat)? = nil,
                integrationTimeoutMillis: Int64 = 29_000) {
        self.engine = engine
        self.integrationTimeoutMillis = integrationTimeoutMillis
        self.usage = usage
        self.accessLog = accessLog
        self.keys = Dictionary(keys.filter(\.enabled).map { ($0.value, $0) }, uniquingKeysWith: { a, _ in a })
        self.stages = Set(stages)
        self.apiName = apiName
        self.metrics = metrics
    }

    /// Adds the gateway's routes to a router.
    public func addRoutes(to router: Router<GatewayRequestContext>) {
        router.add(middleware: MissingRouteMiddleware())
        router.get("_health") { _, _ in JSONResponse.raw("{\"status\":\"ok\"}") }
        router.get("store") { req, ctx in await measured(req, stage: nil, sourceIp: ctx.remoteAddress?.ipAddress) }
        router.post("store") { req, ctx in await measured(req, stage: nil, sourceIp: ctx.remoteAddress?.ipAddress) }
        router.get(":stage/store") { req, ctx in await measured(req, stage: ctx.parameters.get("stage"), sourceIp: ctx.remoteAddress?.ipAddress) }
        router.post(":stage/store") { req, ctx in await measured(req, stage: ctx.parameters.get("stage"), sourceIp: ctx.remoteAddress?.ipAddress) }
    }

    /// Answers a request and records `Count`, `4XXError`, `5XXError` and `Latency` (ms) under `AWS/ApiGateway`
    /// with the `ApiName` dimension, and again with `ApiName` and `Stage` when the request named a stage.
    func measured(_ request: Request, stage: String?, sourceIp: String? = nil) async -> Response {
        let started = ContinuousClock.now
        let notes = RequestNotes()
        let response = await handle(request, stage: stage, notes: notes)
        let elapsed = ContinuousClock.now - started
        let ms = elapsed.milliseconds
        let code = response.status.code
        let at = engine.clock.now()
        var dimensionSets = [["ApiName": apiName]]
        if let stage, stages.contains(stage) { dimensionSets.append(["ApiName": apiName, "Stage": stage]) }
        for d in dimensionSets {
            metrics.record(namespace: "AWS/ApiGateway", name: "Count", dimensions: d, value: 1, at: at)
            metrics.record(namespace: "AWS/ApiGateway", name: "4XXError", dimensions: d, value: (400..<500).contains(code) ? 1 : 0, at: at)
            metrics.record(namespace: "AWS/ApiGateway", name: "5XXError", dimensions: d, value: code >= 500 ? 1 : 0, at: at)
            metrics.record(namespace: "AWS/ApiGateway", name: "Latency", dimensions: d, value: ms, at: at)
        }
        if let accessLog {
            let errorType = response.headers[HTTPField.Name("x-amzn-ErrorType")!]
            let entry = AccessLogEntry(
                requestId: response.headers[HTTPField.Name("x-amzn-RequestId")!] ?? "-", sourceIp: sourceIp, apiKeyId: notes.keyId,
                userAgent: request.headers[.userAgent], httpMethod: request.method.rawValue, path: request.uri.path, resourcePath: "/store",
                status: Int(code), responseLength: response.body.contentLength, responseLatencyMs: Int(ms.rounded()), requestTime: at,
                stage: stage ?? stages.first, domainName: request.head.authority, errorMessage: nil,
                errorResponseType: errorType.map(Self.gatewayResponseType))
            accessLog.writer.log(entry, format: accessLog.format)
        }
        return response
    }

    static func requestIdHeaders() -> HTTPFields {
        var h = HTTPFields()
        if let name = HTTPField.Name("x-amzn-RequestId") { h[name] = UUID().uuidString.lowercased() }
        return h
    }

    /// Answers one request to the store resource.
    /// The API Gateway response type for an `x-amzn-ErrorType`.
    static func gatewayResponseType(_ errorType: String) -> String {
        switch errorType {
        case "ForbiddenException": return "INVALID_API_KEY"
        case "MissingAuthenticationTokenException": return "MISSING_AUTHENTICATION_TOKEN"
        case "TooManyRequestsException": return "THROTTLED"
        case "LimitExceededException": return "QUOTA_EXCEEDED"
        case "RequestTooLarge": return "REQUEST_TOO_LARGE"
        case "UnsupportedMediaTypeException": return "UNSUPPORTED_MEDIA_TYPE"
        case "BadRequestException": return "BAD_REQUEST_PARAMETERS"
        case "NotFound": return "RESOURCE_NOT_FOUND"
        case "IntegrationTimeout": return "INTEGRATION_TIMEOUT"
        default: return errorType
        }
    }

    func handle(_ request: Request, stage: String?, notes: RequestNotes = RequestNotes()) async -> Response {
        let headers = Self.requestIdHeaders()
        if let stage, !stages.isEmpty, !stages.contains(stage) {
            return JSONResponse.message("Missing Authentication Token", status: .forbidden, errorType: "MissingAuthenticationTokenException", headers: headers)
        }
        if !keys.isEmpty {
            let given = request.headers[HTTPField.Name("x-api-key")!] ?? ""
            // Every key is compared, in constant time, so the time taken says nothing about which one came close.
            var match: ApiKeyInfo?
            for (value, info) in keys where ConstantTime.equals(value, given) { match = info }
            guard let key = match else {
                return JSONResponse.message("Forbidden", status: .forbidden, errorType: "ForbiddenException", headers: headers)
            }
            notes.keyId = key.id
            switch usage?.admit(key: key.name) ?? .admitted {
            case .admitted: break
            case .throttled:
                return JSONResponse.message("Too Many Requests", status: .tooManyRequests, errorType: "TooManyRequestsException", headers: headers)
            case .quotaExceeded:
                return JSONResponse.message("Limit Exceeded", status: .tooManyRequests, errorType: "LimitExceededException", headers: headers)
            }
        }
        let params: [String: String]
        do {
            params = try await parameters(request)
        } catch let error as GatewayError {
            return JSONResponse.message(error.message, status: error.status, errorType: error.type, headers: headers)
        } catch {
            return JSONResponse.message("Bad request: \(error)", status: .badRequest, errorType: "BadRequestException", headers: headers)
        }
        guard let topic = params["topic"], !topic.isEmpty else {
            return JSONResponse.message("Missing required request parameter: topic", status: .badRequest, errorType: "BadRequestException", headers: headers)
        }
        guard let message = params["message"], !message.isEmpty else {
            return JSONResponse.message("Missing required request parameter: message", status: .badRequest, errorType: "BadRequestException", headers: headers)
        }
        guard message.utf8.count <= 262_144 else {
            return JSONResponse.message("Request too large: the message is \(message.utf8.count) bytes, over SNS's 262,144", status: .contentTooLarge,
                                        errorType: "RequestTooLarge", headers: headers)
        }
        let subject = params["subject"].flatMap { $0.isEmpty ? nil : $0 }
        let engine = self.engine
        let publish = PublishRequest(topic: topic, message: message, subject: subject)
        let outcome = await IntegrationTimeout.run(clock: engine.clock, deadline: engine.clock.now().adding(millis: integrationTimeoutMillis)) {
            try await engine.publish(publish)
        }
        do {
            guard case .finished(let r) = outcome else {
                return JSONResponse.message("Endpoint request timed out", status: .gatewayTimeout, errorType: "IntegrationTimeout", headers: headers)
            }
            let result = try r.get()
            return JSONResponse.raw(JSONValue.object(["MessageId": .string(result.messageId)]).serialized(), headers: headers)
        } catch let error as SNSError {
            let status: HTTPResponse.Status = error.httpStatus == 404 ? .notFound : .badRequest
            return JSONResponse.message(error.message, status: status, errorType: error.code, headers: headers)
        } catch {
            return JSONResponse.message("Publishing failed: \(error)", status: .serviceUnavailable, errorType: "ServiceUnavailableException", headers: headers)
        }
    }

    /// The request's parameters from its query string, or from a JSON or form body on POST.
    func parameters(_ request: Request) async throws -> [String: String] {
        let rawQuery = request.uri.query ?? ""
        guard rawQuery.utf8.count <= 8_192 else { throw GatewayError(status: .contentTooLarge, message: "Request URL too large", type: "RequestTooLarge") }
        var params: [String: String]
        do { params = try QueryString.parse(Substring(rawQuery)) } catch {
            throw GatewayError(status: .badRequest, message: error.description, type: "BadRequestException")
        }
        guard request.method == .post else { return params }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxRequestBytes) } catch {
            throw GatewayError(status: .contentTooLarge, message: "Request body too large", type: "RequestTooLarge")
        }
        guard let body = String(validating: Array(buffer.readableBytesView), as: UTF8.self) else {
            throw GatewayError(status: .badRequest, message: "The request body is not valid UTF-8", type: "BadRequestException")
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        if type.hasPrefix("application/json") {
            guard case .object(let o) = try? JSONValue.parse(body) else {
                throw GatewayError(status: .badRequest, message: "The body is not a JSON object", type: "BadRequestException")
            }
            for (k, v) in o {
                switch v {
                case .string(let s): params[k] = s
                case .object, .array: params[k] = v.serialized()   // a message given as an object is sent as its JSON text
                case .number(let n): params[k] = n
                case .bool(let b): params[k] = b ? "true" : "false"
                case .null: break
                }
            }
        } else if type.hasPrefix("application/x-www-form-urlencoded") {
            do { params.merge(try QueryString.parse(Substring(body))) { _, new in new } } catch {
                throw GatewayError(status: .badRequest, message: error.description, type: "BadRequestException")
            }
        } else if !body.isEmpty || !type.isEmpty {
            throw GatewayError(status: .unsupportedMediaType, message: "Unsupported Media Type", type: "UnsupportedMediaTypeException")
        }
        return params
    }
}

/// A refusal with its status and gateway error type.
struct GatewayError: Error {
    var status: HTTPResponse.Status
    var message: String
    var type: String
}

/// Answers an unknown route or method as API Gateway does: 403 `Missing Authentication Token`.
struct MissingRouteMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            return JSONResponse.message("Missing Authentication Token", status: .forbidden, errorType: "MissingAuthenticationTokenException",
                                        headers: Gateway.requestIdHeaders())
        }
    }
}

/// What the handler learned about a request that the access log needs (the key's id, never its value).
/// @unchecked: one request's task writes it and then reads it; it is never shared between requests.
final class RequestNotes: @unchecked Sendable {
    var keyId: String?
    init() {}
}

/// The gateway's request context: Hummingbird's core context plus the client's address, for the access
/// log's `$context.identity.sourceIp`.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
