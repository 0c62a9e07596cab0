import Foundation
import IngestCore
import IngestTestSupport
import Testing

/// The DynamoDB and DynamoDB Streams APIs of the AWS endpoint driven by real clients: boto3 for every
/// operation and its main errors, the AWS CLI for `list-tables`. A table created through the API is real:
/// `ingest table list` shows it, and it comes back, with its items and stream, after a restart.
@Suite("DynamoDB and Streams with boto3 and the AWS CLI, end to end", .serialized, .timeLimit(.minutes(5)))
struct AWSDynamoDBTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("aws/dynamodb_boto3.py").path

    func startEngine(_ dir: String) async throws -> (EngineProcess, String) { try await AWSEngine.start(dir) }

    func tableNames(_ engine: EngineProcess) async throws -> [String] {
        let r = try await engine.cli(["table", "list", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONDecoder().decode([TableSummary].self, from: Data(r.stdout.utf8)).map(\.name)
    }

    @Test("boto3: every DynamoDB and Streams operation and its main errors; a table created through the API survives a restart",
          .enabled(if: AWSEndpointTests.hasBoto3, "boto3 is not installed (pip install boto3)"))
    func boto3() async throws {
        let dir = IngestBinary.temporaryDirectory()
        var (engine, url) = try await startEngine(dir)
        defer { engine.terminate() }
        let r = try await AWSEndpointTests.run(["python3", Self.script, url, "run"])
        #expect(r.status == 0, "boto3 script failed:\n\(r.stdout)\n\(r.stderr)\n\(engine.output)")
        #expect(r.stdout.components(separatedBy: "ok: ").count - 1 == 9, "\(r.stdout)")
        let names = try await tableNames(engine)
        #expect(names.contains("e2e-orders") && !names.contains("e2e-temp"), "\(names)")
        #expect(await engine.stop() == 0)
        (engine, url) = try await startEngine(dir)
        let after = try await AWSEndpointTests.run(["python3", Self.script, url, "after-restart"])
        #expect(after.status == 0, "after the restart:\n\(after.stdout)\n\(after.stderr)\n\(engine.output)")
        #expect(after.stdout.contains("ok: after a restart"), "\(after.stdout)")
        #expect(try await tableNames(engine).contains("e2e-orders"))
    }

    @Test("the AWS CLI: list-tables shows the template's tables; create-table, put-item, and a missing table's error code",
          .enabled(if: AWSEndpointTests.hasAWSCLI, "the AWS CLI is not installed (pip install awscli)"))
    func awsCLI() async throws {
        let (engine, url) = try await startEngine(IngestBinary.temporaryDirectory())
        defer { engine.terminate() }
        let aws = ["aws", "--endpoint-url", url, "--output", "json", "dynamodb"]
        let listed = try await AWSEndpointTests.run(aws + ["list-tables"])
        #expect(listed.status == 0, "\(listed.stderr)")
        for name in try await tableNames(engine) { #expect(listed.stdout.contains("\"\(name)\""), "\(name) in \(listed.stdout)") }
        let created = try await AWSEndpointTests.run(aws + ["create-table", "--table-name", "cli-t", "--billing-mode", "PAY_PER_REQUEST",
                                                      "--attribute-definitions", "AttributeName=id,AttributeType=S",
                                                      "--key-schema", "AttributeName=id,KeyType=HASH"])
        #expect(created.status == 0 && created.stdout.contains("\"TableStatus\": \"ACTIVE\""), "\(created.stdout)\(created.stderr)")
        let put = try await AWSEndpointTests.run(aws + ["put-item", "--table-name", "cli-t", "--item", #"{"id":{"S":"1"},"v":{"N":"2"}}"#])
        #expect(put.status == 0, "\(put.stderr)")
        let got = try await AWSEndpointTests.run(aws + ["get-item", "--table-name", "cli-t", "--key", #"{"id":{"S":"1"}}"#])
        #expect(got.status == 0 && got.stdout.contains("\"N\": \"2\""), "\(got.stdout)\(got.stderr)")
        let missing = try await AWSEndpointTests.run(aws + ["describe-table", "--table-name", "cli-nope"])
        #expect(missing.status != 0 && missing.stderr.contains("ResourceNotFoundException"), "\(missing.stderr)")
        #expect(try await tableNames(engine).contains("cli-t"))
        let shown = try await engine.cli(["status"])
        #expect(shown.status == 0 && shown.stdout.split(separator: "\n").contains { $0.hasPrefix("cli-t ") }, "ingest status lists the table: \(shown.stdout)")
    }
}
