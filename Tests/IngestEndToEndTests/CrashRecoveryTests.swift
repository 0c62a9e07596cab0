import AsyncHTTPClient
import Foundation
import IngestCore
import IngestTestSupport
import NIOCore
import Synchronization
import Testing

/// `kill -9` at random moments while clients publish: every acknowledged sign-up must afterwards be in
/// its tables or a DLQ, exactly once, and nothing may be readable in plaintext on disk.
@Suite("Crash recovery with the real binary", .serialized, .timeLimit(.minutes(60)))
struct CrashRecoveryTests {
    /// 20 in the suite; `INGEST_CRASH_CYCLES=200 swift test --filter CrashRecovery` runs a longer campaign.
    static let cycles = max(20, Int(ProcessInfo.processInfo.environment["INGEST_CRASH_CYCLES"] ?? "") ?? 20)
    static let clients = 4

    struct Keys: Decodable {
        var storeURL: String?
        var topicArns: [String]
        var keys: [Key]
        struct Key: Decodable { var value: String }
    }

    /// Publishes sign-ups until cancelled; returns the user ids the gateway acknowledged with 200.
    static func publish(store: String, topic: String, key: String, prefix: String) async -> [String] {
        var acknowledged: [String] = []
        var n = 0
        while !Task.isCancelled {
            n += 1
            let userId = "\(prefix)-\(n)"
            let body = #"{"user_id":"\#(userId)","email":"\#(userId)@example.com","username":"u\#(n)"}"#
            let escaped = body.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? body
            var req = HTTPClientRequest(url: "\(store)?topic=\(topic)&message=\(escaped)")
            req.headers.add(name: "x-api-key", value: key)
            do {
                let res = try await HTTPClient.shared.execute(req, timeout: .seconds(5))
                _ = try? await res.body.collect(upTo: 1 << 16)
                if res.status.code == 200 { acknowledged.append(userId) }
            } catch {
                // The engine died under us: this request was not acknowledged.
                if !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
            }
        }
        return acknowledged
    }

    /// Every item of a table, page by page.
    func scan(_ engine: EngineProcess, _ table: String) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var start: String?
        repeat {
            var args = ["table", "scan", table, "--limit", "1000", "--json"]
            if let start { args += ["--start", start] }
            let r = try await engine.cli(args)
            guard r.status == 0 else { throw EventuallyTimeout(what: "scan of \(table): \(r.stderr)") }
            let page = try JSONValue.parse(r.stdout)
            items += (page["items"]?.arrayValue ?? []).compactMap { $0["plain"] }
            start = page["lastEvaluatedKey"].flatMap { $0 == .null ? nil : $0.serialized() }
        } while start != nil
        return items
    }

    /// Every message body of a queue, page by page.
    func bodies(_ engine: EngineProcess, _ queue: String) async throws -> [String] {
        var out: [String] = []
        var after: String?
        repeat {
            var args = ["dlq", queue, "--limit", "1000", "--json"]
            if let after { args += ["--after", after] }
            let page = try JSONValue.parse(try await engine.cli(args).stdout)
            out += (page["messages"]?.arrayValue ?? []).compactMap { $0["body"]?.stringValue }
            after = page["nextCursor"]?.intValue.map(String.init)
        } while after != nil
        return out
    }

    @Test("kill -9 cycles (20, or INGEST_CRASH_CYCLES) under concurrent publishers lose no acknowledged sign-up and duplicate none")
    func killNine() async throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["INGEST_CRASH_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64.max)
        var rng = SplitMix(seed: seed)
        let dir = IngestBinary.temporaryDirectory("ingest-crash")
        let args = ["--parameter", "QueueTimeout=1", "--parameter", "FunctionTimeout=1"]
        var acknowledged: [String] = []
        for cycle in 1...Self.cycles {
            let engine = try EngineProcess(arguments: args, dataDirectory: dir)
            let k = try JSONDecoder().decode(Keys.self, from: Data(try await engine.waitUntilReady().utf8))
            let store = try #require(k.storeURL)
            let topic = try #require(k.topicArns.first { $0.hasSuffix(":demo-user-ingestion-topic") })
            let key = try #require(k.keys.first?.value)
            let tasks = (0..<Self.clients).map { c in
                Task { await Self.publish(store: store, topic: topic, key: key, prefix: "c\(cycle)x\(c)") }
            }
            // Kill at a random moment while the clients publish and the workers consume.
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...600, using: &rng)))
            await engine.kill9()
            for t in tasks { t.cancel() }
            for t in tasks { acknowledged += await t.value }
        }
        #expect(acknowledged.count > Self.cycles, "seed \(seed): the clients should have had sign-ups acknowledged")

        // Restart once more and let the pipeline drain what the crashes left in flight.
        let engine = try EngineProcess(arguments: args, dataDirectory: dir)
        defer { engine.terminate() }
        _ = try await engine.waitUntilReady()
        let workers = ["demo-user-ingestion-user-metadata-queue", "demo-user-ingestion-onboarding-queue"]
        _ = try await poll("the worker queues to drain", seconds: 120) { () -> Bool? in
            let r = try await engine.cli(["status", "--json"])
            guard r.status == 0 else { return nil }
            let s = try JSONDecoder().decode(EngineStatus.self, from: Data(r.stdout.utf8))
            let left = s.queues.filter { workers.contains($0.name) }.reduce(0) { $0 + $1.visible + $1.inFlight + $1.delayed }
            return left == 0 ? true : nil
        }
        for (table, dlq) in [("demo_user_metadata", "demo-user-ingestion-user-metadata-dead-letter-queue"),
                             ("demo_user_onboarding", "demo-user-ingestion-onboarding-dead-letter-queue")] {
            let items = try await scan(engine, table)
            let ids = items.compactMap { $0["user_id"]?.stringValue }
            #expect(ids.count == Set(ids).count, "seed \(seed): \(table) has duplicate items")
            let dead = await Set(try bodies(engine, dlq).compactMap { try? JSONValue.parse($0)["user_id"]?.stringValue })
            let lost = acknowledged.filter { !ids.contains($0) && !dead.contains($0) }
            #expect(lost.isEmpty, "seed \(seed): \(lost.count) acknowledged sign-up(s) missing from \(table) and \(dlq), e.g. \(lost.prefix(5))")
        }

        // Sealed at rest: no e-mail address of a sign-up appears in the data files.
        for file in try FileManager.default.contentsOfDirectory(atPath: dir) where file.hasPrefix("ingest.sqlite") {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
            #expect(data.range(of: Data("@example.com".utf8)) == nil, "\(file) holds a plaintext e-mail address")
        }
        print("crash test: seed \(seed), \(Self.cycles) kill -9 cycles, \(acknowledged.count) acknowledged sign-ups checked")
    }
}
