import Foundation
import IngestCore
import IngestTestSupport
import Testing

/// CloudWatch and CloudWatch Logs on the AWS endpoint, driven by boto3 (JSON 1.0, and RPC v2 CBOR with a
/// client that ranks it first), raw JSON and query POSTs, and the AWS CLI. Each test skips, saying why,
/// when its client is not installed.
@Suite("AWS CloudWatch and Logs with boto3 and the AWS CLI, end to end", .serialized, .timeLimit(.minutes(6)))
struct AWSCloudWatchTests {
    static let hasBoto3 = AWSEndpointTests.hasBoto3
    static let hasAWSCLI = AWSEndpointTests.hasAWSCLI
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("aws/cloudwatch_boto3.py").path

    func startEngine(_ dir: String) async throws -> (EngineProcess, String) { try await AWSEngine.start(dir) }

    func alarms(_ engine: EngineProcess) async throws -> [AlarmSummary] {
        let r = try await engine.cli(["alarms", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONDecoder().decode([AlarmSummary].self, from: Data(r.stdout.utf8))
    }

    @Test("boto3: every CloudWatch operation in JSON 1.0, CBOR and query, its errors, function logs; a put alarm survives a restart, a deleted one stays gone",
          .enabled(if: hasBoto3, "boto3 is not installed (pip install boto3)"))
    func boto3() async throws {
        let dir = IngestBinary.temporaryDirectory()
        var (engine, url) = try await startEngine(dir)
        defer { engine.terminate() }
        let first = try await AWSEndpointTests.run(["python3", Self.script, url, "first"])
        #expect(first.status == 0, "boto3 script failed:\n\(first.stdout)\n\(first.stderr)\n\(engine.output)")
        #expect(first.stdout.components(separatedBy: "ok: ").count - 1 == 11, "\(first.stdout)")
        let put = try await #require(try alarms(engine).first { $0.name == "e2e-api-alarm" }, "the API alarm shows in `ingest alarms`")
        #expect(put.state == .alarm && put.reason == "forced by boto3")

        #expect(await engine.stop() == 0)
        (engine, url) = try await startEngine(dir)
        #expect(try await alarms(engine).first { $0.name == "e2e-api-alarm" }?.state == .alarm, "state and definition came back")
        let after = try await AWSEndpointTests.run(["python3", Self.script, url, "after-restart"])
        #expect(after.status == 0, "boto3 script failed:\n\(after.stdout)\n\(after.stderr)\n\(engine.output)")
        #expect(after.stdout.components(separatedBy: "ok: ").count - 1 == 2, "\(after.stdout)")

        #expect(await engine.stop() == 0)
        (engine, url) = try await startEngine(dir)
        let names = try await alarms(engine).map(\.name)
        #expect(!names.contains("e2e-api-alarm"), "DeleteAlarms is durable")
        #expect(names.contains { $0.contains("Dlq") }, "the template's alarms are still there")
    }

    @Test("the AWS CLI: describe-alarms shows the template's alarms, put/set/delete, a missing alarm's error, and a function's logs with filter-log-events",
          .enabled(if: hasAWSCLI, "the AWS CLI is not installed (pip install awscli)"))
    func awsCLI() async throws {
        let (engine, url) = try await startEngine(IngestBinary.temporaryDirectory())
        defer { engine.terminate() }
        let cw = ["aws", "--endpoint-url", url, "--output", "json", "cloudwatch"]
        let described = try await AWSEndpointTests.run(cw + ["describe-alarms"])
        #expect(described.status == 0, "\(described.stderr)")
        for a in try await alarms(engine) { #expect(described.stdout.contains("\"AlarmName\": \"\(a.name)\""), "\(a.name) in describe-alarms") }
        let put = try await AWSEndpointTests.run(cw + ["put-metric-alarm", "--alarm-name", "cli-alarm", "--metric-name", "Errors", "--namespace", "AWS/Lambda",
                                                 "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1", "--threshold", "1",
                                                 "--comparison-operator", "GreaterThanOrEqualToThreshold",
                                                 "--dimensions", "Name=FunctionName,Value=demo-user-metadata"])
        #expect(put.status == 0, "\(put.stderr)")
        let set = try await AWSEndpointTests.run(cw + ["set-alarm-state", "--alarm-name", "cli-alarm", "--state-value", "ALARM", "--state-reason", "from the cli"])
        #expect(set.status == 0, "\(set.stderr)")
        let one = try await AWSEndpointTests.run(cw + ["describe-alarms", "--alarm-names", "cli-alarm", "--state-value", "ALARM"])
        #expect(one.stdout.contains("\"StateReason\": \"from the cli\"") && one.stdout.contains("\"Threshold\": 1.0"), "\(one.stdout)")
        let missing = try await AWSEndpointTests.run(cw + ["delete-alarms", "--alarm-names", "cli-nope"])
        #expect(missing.status != 0 && missing.stderr.contains("ResourceNotFound"), "\(missing.stderr)")
        #expect(try await AWSEndpointTests.run(cw + ["delete-alarms", "--alarm-names", "cli-alarm"]).status == 0)
        #expect(!(try await alarms(engine)).contains { $0.name == "cli-alarm" })

        // A function invocation through its queue, then its log lines through the Logs API.
        let sqs = ["aws", "--endpoint-url", url, "--output", "json", "sqs"]
        let queueURL = "\(url)/000000000000/demo-user-ingestion-user-metadata-queue"
        #expect(try await AWSEndpointTests.run(sqs + ["send-message", "--queue-url", queueURL, "--message-body", "{\"not\": \"a sign-up\"}"]).status == 0)
        let logs = ["aws", "--endpoint-url", url, "--output", "json", "logs"]
        let deadline = Date().addingTimeInterval(60)
        var found = ""
        while Date() < deadline {
            let r = try await AWSEndpointTests.run(logs + ["filter-log-events", "--log-group-name", "/aws/lambda/demo-user-metadata",
                                                     "--filter-pattern", "\"END RequestId\""])
            #expect(r.status == 0, "\(r.stderr)")
            if r.stdout.contains("END RequestId") { found = r.stdout; break }
        }
        #expect(found.contains("\"logStreamName\"") && found.contains("[$LATEST]"), "the invocation's END line: \(found)")
        let groups = try await AWSEndpointTests.run(logs + ["describe-log-groups", "--log-group-name-prefix", "/aws/lambda/"])
        #expect(groups.stdout.contains("\"logGroupName\": \"/aws/lambda/demo-user-metadata\""), "\(groups.stdout)")
        let nope = try await AWSEndpointTests.run(logs + ["filter-log-events", "--log-group-name", "/aws/lambda/nope"])
        #expect(nope.status != 0 && nope.stderr.contains("ResourceNotFoundException"), "\(nope.stderr)")
    }
}
