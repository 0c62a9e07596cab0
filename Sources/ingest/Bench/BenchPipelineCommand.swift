import ArgumentParser
import Foundation
import IngestStore

/// `ingest bench pipeline`: the whole pipeline end to end, through the real gateway, with its limits.
struct BenchPipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Measure sign-ups end to end: the bundled template in this process, sign-ups through the gateway until both tables hold them.",
        discussion: """
            Runs each mode (memory, durable: SQLite synced before each acknowledgement, sealed: durable with the \
            template's KMS resources sealed, as ingest up runs) with the usage plan lifted, then prints accepted/s, \
            end-to-end sign-ups/s, latency from request to both tables (p50/p99/p99.9), the largest backlog and peak \
            RSS, beside the limits measured in the same run: the gateway's trivial route and SQLite's own batched \
            inserts with the store's settings.
            """)

    @Option(name: .long, help: "Sign-ups per mode.") var count = 20_000
    @Option(name: .long, help: "Requests in flight (keep-alive connections).") var concurrency = 64
    @Option(name: .long, help: "Offer sign-ups at this rate per second instead of as fast as they are answered.") var rate: Double?
    @Option(name: .long, parsing: .upToNextOption, help: "Modes to run: memory, durable, sealed.") var modes: [PipelineBench.Mode] = PipelineBench.Mode.allCases
    @Flag(name: .long, help: "A small run (1,000 sign-ups, 16 in flight) that only checks the command works.") var quick = false
    @Flag(name: .long, help: "Skip the limits (trivial route, SQLite alone).") var noLimits = false
    @Flag(name: .long, help: "Print JSON.") var json = false

    /// Rows a durable sign-up writes: its archive entry, a message in each of two queues and their deletes,
    /// a row in each of two tables, and a stream record.
    static let rowsPerSignup = 8

    struct Limits: Codable {
        var trivialRoutePerSecond: Double
        var sqliteRowsPerSecond: Double
        var sqliteSignupsPerSecond: Double
    }

    struct Report: Codable {
        var results: [PipelineBench.Result]
        var limits: Limits?
    }

    func validate() throws {
        if count < 1 || concurrency < 1 { throw ValidationError("--count and --concurrency must be at least 1") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
    }

    func run() async throws {
        let n = quick ? 1_000 : count, c = quick ? 16 : concurrency
        let scratch = NSTemporaryDirectory() + "ingest-bench-pipeline-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var results: [PipelineBench.Result] = []
        for mode in modes {
            if !json { FileHandle.standardError.write(Data("bench pipeline: \(mode.rawValue), \(n) sign-ups, \(c) in flight…\n".utf8)) }
            results.append(try await PipelineBench(mode: mode, count: n, concurrency: c, rate: rate, scratch: scratch).run())
        }
        var limits: Limits?
        if !noLimits {
            let trivial = try await PipelineBench.trivialRoute(scratch: scratch, concurrency: c, requests: max(5_000, n))
            let rows = quick ? 20_000 : 200_000
            let seconds = try SQLiteBaseline.insertSeconds(directory: scratch, rows: rows, batch: 100, payloadBytes: 300)
            limits = Limits(trivialRoutePerSecond: trivial, sqliteRowsPerSecond: Double(rows) / seconds,
                            sqliteSignupsPerSecond: Double(rows) / seconds / Double(Self.rowsPerSignup))
        }
        let report = Report(results: results, limits: limits)
        if json { return try Output.json(report) }
        print(Self.render(report, rate: rate))
        if results.contains(where: { !$0.drained }) { throw CLIError.failed("a run did not drain: some accepted sign-ups never reached both tables") }
    }

    static func render(_ r: Report, rate: Double?) -> String {
        var lines = ["sign-ups end to end through the gateway (\(rate.map { String(format: "offered at %.0f/s", $0) } ?? "offered as fast as answered"))"]
        let header = ["mode", "accepted", "accepted/s", "end-to-end/s", "request p50/p99 ms", "to both tables p50/p99/p99.9 ms", "max backlog", "peak RSS MB"]
        var rows = [header]
        for x in r.results {
            rows.append([x.mode.rawValue, "\(x.accepted)/\(x.offered)", String(format: "%.0f", x.acceptedPerSecond),
                         x.drained ? String(format: "%.0f", x.endToEndPerSecond) : "not drained",
                         String(format: "%.1f / %.1f", x.requestP50Ms, x.requestP99Ms),
                         String(format: "%.0f / %.0f / %.0f", x.latencyP50Ms, x.latencyP99Ms, x.latencyP999Ms),
                         "\(x.maxBacklog)", String(format: "%.0f", x.peakRSSMB)])
        }
        let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        for row in rows { lines.append(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")) }
        if let l = r.limits {
            lines.append("")
            lines.append(String(format: "limits: trivial route (GET /_health) %.0f requests/s; SQLite alone %.0f rows/s in batches of 100 (WAL, synchronous=FULL) = %.0f sign-ups/s at %d rows each",
                                l.trivialRoutePerSecond, l.sqliteRowsPerSecond, l.sqliteSignupsPerSecond, rowsPerSignup))
            for x in r.results {
                let store = x.mode == .memory ? "" : String(format: ", end to end %.0f%% of SQLite's", 100 * x.endToEndPerSecond / l.sqliteSignupsPerSecond)
                lines.append(String(format: "  %@: accepted %.0f%% of the trivial route%@", x.mode.rawValue, 100 * x.acceptedPerSecond / l.trivialRoutePerSecond, store))
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension PipelineBench.Mode: ExpressibleByArgument {}
