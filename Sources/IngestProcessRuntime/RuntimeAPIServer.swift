import Foundation
import HTTPTypes
import Hummingbird
import IngestCore
import Logging
import NIOCore
import Synchronization

/// The Lambda Runtime API (`2018-06-01`) of one execution environment, on `127.0.0.1` and a port of its own:
/// `GET invocation/next`, `POST invocation/{id}/response`, `POST invocation/{id}/error` and `POST init/error`, with the
/// status codes and the 6 MB payload limit Lambda documents.
struct RuntimeAPIServer: Sendable {
    let port: Int
    private let task: Task<Void, Never>

    /// Listens on an ephemeral loopback port and serves `environment`'s routes until `stop()`.
    static func start(environment: ExecutionEnvironment) async throws -> RuntimeAPIServer {
        let router = Router()
        addRoutes(to: router, environment: environment)
        var logger = Logger(label: "ingest-runtime-api")
        logger.logLevel = .critical
        let bound = Bound()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "ingest-runtime-api"),
            onServerRunning: { channel in bound.resolve(.success(channel.localAddress?.port ?? 0)) },
            logger: logger)
        let task = Task {
            do { try await app.runService(gracefulShutdownSignals: []) } catch { bound.resolve(.failure(error)) }
            bound.resolve(.failure(CancellationError()))
        }
        do {
            return RuntimeAPIServer(port: try await bound.wait(), task: task)
        } catch {
            task.cancel()
            throw error
        }
    }

    /// Stops listening (it does not wait for the server to finish).
    func stop() { task.cancel() }

    static let prefix = "2018-06-01/runtime"

    static func addRoutes(to router: Router<BasicRequestContext>, environment: ExecutionEnvironment) {
        router.get("\(prefix)/invocation/next") { _, _ -> Response in
            guard let invocation = await environment.next() else {
                return error(.internalServerError, type: "Runtime.ExitError", "the execution environment is ending; the runtime should exit")
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("Lambda-Runtime-Aws-Request-Id")!] = invocation.requestId
            headers[HTTPField.Name("Lambda-Runtime-Deadline-Ms")!] = String(invocation.deadlineMillis)
            headers[HTTPField.Name("Lambda-Runtime-Invoked-Function-Arn")!] = invocation.functionArn
            headers[HTTPField.Name("Lambda-Runtime-Trace-Id")!] = invocation.traceId
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: invocation.event)))
        }
        router.post("\(prefix)/invocation/:id/response") { request, context -> Response in
            let id = try context.parameters.require("id")
            let payload = try? await request.body.collect(upTo: ExecutionEnvironment.maxPayload)
            let status = await environment.answer(id, payload: payload.map { Array(buffer: $0) }, error: nil)
            return reply(status)
        }
        router.post("\(prefix)/invocation/:id/error") { request, context -> Response in
            let id = try context.parameters.require("id")
            let payload = try? await request.body.collect(upTo: ExecutionEnvironment.maxPayload)
            let reported = describe(payload, typeHeader: request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!])
            let status = await environment.answer(id, payload: payload.map { Array(buffer: $0) }, error: reported)
            return reply(status)
        }
        router.post("\(prefix)/init/error") { request, _ -> Response in
            let payload = try? await request.body.collect(upTo: ExecutionEnvironment.maxPayload)
            let reported = describe(payload, typeHeader: request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!])
            return reply(await environment.initError(type: reported.type, message: reported.message))
        }
    }

    /// The error type and message of an error payload (`{"errorType","errorMessage"}`); the header's type when the
    /// body has none, `Unhandled` when neither does.
    static func describe(_ payload: ByteBuffer?, typeHeader: String?) -> (type: String, message: String) {
        guard let payload, case .object(let o)? = try? JSONValue.parse(bytes: Array(buffer: payload)) else {
            let text = payload.map { String(buffer: $0) } ?? ""
            return (typeHeader ?? "Unhandled", text)
        }
        let type = o["errorType"]?.stringValue ?? typeHeader ?? "Unhandled"
        return (type, o["errorMessage"]?.stringValue ?? "")
    }

    static func reply(_ status: RuntimeAPIStatus) -> Response {
        switch status {
        case .accepted:
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .accepted, headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"status":"OK"}"#)))
        case .invalidRequestId: return error(.badRequest, type: "InvalidRequestID", "Invalid request ID")
        case .payloadTooLarge:
            return error(.contentTooLarge, type: "RequestEntityTooLarge", "Exceeded maximum allowed payload size (\(ExecutionEnvironment.maxPayload) bytes).")
        case .forbidden: return error(.forbidden, type: "InvalidStateTransition", "State transition from Ready to InitError failed")
        }
    }

    static func error(_ status: HTTPResponse.Status, type: String, _ message: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let body = JSONValue.object(["errorMessage": .string(message), "errorType": .string(type)]).serialized()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// The port a server bound, once.
private final class Bound: Sendable {
    private let state = Mutex<(Result<Int, any Error>?, CheckedContinuation<Int, any Error>?)>((nil, nil))

    func resolve(_ result: Result<Int, any Error>) {
        let waiter: CheckedContinuation<Int, any Error>? = state.withLock { s in
            guard s.0 == nil else { return nil }
            s.0 = result
            let w = s.1
            s.1 = nil
            return w
        }
        waiter?.resume(with: result)
    }

    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { c in
            let ready: Result<Int, any Error>? = state.withLock { s in
                if let r = s.0 { return r }
                s.1 = c
                return nil
            }
            if let ready { c.resume(with: ready) }
        }
    }
}
