import Foundation
import Hummingbird
import IngestCore

/// The control API: JSON over HTTP, served on the data directory's Unix socket for the CLI and an
/// attached console. Every route maps to one engine operation.
public struct ControlServer: Sendable {
    let pipeline: PipelineRuntime
    static let decoder = JSONDecoder()

    public init(pipeline: PipelineRuntime) { self.pipeline = pipeline }

    /// Adds the control routes to a router.
    public func addRoutes(to router: Router<BasicRequestContext>) {
        let engine = pipeline.engine
        addPipelineRoutes(to: router)
        router.get("v1/status") { _, _ in await Self.reply { await engine.status() } }
        router.get("v1/keys") { _, _ in await Self.reply { await engine.keys() } }
        router.get("v1/events") { req, _ in
            await Self.reply { await engine.recentEvents(limit: req.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 200) }
        }
        router.get("v1/queues/:queue/messages") { req, ctx in
            await Self.reply {
                let q = try ctx.parameters.require("queue")
                let after = req.uri.queryParameters.get("after").flatMap { UInt64($0) }
                let limit = req.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 50
                return try await engine.deadLetters(queue: q, after: after, limit: limit)
            }
        }
        router.post("v1/queues/:queue/purge") { _, ctx in
            await Self.reply { try await engine.purge(queue: try ctx.parameters.require("queue")) }
        }
        router.post("v1/queues/:queue/messages/:id/resend") { req, ctx in
            await Self.reply {
                let body = try await Self.decode(ControlAPI.ResendBody.self, req)
                return try await engine.resend(queue: try ctx.parameters.require("queue"), messageId: try ctx.parameters.require("id"),
                                               body: body.body, to: body.to)
            }
        }
        router.delete("v1/queues/:queue/messages/:id") { _, ctx in
            await Self.reply {
                try await engine.deleteMessage(queue: try ctx.parameters.require("queue"), messageId: try ctx.parameters.require("id"))
                return ["deleted": try ctx.parameters.require("id")]
            }
        }
        router.post("v1/redrive") { req, _ in
            await Self.reply { try await engine.startMoveTask(try await Self.decode(RedriveRequest.self, req)) }
        }
        router.get("v1/move-tasks") { req, _ in
            await Self.reply {
                let max = req.uri.queryParameters.get("max").flatMap { Int($0) } ?? 10
                return try await engine.listMoveTasks(source: req.uri.queryParameters.get("source"), maxResults: max)
            }
        }
        router.post("v1/move-tasks/cancel") { req, _ in
            await Self.reply { try await engine.cancelMoveTask(try await Self.decode(ControlAPI.CancelRequest.self, req).source) }
        }
        router.get("v1/move-tasks/wait") { req, _ in
            await Self.reply {
                guard let handle = req.uri.queryParameters.get("handle") else {
                    throw SQSError.invalidParameterValue("handle is required")
                }
                guard let info = await engine.waitForMoveTask(handle) else { throw SQSError.resourceNotFound("No task \(handle).") }
                return info
            }
        }
        router.post("v1/replay") { req, _ in
            await Self.reply {
                let r = try await Self.decode(ControlAPI.ReplayRequest.self, req)
                return try await engine.replay(topic: r.topic, from: r.from, to: r.to, subscription: r.subscription)
            }
        }
        router.post("v1/publish") { req, _ in
            await Self.reply {
                let r = try await Self.decode(ControlAPI.PublishBody.self, req)
                return try await engine.publish(PublishRequest(topic: r.topic, message: r.message, subject: r.subject))
            }
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ req: Request) async throws -> T {
        let buffer = try await req.body.collect(upTo: 2_000_000)
        do { return try decoder.decode(T.self, from: Data(buffer: buffer)) } catch {
            throw SQSError.invalidParameterValue("The request body is not a valid \(T.self): \(error)")
        }
    }

    /// Runs an operation and turns its result or error into a JSON response.
    static func reply<T: Encodable>(_ op: () async throws -> T) async -> Response {
        do {
            return JSONResponse.make(try await op())
        } catch let e as SQSError {
            let status: HTTPResponse.Status = e.code == "AccessDenied" ? .forbidden
                : (e.code == "QueueDoesNotExist" || e.code == "ResourceNotFoundException") ? .notFound : .badRequest
            return JSONResponse.make(ControlAPI.ErrorBody(code: e.code, message: e.message), status: status)
        } catch let e as SNSError {
            return JSONResponse.make(ControlAPI.ErrorBody(code: e.code, message: e.message), status: e.httpStatus == 404 ? .notFound : .badRequest)
        } catch let e as DynamoError {
            // DynamoDB answers every client error with 400; the control API says 404 for a missing table.
            let status: HTTPResponse.Status = e.code == "ResourceNotFoundException" ? .notFound : .init(code: e.httpStatus)
            return JSONResponse.make(ControlAPI.ErrorBody(code: e.code, message: e.message), status: status)
        } catch let e as AlarmError {
            return JSONResponse.make(ControlAPI.ErrorBody(code: e.code, message: e.message), status: .badRequest)
        } catch {
            return JSONResponse.make(ControlAPI.ErrorBody(code: "InternalError", message: "\(error)"), status: .internalServerError)
        }
    }
}
