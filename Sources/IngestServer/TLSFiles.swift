import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL

/// A PEM certificate chain and its private key, for serving HTTPS. Loading checks both files up front,
/// so a bad path or a key that does not match is one clear startup error, not a failed handshake later.
public struct TLSFiles: Sendable, Equatable {
    public var certificatePath: String
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// Why the files cannot serve TLS.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// A server configuration from the files (TLS 1.2 or later).
    public func serverConfiguration() throws(LoadError) -> TLSConfiguration {
        for (what, path) in [("certificate", certificatePath), ("private key", keyPath)] {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw LoadError(description: "cannot read the TLS \(what) \(path)")
            }
        }
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificatePath) } catch {
            throw LoadError(description: "the TLS certificate \(certificatePath) is not a PEM certificate: \(error)")
        }
        guard !chain.isEmpty else { throw LoadError(description: "the TLS certificate \(certificatePath) holds no certificate") }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: keyPath, format: .pem) } catch {
            throw LoadError(description: "the TLS private key \(keyPath) is not a PEM private key: \(error)")
        }
        var config = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        config.minimumTLSVersion = .tlsv12
        do { _ = try NIOSSLContext(configuration: config) } catch {
            throw LoadError(description: "the TLS certificate \(certificatePath) and key \(keyPath) do not work together: \(error)")
        }
        return config
    }
}

extension TLSFiles {
    /// HTTP/1.1, over TLS when files are given.
    public static func serverBuilder(_ files: TLSFiles?) throws(LoadError) -> HTTPServerBuilder {
        guard let files else { return .http1() }
        let config = try files.serverConfiguration()
        do { return try .tls(.http1(), tlsConfiguration: config) } catch {
            throw LoadError(description: "cannot serve TLS with \(files.certificatePath): \(error)")
        }
    }
}
