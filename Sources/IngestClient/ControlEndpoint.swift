import Foundation
import IngestCore

/// Where a control client finds an engine: the Unix socket of a data directory on this machine, or the
/// engine's TCP control listener (`ingest up --control-listen`) with a bearer token.
public enum ControlEndpoint: Sendable, Equatable {
    /// `<dataDirectory>/control.sock`; file permissions are the authentication.
    case unixSocket(dataDirectory: String)
    /// `http://HOST:PORT` or `https://HOST:PORT`, sending `Authorization: Bearer <token>`. For https, the
    /// server's certificate is checked against `caCertPath` (PEM) when given, else the system's roots.
    case http(url: String, token: String?, caCertPath: String?)

    /// Why an endpoint cannot be used.
    public struct InvalidEndpoint: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Checks the URL's form (scheme, host, nothing after the port but an optional path prefix).
    public func validated() throws(InvalidEndpoint) -> ControlEndpoint {
        guard case .http(let url, _, let ca) = self else { return self }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty, parsed.query == nil, parsed.fragment == nil else {
            throw InvalidEndpoint(description: "--engine takes a URL such as http://127.0.0.1:4411 or https://ops.example.com:4411, got '\(url)'")
        }
        if let ca {
            guard scheme == "https" else { throw InvalidEndpoint(description: "--ca-cert only applies to an https:// engine URL") }
            guard FileManager.default.isReadableFile(atPath: ca) else { throw InvalidEndpoint(description: "cannot read the CA certificate \(ca)") }
        }
        return self
    }

    /// Who the client talks to, for messages.
    public var label: String {
        switch self {
        case .unixSocket(let dir): return "data directory \(dir)"
        case .http(let url, _, _): return url
        }
    }
}
