import AsyncHTTPClient
import NIOCore
import NIOSSL
import Synchronization

/// HTTP clients for engines reached over TCP, one per trusted CA file (or the system's roots) for the
/// life of the process: like `HTTPClient.shared` they are never shut down, so a console can keep calling.
/// They fail at once when no connection can be made (a wrong port, an untrusted certificate) instead
/// of retrying until the request's deadline.
enum RemoteClients {
    private static let clients = Mutex<[String: HTTPClient]>([:])

    static func client(trusting caCertPath: String?) throws -> HTTPClient {
        try clients.withLock { cache in
            let key = caCertPath ?? ""
            if let c = cache[key] { return c }
            var config = HTTPClient.Configuration()
            config.connectionPool.retryConnectionEstablishment = false
            config.timeout.connect = .seconds(10)
            if let caCertPath {
                var tls = TLSConfiguration.makeClientConfiguration()
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caCertPath))
                config.tlsConfiguration = tls
            }
            let c = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
            cache[key] = c
            return c
        }
    }
}
