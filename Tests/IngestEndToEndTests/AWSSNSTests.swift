import Foundation
import IngestCore
import IngestTestSupport
import Testing

/// SNS through the AWS endpoint, driven by boto3 and the AWS CLI against the real binary: every
/// operation, its main errors, and the seed's flow from outside (topic, queue, subscription, publish,
/// dead letter, redrive), all visible in `ingest status` and durable across a restart.
@Suite("SNS with boto3 and the AWS CLI, end to end", .serialized, .timeLimit(.minutes(5)))
struct AWSSNSTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("aws/sns_boto3.py").path

    func startEngine(_ dir: String) async throws -> (EngineProcess, String) { try await AWSEngine.start(dir) }

    func status(_ engine: EngineProcess) async throws -> EngineStatus { try await AWSEngine.status(engine) }

    @Test("boto3: every SNS operation and its errors; API topics and subscriptions are real, filter, dead-letter, redrive and survive a restart",
          .enabled(if: AWSEndpointTests.hasBoto3, "boto3 is not installed (pip install boto3)"))
    func boto3() async throws {
        let dir = IngestBinary.temporaryDirectory()
        var (engine, url) = try await startEngine(dir)
        defer { engine.terminate() }
        let templateTopic = try await #require(try status(engine).topics.first { $0.name.hasSuffix("-topic") }?.arn)
        let r = try await AWSEndpointTests.run(["python3", Self.script, url, templateTopic])
        #expect(r.status == 0, "boto3 script failed:\n\(r.stdout)\n\(r.stderr)\n\(engine.output)")
        #expect(r.stdout.components(separatedBy: "ok: ").count - 1 == 5, "\(r.stdout)")
        let sub = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("subscription ") }?.dropFirst(13)).description
        let tap = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("tap ") }?.dropFirst(4)).description

        let s = try await status(engine)
        let topic = try #require(s.topics.first { $0.name == "e2e-signups" })
        #expect(topic.subscriptions.map(\.arn) == [sub])
        #expect(topic.subscriptions.first?.rawMessageDelivery == true && topic.subscriptions.first?.hasFilterPolicy == true)
        #expect((topic.subscriptions.first?.filteredOut ?? 0) >= 1, "the filtered publish is counted")
        #expect(s.queues.first { $0.name == "e2e-signup-q" }?.visible == 1, "the redriven message is back")
        #expect(s.moveTasks.first { $0.sourceArn.hasSuffix(":e2e-signup-dlq") }?.status == .completed)
        #expect(s.topics.first { $0.arn == templateTopic }?.subscriptions.contains { $0.arn == tap } == true)
        #expect(!s.topics.contains { $0.name == "e2e-doomed" })

        // Topics, subscriptions and their attributes come back after a restart, and still deliver.
        #expect(await engine.stop() == 0)
        (engine, url) = try await startEngine(dir)
        let after = try await status(engine)
        let again = try #require(after.topics.first { $0.name == "e2e-signups" })
        #expect(again.subscriptions.map(\.arn) == [sub] && again.subscriptions.first?.hasFilterPolicy == true)
        #expect(after.topics.first { $0.arn == templateTopic }?.subscriptions.contains { $0.arn == tap } == true)
        #expect(!after.topics.contains { $0.name == "e2e-doomed" })
        let published = try await AWSEndpointTests.run([
            "python3", "-c", """
            import boto3, sys
            kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t")
            sns = boto3.client("sns", **kw)
            sns.publish(TopicArn="arn:aws:sns:us-east-1:000000000000:e2e-signups", Message="after restart",
                        MessageAttributes={"kind": {"DataType": "String", "StringValue": "signup"}})
            sns.publish(TopicArn="arn:aws:sns:us-east-1:000000000000:e2e-signups", Message="still filtered",
                        MessageAttributes={"kind": {"DataType": "String", "StringValue": "other"}})
            """, url])
        #expect(published.status == 0, "\(published.stderr)")
        #expect(try await status(engine).queues.first { $0.name == "e2e-signup-q" }?.visible == 2, "one more message, the filtered one is not")
    }

    @Test("the AWS CLI: sns list-topics shows the template's topics; create-topic, subscribe, publish; a missing topic's error",
          .enabled(if: AWSEndpointTests.hasAWSCLI, "the AWS CLI is not installed (pip install awscli)"))
    func awsCLI() async throws {
        let (engine, url) = try await startEngine(IngestBinary.temporaryDirectory())
        defer { engine.terminate() }
        let aws = ["aws", "--endpoint-url", url, "--output", "json"]
        let listed = try await AWSEndpointTests.run(aws + ["sns", "list-topics"])
        #expect(listed.status == 0, "\(listed.stderr)")
        for t in try await status(engine).topics { #expect(listed.stdout.contains("\"\(t.arn)\""), "\(t.name) in \(listed.stdout)") }
        let created = try await AWSEndpointTests.run(aws + ["sns", "create-topic", "--name", "cli-topic"])
        #expect(created.status == 0 && created.stdout.contains("arn:aws:sns:us-east-1:000000000000:cli-topic"), "\(created.stderr)")
        #expect(try await AWSEndpointTests.run(aws + ["sqs", "create-queue", "--queue-name", "cli-sub"]).status == 0)
        let sub = try await AWSEndpointTests.run(aws + ["sns", "subscribe", "--topic-arn", "arn:aws:sns:us-east-1:000000000000:cli-topic",
                                                  "--protocol", "sqs", "--notification-endpoint", "arn:aws:sqs:us-east-1:000000000000:cli-sub"])
        #expect(sub.status == 0 && sub.stdout.contains("SubscriptionArn"), "\(sub.stderr)")
        let pub = try await AWSEndpointTests.run(aws + ["sns", "publish", "--topic-arn", "arn:aws:sns:us-east-1:000000000000:cli-topic",
                                                  "--message", "from the cli"])
        #expect(pub.status == 0 && pub.stdout.contains("MessageId"), "\(pub.stderr)")
        #expect(try await status(engine).queues.first { $0.name == "cli-sub" }?.visible == 1)
        let missing = try await AWSEndpointTests.run(aws + ["sns", "get-topic-attributes", "--topic-arn", "arn:aws:sns:us-east-1:000000000000:nope"])
        #expect(missing.status != 0 && missing.stderr.contains("NotFound"), "\(missing.stderr)")
    }
}
