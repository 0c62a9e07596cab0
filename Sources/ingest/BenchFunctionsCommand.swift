import ArgumentParser
import Foundation
import IngestCore
import IngestProcessRuntime

/// `ingest bench functions`: cold-start and warm-invocation latency of the same echo handler as a built-in Swift
/// handler, a Python process and a Node.js process, through the real `FunctionRuntime` and Runtime API.
struct BenchFunctionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "functions",
        abstract: "Measure cold-start and warm-invocation latency (p50/p99) of built-in, Python and Node.js functions.")

    @Option(name: .long, help: "Cold starts per runtime.") var cold = 20
    @Option(name: .long, help: "Warm invocations per runtime.") var warm = 2_000
    @Flag(name: .long, help: "Print JSON.") var json = false

    struct Row: Codable {
        var runtime: String
        /// Init Duration (the process started until it asked for its first invocation), in ms.
        var initP50: Double?
        var initP99: Double?
        /// The first invocation, init included, as its caller waits for it, in ms.
        var coldP50: Double
        var coldP99: Double
        var warmP50: Double
        var warmP99: Double
        var warmPerSecond: Double
    }

    /// The built-in echo: what a handler costs without a process.
    struct Echo: Handler {
        func handle(_ event: JSONValue, context: InvocationContext) async throws -> JSONValue? { event }
    }

    func run() async throws {
        let scratch = NSTemporaryDirectory() + "ingest-bench-functions-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let runner = try ProcessCodeRunner(directory: scratch, region: "us-east-1")
        var registry = HandlerRegistry()
        registry.register("echo") { _ in Echo() }
        let event: JSONValue = ["Records": [["messageId": "m-1", "body": #"{"username":"bench","email":"bench@example.com","user_id":"auth0|1"}"#]]]
        var rows: [Row] = []
        let kinds: [(String, String?, FunctionCode?)] = [
            ("builtin", nil, nil),
            ("python3.12", "index.handler", .inline("def handler(event, context):\n    return event\n")),
            ("nodejs20.x", "index.handler", .inline("exports.handler = async (event) => event;\n")),
        ]
        for (runtime, handler, code) in kinds {
            var f = FunctionDefinition(logicalId: "F", name: "bench", arn: "arn:aws:lambda:us-east-1:000000000000:function:bench",
                                       handler: code == nil ? "echo" : FunctionDefinition.codeHandler, timeoutSeconds: 30,
                                       runtime: code == nil ? nil : runtime, handlerProperty: handler, code: code)
            if code != nil, !runner.canRun(f) {
                FileHandle.standardError.write(Data("bench: \(runtime) skipped (its interpreter is not on PATH)\n".utf8))
                continue
            }
            f.memorySizeMB = 256
            var inits: [Double] = []
            var colds: [Double] = []
            for _ in 0..<(code == nil ? 1 : cold) {
                let rt = try FunctionRuntime(functions: [f], handlers: registry, tables: TableService(definitions: []), logBook: LogBook(),
                                             metrics: MetricRecorder(), clock: SystemClock(), codeRunner: runner)
                let started = ContinuousClock.now
                let (_, outcome) = await rt.invoke("bench", event: event)
                colds.append((ContinuousClock.now - started).milliseconds)
                guard case .success = outcome else { throw CLIError.usage("bench: \(runtime) failed: \(outcome)") }
                if let i = await rt.summaries().first?.initP50 { inits.append(i) }
                await rt.retireAll()
            }
            let rt = try FunctionRuntime(functions: [f], handlers: registry, tables: TableService(definitions: []), logBook: LogBook(capacity: 1_000),
                                         metrics: MetricRecorder(), clock: SystemClock(), codeRunner: runner)
            _ = await rt.invoke("bench", event: event)
            var warms: [Double] = []
            warms.reserveCapacity(warm)
            let all = ContinuousClock.now
            for _ in 0..<warm {
                let started = ContinuousClock.now
                _ = await rt.invoke("bench", event: event)
                warms.append((ContinuousClock.now - started).milliseconds)
            }
            let total = (ContinuousClock.now - all).milliseconds
            await rt.retireAll()
            rows.append(Row(runtime: runtime, initP50: Self.pct(inits, 0.5), initP99: Self.pct(inits, 0.99),
                            coldP50: Self.pct(colds, 0.5) ?? 0, coldP99: Self.pct(colds, 0.99) ?? 0,
                            warmP50: Self.pct(warms, 0.5) ?? 0, warmP99: Self.pct(warms, 0.99) ?? 0, warmPerSecond: Double(warm) / (total / 1000)))
        }
        if json { return try Output.json(rows) }
        print("function latency (\(cold) cold starts, \(warm) warm invocations each; ms)")
        Output.table(["RUNTIME", "INIT P50", "INIT P99", "COLD P50", "COLD P99", "WARM P50", "WARM P99", "WARM/s"], rows.map { r in
            [r.runtime, r.initP50.map { String(format: "%.1f", $0) } ?? "-", r.initP99.map { String(format: "%.1f", $0) } ?? "-",
             String(format: "%.2f", r.coldP50), String(format: "%.2f", r.coldP99), String(format: "%.3f", r.warmP50), String(format: "%.3f", r.warmP99),
             String(format: "%.0f", r.warmPerSecond)]
        })
    }

    static func pct(_ values: [Double], _ p: Double) -> Double? { percentile(values.sorted(), p) }
}
