import AsyncHTTPClient
import Foundation
import IngestAPI
import IngestCore
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Why a control call did not succeed.
public enum ControlClientError: Error, CustomStringConvertible, Sendable {
    /// No engine listens on the data directory's socket.
    case notRunning(String)
    /// Nothing answers at the engine URL.
    case unreachable(String)
    /// The engine refused the operation (its code and message).
    case refused(code: String, message: String, status: Int)
    /// Something else went wrong on the way.
    case transport(String)

    public var description: String {
        switch self {
        case .notRunning(let dir): return "no engine is running for data directory \(dir) (start one with: ingest up --data-dir \(dir))"
        case .unreachable(let url): return "no engine answers at \(url) (is `ingest up --control-listen` running there?)"
        case .refused(let code, let message, _): return "\(code): \(message)"
        case .transport(let m): return m
        }
    }
}

/// Talks to a running engine's control API, over its Unix socket or over TCP with a bearer token.
public struct ControlClient: Sendable {
    public let endpoint: ControlEndpoint
    /// Declares every request read-only, so the engine refuses changes from this client (a `--readonly` console).
    public var readOnly = false
    static let decoder = JSONDecoder()

    /// A client for an endpoint; an https endpoint with a CA file trusts only that file's certificates.
    public init(endpoint: ControlEndpoint) throws {
        do { self.endpoint = try endpoint.validated() } catch { throw ControlClientError.transport(error.description) }
    }

    /// The engine of a data directory on this machine, over its socket.
    public init(dataDirectory: String) {
        endpoint = .unixSocket(dataDirectory: dataDirectory)
    }

    /// Runs one control operation on the engine and returns its reply.
    public func send<Op: ControlOperation>(_ op: Op) async throws -> Op.Reply {
        let parts: ControlRequest
        do { parts = try op.request() } catch { throw ControlClientError.transport("cannot encode \(Op.pattern): \(error)") }
        return try await call(HTTPMethod(rawValue: Op.method.rawValue), Op.target(of: parts), body: parts.body, as: Op.Reply.self,
                              timeout: .seconds(op.timeout.components.seconds))
    }

    func call<T: Decodable>(_ method: HTTPMethod, _ path: String, body: Data?, as type: T.Type, timeout: TimeAmount) async throws -> T {
        var request = HTTPClientRequest(url: try url(path))
        request.method = method
        if case .http(_, let token?, _) = endpoint { request.headers.add(name: "authorization", value: "Bearer \(token)") }
        if readOnly { request.headers.add(name: ControlAPI.readOnlyHeader, value: "true") }
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
        }
        let response: HTTPClientResponse
        do {
            response = try await httpClient().execute(request, timeout: timeout)
        } catch {
            if "\(error)".contains("connect") || "\(error)".contains("ENOENT") || "\(error)".contains("ECONNREFUSED") {
                switch endpoint {
                case .unixSocket(let dir): throw ControlClientError.notRunning(dir)
                case .http(let url, _, _): throw ControlClientError.unreachable(url)
                }
            }
            if "\(error)".contains("CERTIFICATE_VERIFY_FAILED") {
                throw ControlClientError.transport("the certificate of \(endpoint.label) is not trusted (give its CA with --ca-cert FILE or INGEST_CA_CERT): \(error)")
            }
            throw ControlClientError.transport("control API call to \(endpoint.label) failed: \(error)")
        }
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let data = Data(buffer: bytes)
        guard (200..<300).contains(response.status.code) else {
            if let e = try? Self.decoder.decode(ControlAPI.ErrorBody.self, from: data) {
                throw ControlClientError.refused(code: e.code, message: e.message, status: Int(response.status.code))
            }
            throw ControlClientError.refused(code: "HTTP\(response.status.code)", message: String(decoding: data, as: UTF8.self), status: Int(response.status.code))
        }
        do { return try Self.decoder.decode(T.self, from: data) } catch {
            throw ControlClientError.transport("unexpected reply from the engine: \(error)")
        }
    }

    /// The request URL of a control path.
    func url(_ path: String) throws -> String {
        switch endpoint {
        case .unixSocket(let dir):
            let socketPath = (dir as NSString).appendingPathComponent(ControlAPI.socketName)
            guard FileManager.default.fileExists(atPath: socketPath) else { throw ControlClientError.notRunning(dir) }
            guard let url = URL(httpURLWithSocketPath: socketPath, uri: path) else { throw ControlClientError.transport("bad socket path \(socketPath)") }
            return url.absoluteString
        case .http(let base, _, _):
            let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
            return trimmed + (path.hasPrefix("/") ? path : "/" + path)
        }
    }

    func httpClient() throws -> HTTPClient {
        guard case .http(_, _, let ca) = endpoint else { return HTTPClient.shared }
        do { return try RemoteClients.client(trusting: ca) } catch {
            throw ControlClientError.transport("cannot use the CA certificate \(ca ?? "-"): \(error)")
        }
    }
}
