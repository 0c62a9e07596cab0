import AsyncHTTPClient
import Foundation
import IngestCore
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Why a control call did not succeed.
public enum ControlClientError: Error, CustomStringConvertible, Sendable {
    /// No engine listens on the data directory's socket.
    case notRunning(String)
    /// The engine refused the operation (its code and message).
    case refused(code: String, message: String, status: Int)
    /// Something else went wrong on the way.
    case transport(String)

    public var description: String {
        switch self {
        case .notRunning(let dir): return "no engine is running for data directory \(dir) (start one with: ingest up --data-dir \(dir))"
        case .refused(let code, let message, _): return "\(code): \(message)"
        case .transport(let m): return m
        }
    }
}

/// Talks to a running engine's control API over its Unix socket.
public struct ControlClient: Sendable {
    public let dataDirectory: String
    public let socketPath: String
    static let decoder = JSONDecoder()
    static let encoder = JSONEncoder()

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
        self.socketPath = (dataDirectory as NSString).appendingPathComponent(ControlAPI.socketName)
    }

    public func get<T: Decodable>(_ path: String, as type: T.Type = T.self, timeout: TimeAmount = .seconds(30)) async throws -> T {
        try await call(.GET, path, body: Optional<Int>.none, as: type, timeout: timeout)
    }

    public func post<B: Encodable, T: Decodable>(_ path: String, body: B, as type: T.Type = T.self) async throws -> T {
        try await call(.POST, path, body: body, as: type, timeout: .seconds(60))
    }

    public func put<B: Encodable, T: Decodable>(_ path: String, body: B, as type: T.Type = T.self) async throws -> T {
        try await call(.PUT, path, body: body, as: type, timeout: .seconds(60))
    }

    public func delete<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws -> T {
        try await call(.DELETE, path, body: Optional<Int>.none, as: type, timeout: .seconds(30))
    }

    func call<B: Encodable, T: Decodable>(_ method: HTTPMethod, _ path: String, body: B?, as type: T.Type, timeout: TimeAmount) async throws -> T {
        guard FileManager.default.fileExists(atPath: socketPath) else { throw ControlClientError.notRunning(dataDirectory) }
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: path) else { throw ControlClientError.transport("bad socket path \(socketPath)") }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try Self.encoder.encode(body)))
        }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: timeout)
        } catch {
            if "\(error)".contains("connect") || "\(error)".contains("ENOENT") || "\(error)".contains("ECONNREFUSED") {
                throw ControlClientError.notRunning(dataDirectory)
            }
            throw ControlClientError.transport("control API call failed: \(error)")
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
}
