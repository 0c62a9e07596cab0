import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestAWSAuth
import IngestCore
import IngestHandlers
import IngestServer
import IngestTestSupport
import Testing

/// `--aws-require-signature` in process: the endpoint checks SigV4 against the data directory's access
/// keys before anything runs, and reads the key file again when it changes.
@Suite("AWS endpoint signatures in process", .timeLimit(.minutes(1)))
struct AWSSignatureRouteTests {
    let clock = ManualClock()

    func app(directory: String) throws -> (Engine, some ApplicationProtocol) {
        let pipeline = try PipelineRuntime(definition: Fixtures.seedLike(), handlers: BuiltinHandlers.registry, clock: clock)
        let router = Router()
        AWSServer(pipeline: pipeline, fallbackEndpoint: "http://127.0.0.1:4566",
                  signatures: AWSAccessKeyReader(directory: directory).verifier).addRoutes(to: router)
        return (pipeline.engine, Application(router: router))
    }

    /// A CreateQueue call in JSON 1.0, signed with `key` (or not at all) at the engine clock's time.
    func createQueue(_ client: some TestClientProtocol, _ name: String, signedWith key: SigV4Credentials?) async throws -> (HTTPResponse.Status, JSONValue) {
        let body = Array(JSONValue.object(["QueueName": .string(name)]).serialized().utf8)
        var request = SigV4Request(method: "POST", path: "/", headers: [
            (name: "host", value: "127.0.0.1:4566"), (name: "X-Amz-Target", value: "AmazonSQS.CreateQueue"),
            (name: "Content-Type", value: "application/x-amz-json-1.0"),
        ], body: body)
        if let key {
            let date = Date(timeIntervalSince1970: Double(clock.now().millis) / 1000)
            request = SigV4Signer(credentials: key, region: "us-east-1", service: "sqs").sign(request, at: date)
        }
        var headers = HTTPFields()
        for h in request.headers { headers[HTTPField.Name(h.name)!] = h.value }
        return try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(bytes: body)) { r in
            (r.status, try JSONValue.parse(String(buffer: r.body)))
        }
    }

    @Test("a request signed with an engine key runs; unsigned, an unknown key or a wrong secret is 403 and changes nothing; a revoked key stops working")
    func verifies() async throws {
        let dir = IngestBinary.temporaryDirectory("ingest-aws-keys")
        let key = AWSAccessKey.generate(name: "ci", now: Date())
        try AWSAccessKeyFile(keys: [key]).save(directory: dir)
        let good = SigV4Credentials(accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey)
        let (engine, app) = try app(directory: dir)
        try await app.test(.router) { client in
            let (ok, created) = try await createQueue(client, "signed", signedWith: good)
            #expect(ok == .ok && created["QueueUrl"]?.stringValue?.hasSuffix("/signed") == true)

            let (s1, e1) = try await createQueue(client, "unsigned", signedWith: nil)
            #expect(s1 == .forbidden && e1["__type"]?.stringValue?.hasSuffix("#MissingAuthenticationToken") == true)
            let (s2, e2) = try await createQueue(client, "stranger", signedWith: SigV4Credentials(accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: key.secretAccessKey))
            #expect(s2 == .forbidden && e2["__type"]?.stringValue?.hasSuffix("#InvalidClientTokenId") == true)
            let (s3, e3) = try await createQueue(client, "forged", signedWith: SigV4Credentials(accessKeyId: key.accessKeyId, secretAccessKey: "not-the-secret"))
            #expect(s3 == .forbidden && e3["__type"]?.stringValue?.hasSuffix("#SignatureDoesNotMatch") == true)

            // Revoking is a change of the file: the next request with the old key is refused.
            try AWSAccessKeyFile(keys: []).save(directory: dir)
            let (s4, e4) = try await createQueue(client, "revoked", signedWith: good)
            #expect(s4 == .forbidden && e4["__type"]?.stringValue?.hasSuffix("#InvalidClientTokenId") == true)
        }
        let names = await engine.queueNames()
        #expect(names.contains("signed"))
        #expect(!names.contains("unsigned") && !names.contains("stranger") && !names.contains("forged") && !names.contains("revoked"))
    }

    @Test("the access-key file is private (0600), keeps ids and secrets, and finds a secret by id")
    func keyFile() throws {
        let dir = IngestBinary.temporaryDirectory("ingest-aws-keys")
        let a = AWSAccessKey.generate(name: "a", now: Date(timeIntervalSince1970: 1_700_000_000))
        let b = AWSAccessKey.generate(name: "b", now: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(a.accessKeyId.hasPrefix("AKIA") && a.accessKeyId.count == 20 && a.secretAccessKey.count == 40)
        #expect(a.accessKeyId != b.accessKeyId && a.secretAccessKey != b.secretAccessKey)
        try AWSAccessKeyFile(keys: [a, b]).save(directory: dir)
        let mode = try FileManager.default.attributesOfItem(atPath: AWSAccessKeyFile.path(in: dir))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let loaded = try AWSAccessKeyFile.load(directory: dir)
        #expect(loaded.keys == [a, b])
        #expect(loaded.secret(for: b.accessKeyId) == b.secretAccessKey)
        #expect(loaded.secret(for: "AKIA0000000000000000") == nil)
    }
}
