import Foundation
import HTTPTypes
import Hummingbird
import IngestAPI
import IngestCore

/// Guards the control API on TCP: every request needs `Authorization: Bearer <token>` with a token of
/// the data directory (401 `Unauthorized` otherwise), and a read-only token may only use GET and HEAD
/// (403 `AccessDenied`). Keyed on the method, so a route added later cannot forget the check.
public struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: ControlTokenReader

    public init(tokens: ControlTokenReader) { self.tokens = tokens }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.bearer(request.headers[.authorization]) else {
            return Self.refuse(.unauthorized, "Unauthorized",
                               "a bearer token is required (Authorization: Bearer <token>; create one with `ingest token create` on the engine's machine)")
        }
        guard let known = tokens.match(token) else {
            return Self.refuse(.unauthorized, "Unauthorized", "the bearer token is not known to this engine (unknown or revoked)")
        }
        if known.readOnly, request.method != .get, request.method != .head {
            return Self.refuse(.forbidden, "AccessDenied", "this token is read-only")
        }
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer <token>` header.
    static func bearer(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func refuse(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        var headers = HTTPFields()
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return JSONResponse.make(ControlAPI.ErrorBody(code: code, message: message), status: status, headers: headers)
    }
}
