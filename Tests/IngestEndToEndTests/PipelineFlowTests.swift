import AsyncHTTPClient
import Foundation
import IngestCore
import IngestTestSupport
import NIOCore
import Testing

/// The whole seed pipeline on the real binary: gateway → topic → queues → functions → tables → stream →
/// function, a poison message through retries into the DLQ, the DLQ alarm, a deployed fix, a redrive.
@Suite("The seed pipeline end to end", .serialized, .timeLimit(.minutes(5)))
struct PipelineFlowTests {
    static let metadataQueue = "demo-user-ingestion-user-metadata-queue"
    static let metadataDLQ = "demo-user-ingestion-user-metadata-dead-letter-queue"
    static let dlqAlarm = "UserMetadataDlqApproximateNumberOfMessagesVisible"

    struct Keys: Decodable {
        var storeURL: String?
        var topicArns: [String]
        var keys: [Key]
        struct Key: Decodable { var value: String }
    }

    func publish(_ engine: EngineProcess, _ message: String) async throws {
        let k = try JSONDecoder().decode(Keys.self, from: Data(try await engine.waitUntilReady().utf8))
        let store = try #require(k.storeURL)
        let topic = try #require(k.topicArns.first { $0.hasSuffix(":demo-user-ingestion-topic") })
        var req = HTTPClientRequest(url: "\(store)?topic=\(topic.urlQueryEscaped)&message=\(message.urlQueryEscaped)&subject=New+user+sign+up")
        req.headers.add(name: "x-api-key", value: try #require(k.keys.first?.value))
        let res = try await HTTPClient.shared.execute(req, timeout: .seconds(10))
        #expect(res.status.code == 200)
    }

    /// Runs `ingest args... --json` against the engine and parses its output.
    func json(_ engine: EngineProcess, _ args: [String]) async throws -> JSONValue? {
        let r = try await engine.cli(args + ["--json"])
        guard r.status == 0 else { return nil }
        return try? JSONValue.parse(r.stdout)
    }

    /// `ingest logs ... --json` prints one JSON object per line.
    func logs(_ engine: EngineProcess, _ args: [String]) async throws -> [String] {
        let r = try await engine.cli(["logs", "--limit", "10000"] + args + ["--json"])
        guard r.status == 0 else { return [] }
        return r.stdout.split(separator: "\n").compactMap { try? JSONValue.parse(String($0))["message"]?.stringValue }
    }

    func alarmState(_ engine: EngineProcess, _ name: String) async throws -> String? {
        try await json(engine, ["alarms"])?.arrayValue?.first { $0["name"]?.stringValue == name }?["state"]?.stringValue
    }

    func visible(_ engine: EngineProcess, _ queue: String) async throws -> Int? {
        let r = try await engine.cli(["status", "--json"])
        guard r.status == 0 else { return nil }
        let s = try JSONDecoder().decode(EngineStatus.self, from: Data(r.stdout.utf8))
        return s.queues.first { $0.name == queue }.map { $0.visible + $0.inFlight }
    }

    @Test("a sign-up reaches both tables and the stream function; a poison message dead-letters, alarms, and drains after a fix and a redrive")
    func seedFlow() async throws {
        // Queue visibility 1 s so retries are quick (the function timeout must not exceed it, as in AWS),
        // and alarms on one 60-second period so the DLQ alarm reacts within a minute.
        let engine = try EngineProcess(arguments: ["--parameter", "QueueTimeout=1", "--parameter", "FunctionTimeout=1",
                                                   "--parameter", "AlarmPeriod=60", "--parameter", "AlarmEvaluationPeriods=1",
                                                   "--parameter", "AlarmDatapointsToAlarm=1"])
        defer { engine.terminate() }
        _ = try await engine.waitUntilReady()

        // 1. A valid sign-up lands in both tables, and the stream function sees the onboarding insert.
        try await publish(engine, #"{"user_id":"auth0|e2e-1","email":"e2e.person@example.com","username":"e2e"}"#)
        let metadata = try await poll("the metadata item") {
            try await json(engine, ["table", "get", "demo_user_metadata", "user_id=auth0|e2e-1"]).flatMap { $0["plain"] }
        }
        #expect(metadata["onboarding_status"]?.stringValue == "PENDING")
        #expect(metadata["email"]?.stringValue == "e2e.person@example.com")
        let onboarding = try await poll("the onboarding item") {
            try await json(engine, ["table", "get", "demo_user_onboarding", "user_id=auth0|e2e-1"]).flatMap { $0["plain"] }
        }
        #expect(onboarding["status"]?.stringValue == "INITIATED")
        _ = try await poll("the stream function's log line") {
            try await logs(engine, ["--function", "demo-user-onboarding-stream"]).first { $0.contains("onboarding started for user auth0|e2e-1") }
        }

        // The onboarding finishes: the stream function carries COMPLETED over to the metadata table.
        let put = try await engine.cli(["table", "put", "demo_user_onboarding",
                                  #"{"user_id":"auth0|e2e-1","email":"e2e.person@example.com","status":"COMPLETED"}"#])
        #expect(put.status == 0, "\(put.stderr)")
        _ = try await poll("onboarding_status COMPLETED in the metadata table") { () -> Bool? in
            let item = try await json(engine, ["table", "get", "demo_user_metadata", "user_id=auth0|e2e-1"])?["plain"]
            return item?["onboarding_status"]?.stringValue == "COMPLETED" ? true : nil
        }
        let scan = try await engine.cli(["table", "scan", "demo_user_metadata"])
        #expect(scan.status == 0)
        #expect(scan.stdout.split(separator: "\n").count == 1)
        #expect(scan.stdout.contains(#""onboarding_status":"COMPLETED""#))

        // 2. A poison message (not JSON) is retried and moves to the DLQ after maxReceiveCount (5) receives.
        try await publish(engine, "this is not json")
        let dead = try await poll("the poison message in the DLQ", seconds: 60) {
            try await json(engine, ["dlq", Self.metadataDLQ])?["messages"]?.arrayValue?.first
        }
        #expect(dead["body"]?.stringValue == "this is not json")
        #expect(dead["receiveCount"]?.intValue == 5)
        #expect(dead["failureReason"]?.stringValue?.contains("batchItemFailures") == true)
        #expect(try await visible(engine, Self.metadataQueue) == 0)
        #expect(try await logs(engine, ["--function", "demo-user-metadata", "--level", "ERROR"]).filter { $0.contains("rejected") }.count == 5)

        // 3. The DLQ alarm goes to ALARM at the end of the minute that saw the message.
        _ = try await poll("the DLQ alarm in ALARM", seconds: 150) { try await alarmState(engine, Self.dlqAlarm) == "ALARM" ? true : nil }

        // 4. The fix: discard records that can never be stored; then redrive the DLQ to its source.
        let fix = try await engine.cli(["function", "configure", "demo-user-metadata", "--env", "INVALID_RECORDS=discard"])
        #expect(fix.status == 0, "\(fix.stderr)")
        let redrive = try await engine.cli(["redrive", Self.metadataDLQ, "--wait", "--json"])
        #expect(redrive.status == 0, "\(redrive.stderr)")
        #expect(redrive.stdout.contains("\"COMPLETED\""))
        _ = try await poll("the redriven message consumed") {
            let dlq = try await visible(engine, Self.metadataDLQ), source = try await visible(engine, Self.metadataQueue)
            return dlq == 0 && source == 0 ? true : nil
        }
        _ = try await poll("the discard logged") {
            try await logs(engine, ["--function", "demo-user-metadata", "--level", "WARN"]).first { $0.contains("discarded (INVALID_RECORDS=discard)") }
        }

        // 5. The alarm returns to OK, and its history shows both transitions with AWS reason text.
        _ = try await poll("the DLQ alarm back to OK", seconds: 150) { try await alarmState(engine, Self.dlqAlarm) == "OK" ? true : nil }
        let history = try await engine.cli(["alarm-history", Self.dlqAlarm, "--json"])
        #expect(history.stdout.contains("Alarm updated from OK to ALARM") || history.stdout.contains("to ALARM"))
        #expect(history.stdout.contains("Threshold Crossed"))

        // Personal data never appears in the log book.
        let all = try await engine.cli(["logs", "--limit", "10000", "--json"])
        #expect(all.status == 0)
        #expect(!all.stdout.contains("e2e.person@example.com"))
    }
}

extension String {
    var urlQueryEscaped: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_.~"))) ?? self
    }
}

/// Polls `condition` every 100 ms until it yields a value, failing after `seconds` (the real binary runs on
/// the system clock, so an end-to-end test can only observe it).
func poll<T>(_ what: String, seconds: Double = 30, _ condition: () async throws -> T?) async throws -> T {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if let v = try await condition() { return v }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw EventuallyTimeout(what: "\(what) within \(Int(seconds)) s")
}
