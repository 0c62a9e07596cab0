import AsyncHTTPClient
import Foundation
import Histogram
import IngestCore
import IngestHandlers
import IngestHost
import IngestServer
import NIOCore
import Synchronization

/// One run of `ingest bench pipeline`: the bundled template in this process with its usage plan lifted,
/// sign-ups offered through the real gateway on loopback (keep-alive connections), until every accepted
/// one is in both tables and the stream function has read its record.
struct PipelineBench {
    enum Mode: String, CaseIterable, Codable, Sendable {
        /// `--memory`: nothing written.
        case memory
        /// SQLite, synced before each acknowledgement, nothing sealed.
        case durable
        /// SQLite with what the template encrypts sealed under the key ring (what `ingest up` runs).
        case sealed
    }

    struct Result: Codable, Sendable {
        var mode: Mode
        var offered: Int
        var offeredRate: Double?
        var concurrency: Int
        var accepted: Int
        var refused: Int
        var failed: Int
        /// Accepted sign-ups per second while sending.
        var acceptedPerSecond: Double
        /// Accepted sign-ups per second from the first request until the last one reached both tables.
        var endToEndPerSecond: Double
        var drained: Bool
        /// The gateway's answer, milliseconds.
        var requestP50Ms: Double
        var requestP99Ms: Double
        /// From the request to the sign-up's row in both tables (the later `created_at`), milliseconds.
        var latencyP50Ms: Double
        var latencyP99Ms: Double
        var latencyP999Ms: Double
        /// The most accepted sign-ups not yet in both tables, sampled every 100 ms.
        var maxBacklog: Int
        var peakRSSMB: Double
    }

    let mode: Mode
    let count: Int
    let concurrency: Int
    let rate: Double?
    let scratch: String

    /// Parameters that lift the usage plan, so the gateway throttles nothing.
    static let liftedPlan = ["ThrottleRate=10000000", "ThrottleBurst=10000000", "QuotaLimit=1000000000"]

    func run() async throws -> Result {
        try await Self.withEngine(mode, scratch: scratch) { host, url in
            guard let topic = DemoTraffic.signupTopic(host.definition), let key = host.keys.first(where: \.enabled) else {
                throw CLIError.failed("the template has no sign-up topic or no enabled API key")
            }
            return try await drive(host: host, storeURL: url + host.definition.storePath, topic: topic, apiKey: key.value)
        }
    }

    /// Opens the bundled template's engine in this process on a free loopback port, runs `body`, stops it.
    static func withEngine<T: Sendable>(_ mode: Mode, scratch: String, _ body: (EngineHost, String) async throws -> T) async throws -> T {
        let dir = (scratch as NSString).appendingPathComponent(mode.rawValue)
        try? FileManager.default.removeItem(atPath: dir)
        var configuration = EngineConfiguration(
            parameters: liftedPlan, dataDirectory: DataDirectory.resolve(dir), memory: mode == .memory, handlers: BuiltinHandlers.registry,
            runsCode: false, gateway: Listener(address: ListenAddress(host: "127.0.0.1", port: 0), tls: nil))
        configuration.sealsEncryptedResources = mode == .sealed
        let host = try await EngineHost.open(configuration)
        defer { host.close(); try? FileManager.default.removeItem(atPath: dir) }
        let life = EngineLifecycle()
        let engine = Task {
            defer { life.ended() }
            try await host.run(stopWhen: { await life.waitForStopRequest() }) { life.ready(url: $0.gateway) }
        }
        guard let url = await life.waitReady() else {
            _ = try await engine.value
            throw CLIError.failed("the engine stopped before it was ready")
        }
        resetPeakRSS()
        do {
            let value = try await body(host, url)
            life.requestStop()
            _ = try? await engine.value
            return value
        } catch {
            life.requestStop()
            _ = try? await engine.value
            throw error
        }
    }

    /// The same HTTP stack's cheapest route (`GET /_health`), at the same concurrency: the ceiling for
    /// any route of the gateway on this machine.
    static func trivialRoute(scratch: String, concurrency: Int, requests: Int) async throws -> Double {
        try await withEngine(.memory, scratch: scratch) { _, url in
            let client = Self.client(concurrency: concurrency)
            let next = Ticket()
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency {
                    group.addTask {
                        while next.take() < requests {
                            let response = try await client.execute(HTTPClientRequest(url: url + "/_health"), timeout: .seconds(30))
                            _ = try await response.body.collect(upTo: 4096)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - started
            try? await client.shutdown()
            return Double(requests) / (elapsed.milliseconds / 1000)
        }
    }

    /// Sends, watches the backlog, waits for the drain, then reads each sign-up's arrival from both tables.
    func drive(host: EngineHost, storeURL: String, topic: String, apiKey: String) async throws -> Result {
        let pipeline = host.pipeline
        let tables = Self.signupTables(host.definition)
        let client = Self.client(concurrency: concurrency)
        let sender = SignupSender(client: client, storeURL: storeURL, topic: topic, apiKey: apiKey, count: count, prefix: "bench-\(mode.rawValue)")
        let started = Date()
        let watcher = Task { () -> Int in
            var worst = 0
            while !Task.isCancelled {
                let done = await Self.completed(pipeline, tables)
                worst = max(worst, sender.acceptedSoFar - done)
                try? await Task.sleep(for: .milliseconds(100))
            }
            return worst
        }
        let sent = try await sender.send(concurrency: concurrency, rate: rate, started: started)
        let sendSeconds = Date().timeIntervalSince(started)
        // The drain: every accepted sign-up in both tables, and the stream consumer caught up.
        let deadline = Date().addingTimeInterval(max(120, sendSeconds * 4))
        var drained = false
        while Date() < deadline {
            if await Self.completed(pipeline, tables) >= sent.accepted, await Self.streamCaughtUp(pipeline) { drained = true; break }
            try await Task.sleep(for: .milliseconds(5))
        }
        let endSeconds = Date().timeIntervalSince(started)
        watcher.cancel()
        let backlog = await watcher.value
        try? await client.shutdown()
        let latency = try await Self.arrivalLatencies(pipeline, tables, sentAt: sent.sentAtMillis, prefix: sender.prefix)
        func ms(_ h: Histogram<UInt64>, _ p: Double) -> Double { h.totalCount == 0 ? 0 : Double(h.valueAtPercentile(p)) / 1000 }
        return Result(mode: mode, offered: count, offeredRate: rate, concurrency: concurrency, accepted: sent.accepted, refused: sent.refused,
                      failed: sent.failed, acceptedPerSecond: Double(sent.accepted) / max(sendSeconds, 1e-9),
                      endToEndPerSecond: drained ? Double(sent.accepted) / max(endSeconds, 1e-9) : 0, drained: drained,
                      requestP50Ms: ms(sent.requestMicros, 50), requestP99Ms: ms(sent.requestMicros, 99),
                      latencyP50Ms: ms(latency, 50), latencyP99Ms: ms(latency, 99), latencyP999Ms: ms(latency, 99.9),
                      maxBacklog: backlog, peakRSSMB: Self.peakRSSMB())
    }

    /// A client with up to `concurrency` keep-alive connections to the gateway.
    static func client(concurrency: Int) -> HTTPClient {
        HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)))
    }

    /// The tables the sign-up functions write: every table of the template (the bundled one has two).
    static func signupTables(_ d: PipelineDefinition) -> [String] { d.tables.map(\.name) }

    /// Sign-ups in every sign-up table: the smallest item count.
    static func completed(_ pipeline: PipelineRuntime, _ tables: [String]) async -> Int {
        let summaries = await pipeline.tables.summaries()
        return tables.map { t in summaries.first { $0.name == t }?.itemCount ?? 0 }.min() ?? 0
    }

    static func streamCaughtUp(_ pipeline: PipelineRuntime) async -> Bool {
        await pipeline.mappingSummaries().allSatisfy { ($0.stream?.lag ?? 0) == 0 && ($0.inFlightBatches ?? 0) == 0 }
    }

    /// For each sign-up, the later of its two rows' `created_at` minus the time its request was sent, in µs
    /// (the handlers stamp rows in milliseconds).
    static func arrivalLatencies(_ pipeline: PipelineRuntime, _ tables: [String], sentAt: [Int64], prefix: String) async throws -> Histogram<UInt64> {
        var arrived = [Int64](repeating: 0, count: sentAt.count)
        for table in tables {
            var start: Item?
            repeat {
                let page = try await pipeline.tables.scanPage(table: table, limit: 10_000, exclusiveStartKey: start)
                for item in page.items {
                    guard case .s(let id)? = item["user_id"], id.hasPrefix(prefix), let n = Int(id.dropFirst(prefix.count + 1)), n < arrived.count,
                          case .s(let created)? = item["created_at"], let at = ISO8601.parse(created) else { continue }
                    arrived[n] = max(arrived[n], at.millis)
                }
                start = page.lastEvaluatedKey
            } while start != nil
        }
        var h = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        for (i, at) in arrived.enumerated() where at > 0 && sentAt[i] > 0 { _ = h.record(UInt64(max(0, at - sentAt[i])) * 1000) }
        return h
    }

    /// Starts the peak resident set (`VmHWM`) over from the current one, so each run reports its own peak.
    static func resetPeakRSS() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// The process's peak resident set (`VmHWM`), in MB.
    static func peakRSSMB() -> Double { Double(ProcessMemory.peakResidentKB() ?? 0) / 1024 }
}

/// Numbers handed out once each, to concurrent callers.
final class Ticket: Sendable {
    private let next = Atomic<Int>(0)
    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}
