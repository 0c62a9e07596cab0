import Foundation
import IngestCore
import IngestTestSupport
import Testing

/// What the AWS endpoint's end-to-end suites share: an engine with the endpoint on a free port, and its status.
enum AWSEngine {
    /// An engine with the AWS endpoint on a free loopback port, and that endpoint's URL.
    static func start(_ dir: String, _ arguments: [String] = []) async throws -> (EngineProcess, String) {
        let engine = try EngineProcess(arguments: ["--aws-listen", "127.0.0.1:0"] + arguments, dataDirectory: dir)
        _ = try await engine.waitUntilReady()
        return (engine, try await engine.waitForBanner("aws"))
    }

    /// `ingest status --json` of a running engine.
    static func status(_ engine: EngineProcess) async throws -> EngineStatus {
        let r = try await engine.cli(["status", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONDecoder().decode(EngineStatus.self, from: Data(r.stdout.utf8))
    }
}
