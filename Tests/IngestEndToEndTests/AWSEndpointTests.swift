import Foundation
import IngestCore
import IngestTestSupport
import Testing

/// The AWS endpoint (`up --aws-listen`) driven by real clients: boto3 (JSON 1.0) with raw form POSTs for
/// the query protocol, and the AWS CLI. Each test skips, saying why, when its client is not installed
/// (`.ci/run` installs both with pip).
@Suite("AWS endpoint with boto3 and the AWS CLI, end to end", .serialized, .timeLimit(.minutes(5)))
struct AWSEndpointTests {
    /// Whether a command exits 0 (a client is installed).
    static func succeeds(_ command: [String]) -> Bool { IngestBinary.probe(command) }

    static let hasBoto3 = succeeds(["python3", "-c", "import boto3"])
    static let hasAWSCLI = succeeds(["aws", "--version"])
    static let credentials = ["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"]
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("aws/sqs_boto3.py").path

    /// Runs a client to completion with the dummy credentials.
    static func run(_ command: [String]) async throws -> IngestBinary.Result { try await IngestBinary.runTool(command, environment: credentials) }

    /// An engine with the AWS endpoint on a free loopback port, and that endpoint's URL.
    func startEngine(_ dir: String) async throws -> (EngineProcess, String) { try await AWSEngine.start(dir) }

    func status(_ engine: EngineProcess) async throws -> EngineStatus { try await AWSEngine.status(engine) }

    @Test("boto3: every SQS operation and its main errors; created queues are real, dead-letter, redrive and survive a restart",
          .enabled(if: hasBoto3, "boto3 is not installed (pip install boto3)"))
    func boto3() async throws {
        let dir = IngestBinary.temporaryDirectory()
        var (engine, url) = try await startEngine(dir)
        defer { engine.terminate() }
        let templateQueues = try await status(engine).queues.map(\.name)
        #expect(!templateQueues.isEmpty)
        let r = try await Self.run(["python3", Self.script, url] + templateQueues)
        #expect(r.status == 0, "boto3 script failed:\n\(r.stdout)\n\(r.stderr)\n\(engine.output)")
        #expect(r.stdout.components(separatedBy: "ok: ").count - 1 == 7, "\(r.stdout)")
        let s = try await status(engine)
        let src = try #require(s.queues.first { $0.name == "e2e-src" })
        #expect(src.deadLetterQueue == "e2e-dlq" && src.maxReceiveCount == 2)
        #expect(src.visible == 1, "the redriven message is back in its source queue")
        #expect(s.queues.first { $0.name == "e2e-dlq" }?.isDeadLetterQueue == true)
        #expect(s.moveTasks.first { $0.sourceArn.hasSuffix(":e2e-dlq") }?.status == .completed)
        #expect(!s.queues.contains { $0.name == "e2e-stale" }, "a deleted queue is gone")
        // Queues created through the API are durable: they, their attributes and their messages come back.
        #expect(await engine.stop() == 0)
        (engine, url) = try await startEngine(dir)
        let after = try await status(engine)
        #expect(after.queues.first { $0.name == "e2e-src" }?.visible == 1)
        #expect(after.queues.first { $0.name == "e2e-src" }?.deadLetterQueue == "e2e-dlq")
        #expect(after.queues.first { $0.name == "e2e-jobs" }?.visibilityTimeout == 40)
        #expect(!after.queues.contains { $0.name == "e2e-stale" })
    }

    @Test("the AWS CLI: list-queues shows the template's queues; create, send, receive; a missing queue's error code",
          .enabled(if: hasAWSCLI, "the AWS CLI is not installed (pip install awscli)"))
    func awsCLI() async throws {
        let (engine, url) = try await startEngine(IngestBinary.temporaryDirectory())
        defer { engine.terminate() }
        let aws = ["aws", "--endpoint-url", url, "--output", "json", "sqs"]
        let listed = try await Self.run(aws + ["list-queues"])
        #expect(listed.status == 0, "\(listed.stderr)")
        for q in try await status(engine).queues { #expect(listed.stdout.contains("\(url)/000000000000/\(q.name)\""), "\(q.name) in \(listed.stdout)") }
        let created = try await Self.run(aws + ["create-queue", "--queue-name", "cli-q", "--attributes", "VisibilityTimeout=45"])
        #expect(created.status == 0 && created.stdout.contains("\(url)/000000000000/cli-q"), "\(created.stderr)")
        let queueURL = "\(url)/000000000000/cli-q"
        let sent = try await Self.run(aws + ["send-message", "--queue-url", queueURL, "--message-body", "from the cli",
                                       "--message-attributes", #"{"k":{"DataType":"String","StringValue":"v"}}"#])
        #expect(sent.status == 0 && sent.stdout.contains("MD5OfMessageAttributes"), "\(sent.stderr)")
        let got = try await Self.run(aws + ["receive-message", "--queue-url", queueURL, "--message-attribute-names", "All"])
        #expect(got.status == 0 && got.stdout.contains("from the cli") && got.stdout.contains("\"StringValue\": \"v\""), "\(got.stdout)\(got.stderr)")
        let attrs = try await Self.run(aws + ["get-queue-attributes", "--queue-url", queueURL, "--attribute-names", "All"])
        #expect(attrs.stdout.contains("\"VisibilityTimeout\": \"45\"") && attrs.stdout.contains("\"ApproximateNumberOfMessagesNotVisible\": \"1\""), "\(attrs.stdout)")
        let missing = try await Self.run(aws + ["get-queue-url", "--queue-name", "cli-nope"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("AWS.SimpleQueueService.NonExistentQueue"), "\(missing.stderr)")
        #expect(try await status(engine).queues.contains { $0.name == "cli-q" && $0.inFlight == 1 })
    }

    @Test("--aws-require-signature: the AWS CLI with a key from ingest aws-key create works; dummy credentials and a revoked key get 403",
          .enabled(if: hasAWSCLI, "the AWS CLI is not installed (pip install awscli)"))
    func requiredSignatures() async throws {
        let dir = IngestBinary.temporaryDirectory()
        let created = try await IngestBinary.run(["aws-key", "create", "--name", "ci", "--json", "--data-dir", dir])
        #expect(created.status == 0, "\(created.stderr)")
        let key = try JSONValue.parse(created.stdout)
        let id = try #require(key["accessKeyId"]?.stringValue)
        let secret = try #require(key["secretAccessKey"]?.stringValue)
        let listed = try await IngestBinary.run(["aws-key", "list", "--data-dir", dir])
        #expect(listed.stdout.contains(id) && !listed.stdout.contains(secret), "list shows ids, never secrets: \(listed.stdout)")

        let engine = try EngineProcess(arguments: ["--aws-listen", "127.0.0.1:0", "--aws-require-signature"], dataDirectory: dir)
        defer { engine.terminate() }
        _ = try await engine.waitUntilReady()
        let url = try await engine.waitForBanner("aws")
        let aws = ["aws", "--endpoint-url", url, "--output", "json", "sqs"]
        let signed = ["AWS_ACCESS_KEY_ID": id, "AWS_SECRET_ACCESS_KEY": secret, "AWS_DEFAULT_REGION": "us-east-1"]
        let ok = try await IngestBinary.runTool(aws + ["create-queue", "--queue-name", "signed-q"], environment: signed)
        #expect(ok.status == 0 && ok.stdout.contains("signed-q"), "\(ok.stderr)")
        // The query protocol (a form body) is verified the same way.
        let query = try await IngestBinary.runTool(["aws", "--endpoint-url", url, "sns", "list-topics"], environment: signed)
        #expect(query.status == 0, "\(query.stderr)")

        let dummy = try await Self.run(aws + ["create-queue", "--queue-name", "dummy-q"])
        #expect(dummy.status != 0 && dummy.stderr.contains("InvalidClientTokenId"), "\(dummy.stderr)")
        let forged = try await IngestBinary.runTool(aws + ["list-queues"], environment: signed.merging(["AWS_SECRET_ACCESS_KEY": "wrong"]) { $1 })
        #expect(forged.status != 0 && forged.stderr.contains("SignatureDoesNotMatch"), "\(forged.stderr)")

        #expect(try await IngestBinary.run(["aws-key", "revoke", "ci", "--data-dir", dir]).status == 0)
        let revoked = try await IngestBinary.runTool(aws + ["list-queues"], environment: signed)
        #expect(revoked.status != 0 && revoked.stderr.contains("InvalidClientTokenId"), "\(revoked.stderr)")
        let names = try await status(engine).queues.map(\.name)
        #expect(names.contains("signed-q") && !names.contains("dummy-q"))
    }
}
