import AsyncHTTPClient
import Foundation
import IngestTestSupport
import NIOCore
import NIOSSL
import Testing

/// A self-signed certificate for localhost and 127.0.0.1, made with openssl for one test.
struct SelfSignedCertificate {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    let certificate: String
    let key: String

    init(in dir: String) throws {
        certificate = dir + "/cert.pem"
        key = dir + "/key.pem"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(Self.openssl))
        p.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                       "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                       "-keyout", key, "-out", certificate]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "openssl req failed")
    }
}

@Suite("the gateway and the control API over HTTPS, end to end", .serialized, .timeLimit(.minutes(5)),
       .enabled(if: SelfSignedCertificate.openssl != nil, "openssl is needed to make a certificate"))
struct GatewayTLSTests {
    struct Keys: Decodable {
        var storeURL: String?
        var topicArns: [String]
        var keys: [Key]
        struct Key: Decodable { var value: String }
    }

    @Test("a sign-up over https with a self-signed certificate succeeds, and the remote CLI trusts it with --ca-cert")
    func httpsSignUp() async throws {
        let certDir = IngestBinary.temporaryDirectory("ingest-cert")
        let cert = try SelfSignedCertificate(in: certDir)
        let dir = IngestBinary.temporaryDirectory()
        let created = try await IngestBinary.run(["token", "create", "--data-dir", dir])
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let engine = try EngineProcess(arguments: ["--tls-cert", cert.certificate, "--tls-key", cert.key, "--control-listen", "127.0.0.1:0"],
                                       dataDirectory: dir)
        defer { engine.terminate() }
        let keys = try JSONDecoder().decode(Keys.self, from: Data(try await engine.waitUntilReady().utf8))
        let store = try #require(keys.storeURL)
        #expect(store.hasPrefix("https://127.0.0.1:"))
        let key = try #require(keys.keys.first?.value)
        let topic = try #require(keys.topicArns.first { $0.hasSuffix(":demo-user-ingestion-topic") })

        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(cert.certificate))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        var request = HTTPClientRequest(url: "\(store)?topic=\(topic)&message=%7B%22user_id%22%3A%22tls%22%2C%22email%22%3A%22tls%40example.com%22%7D")
        request.headers.add(name: "x-api-key", value: key)
        let outcome: (UInt, String)
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            outcome = (response.status.code, String(buffer: try await response.body.collect(upTo: 1 << 16)))
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
        #expect(outcome.0 == 200, "\(outcome.1)")
        #expect(outcome.1.contains("MessageId"))

        // A client that does not trust the certificate gets no answer at all.
        var plain = HTTPClientRequest(url: "\(store)?topic=\(topic)&message=x")
        plain.headers.add(name: "x-api-key", value: key)
        await #expect(throws: (any Error).self) { _ = try await HTTPClient.shared.execute(plain, timeout: .seconds(2)) }

        // The control listener uses the same certificate: the CLI trusts it with --ca-cert, and refuses it without.
        let control = try await engine.waitForBanner("control")
        #expect(control.hasPrefix("https://127.0.0.1:"))
        let status = try await IngestBinary.run(["status", "--json", "--engine", control, "--token", token, "--ca-cert", cert.certificate])
        #expect(status.status == 0, "\(status.stderr)")
        let untrusted = try await IngestBinary.run(["status", "--engine", control, "--token", token])
        #expect(untrusted.status == 1)
        #expect(untrusted.stderr.split(separator: "\n").count == 1, "\(untrusted.stderr)")
        #expect(untrusted.stderr.contains("is not trusted"), "\(untrusted.stderr)")
    }

    @Test("binding the gateway beyond loopback without TLS warns on stderr")
    func plainBeyondLoopbackWarns() async throws {
        let engine = try EngineProcess(arguments: ["--listen", "0.0.0.0:0"])
        defer { engine.terminate() }
        _ = try await engine.waitUntilReady()
        #expect(engine.output.contains("ingest: warning: the gateway listens on 0.0.0.0:"))
        #expect(engine.output.split(separator: "\n").filter { $0.contains("without TLS") }.count == 1)
    }
}
