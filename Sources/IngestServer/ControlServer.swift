import Foundation
import Hummingbird
import IngestAPI
import IngestCore

/// The control API: JSON over HTTP, served on the data directory's Unix socket for the CLI and an
/// attached console. Every route maps to one engine operation.
public struct ControlServer: Sendable {
    let pipeline: PipelineRuntime
    /// The host's part of the status: data directory, gateway URL, API keys.
    let host: EngineHostInfo

    public init(pipeline: PipelineRuntime, host: EngineHostInfo = EngineHostInfo()) {
        self.pipeline = pipeline
        self.host = host
    }

    /// Adds the control routes to a router: one ``ControlOperation`` each.
    public func addRoutes(to router: Router<BasicRequestContext>) {
        addQueueRoutes(to: router)
        addPipelineRoutes(to: router)
        addTableRoutes(to: router)
        addLogRoutes(to: router)
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
