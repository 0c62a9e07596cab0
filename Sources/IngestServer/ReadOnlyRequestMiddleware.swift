import HTTPTypes
import Hummingbird
import IngestAPI
import IngestCore

/// Refuses changes from a client that declared itself read-only (`x-ingest-read-only: true`, sent by a
/// console started with `--readonly`): 403 `AccessDenied` on any method but GET and HEAD. So a read-only
/// console cannot change the engine even through a bug of its own, on the socket as on TCP.
public struct ReadOnlyRequestMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.headers[ControlAPI.readOnlyHeaderField] == "true", request.method != .get, request.method != .head {
            return JSONResponse.make(ControlAPI.ErrorBody(code: "AccessDenied", message: "this console is read-only (--readonly)"), status: .forbidden)
        }
        return try await next(request, context)
    }
}

extension ControlAPI {
    /// The header a read-only client sends with every request.
    static let readOnlyHeaderField = HTTPField.Name(ControlAPI.readOnlyHeader)!
}
