import Foundation
import IngestCore
import IngestTestSupport
import Testing

/// Functions that run their own code, on the real binary: `functions/functions.yaml` has Python given inline
/// (`Code.ZipFile`) and from a directory, each writing to a table through boto3 and the engine's AWS endpoint; a
/// Node.js function in the seed's layout writing through the endpoint with node's own http module; a handler that
/// sleeps past its timeout and one that fails at import. Messages go in through boto3's SQS client.
@Suite("Functions run their own code as processes, end to end", .serialized, .timeLimit(.minutes(5)))
struct FunctionCodeTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("functions").path
    static let template = directory + "/functions.yaml"
    static let hasNode = IngestBinary.probe(["node", "--version"])

    /// The engine on the functions template with the AWS endpoint on a free port.
    func start(_ dir: String = IngestBinary.temporaryDirectory(), _ arguments: [String] = []) async throws -> (EngineProcess, String) {
        try await AWSEngine.start(dir, ["--template", Self.template] + arguments)
    }

    /// Sends each body to the queue through boto3.
    func send(_ url: String, queue: String, _ bodies: [String]) async throws {
        let script = """
        import boto3, sys, json
        sqs = boto3.client("sqs", endpoint_url=sys.argv[1])
        q = sqs.get_queue_url(QueueName=sys.argv[2])["QueueUrl"]
        for body in json.loads(sys.argv[3]):
            sqs.send_message(QueueUrl=q, MessageBody=body)
        """
        let bodies = String(decoding: try JSONEncoder().encode(bodies), as: UTF8.self)
        let r = try await AWSEndpointTests.run(["python3", "-c", script, url, queue, bodies])
        #expect(r.status == 0, "send to \(queue): \(r.stderr)")
    }

    /// The table's items, by id.
    func items(_ engine: EngineProcess) async throws -> [String: [String: JSONValue]] {
        let r = try await engine.cli(["table", "scan", "fn-items"])
        var out: [String: [String: JSONValue]] = [:]
        for line in r.stdout.split(separator: "\n") {
            if case .object(let o) = try JSONValue.parse(String(line)), let id = o["id"]?.stringValue { out[id] = o }
        }
        return out
    }

    /// The log book's lines of one function.
    func logs(_ engine: EngineProcess, _ function: String) async throws -> [String] {
        let r = try await engine.cli(["logs", "--function", function, "--limit", "1000"])
        return r.stdout.split(separator: "\n").map(String.init)
    }

    func function(_ engine: EngineProcess, _ name: String) async throws -> FunctionSummary? {
        let r = try await engine.cli(["function", "list", "--json"])
        return try JSONDecoder().decode([FunctionSummary].self, from: Data(r.stdout.utf8)).first { $0.name == name }
    }

    @Test("Python inline and from a directory consume their queues and write through boto3; a partial batch failure keeps only the failed message; an e-mail is masked",
          .enabled(if: AWSEndpointTests.hasBoto3, "boto3 is not installed (pip install boto3)"))
    func python() async throws {
        let (engine, url) = try await start()
        defer { engine.terminate() }
        try await send(url, queue: "py-inline-q", [#"{"id":"i1","email":"jane.doe@example.com"}"#, #"{"id":"i2","fail":true}"#, #"{"id":"i3"}"#])
        try await send(url, queue: "py-dir-q", [#"{"id":"d1"}"#])
        let written = try await poll("the Python functions' items") {
            let all = try await items(engine)
            return ["i1", "i3", "d1"].allSatisfy { all[$0] != nil } ? all : nil
        }
        #expect(written["i1"]?["by"] == .string("py-inline"))
        #expect(written["d1"]?["by"] == .string("py-dir"))
        #expect(written["i2"] == nil, "the failed record is not written")
        // The directory function saw the engine's endpoint and its deadline through the context.
        if case .number(let remaining)? = written["d1"]?["remaining"] { #expect((Double(remaining) ?? 0) > 0) } else { Issue.record("no remaining time") }
        // ReportBatchItemFailures: the two good records were deleted, the failed one stays in the queue.
        let status = try await AWSEngine.status(engine)
        let queue = try #require(status.queues.first { $0.name == "py-inline-q" })
        #expect(queue.counters.deleted == 2 && queue.visible + queue.inFlight == 1, "\(queue)")
        let lines = try await logs(engine, "py-inline")
        #expect(lines.contains { $0.contains("signup from j***@example.com in py-inline") }, "\(lines)")
        #expect(!lines.contains { $0.contains("jane.doe@example.com") })
        #expect(lines.contains { $0.contains("INIT_START Runtime Version: python3.12") })
        #expect(lines.contains { $0.contains("REPORT RequestId:") && $0.contains("Init Duration:") && $0.contains("Max Memory Used:") }, "\(lines)")
        let fn = try #require(try await function(engine, "py-dir"))
        #expect(fn.runtime == "python3.12" && fn.runtimeHandler == "app.lambda_handler" && fn.coldStarts == 1)
        #expect(fn.code == Self.directory + "/py-dir")
        #expect(!FileManager.default.fileExists(atPath: Self.directory + "/py-dir/__pycache__"), "nothing is written into a function's code")
        // A second message reuses the warm process: no new cold start.
        try await send(url, queue: "py-dir-q", [#"{"id":"d2"}"#])
        _ = try await poll("the second item") { try await items(engine)["d2"] }
        #expect(try await function(engine, "py-dir")?.coldStarts == 1)
    }

    @Test("a Node.js function in the seed's layout (index.js, exports.handler) writes through the engine's endpoint",
          .enabled(if: AWSEndpointTests.hasBoto3 && FunctionCodeTests.hasNode, "needs boto3 and node (node is not installed here)"))
    func node() async throws {
        let (engine, url) = try await start()
        defer { engine.terminate() }
        try await send(url, queue: "node-q", [#"{"id":"n1"}"#])
        let item = try await poll("the Node.js function's item") { try await items(engine)["n1"] }
        #expect(item["by"] == .string("node-seed"))
        #expect(item["memory"] == .string("128"), "context.memoryLimitInMB")
        let lines = try await logs(engine, "node-seed")
        #expect(lines.contains { $0.contains("Received message for n1") }, "\(lines)")
        #expect(lines.contains { $0.contains("REPORT RequestId:") && $0.contains("Status: success") })
    }

    @Test("a handler that sleeps past its Timeout is killed, the invocation times out, and the next one starts a fresh process",
          .enabled(if: AWSEndpointTests.hasBoto3, "boto3 is not installed (pip install boto3)"))
    func timeout() async throws {
        let (engine, url) = try await start()
        defer { engine.terminate() }
        try await send(url, queue: "slow-q", ["{}"])
        _ = try await poll("the timeout") { try await logs(engine, "py-slow").first { $0.contains("Task timed out after 1.00 seconds") } }
        try await send(url, queue: "slow-q", ["{}"])
        let fn = try await poll("the second cold start") { () async throws -> FunctionSummary? in
            let f = try await function(engine, "py-slow")
            return (f?.coldStarts ?? 0) >= 2 ? f : nil
        }
        #expect(fn.timeouts >= 1)
        let lines = try await logs(engine, "py-slow")
        #expect(lines.filter { $0.contains("INIT_START") }.count >= 2, "\(lines)")
        #expect(lines.contains { $0.contains("Status: timeout") })
    }

    @Test("a handler that fails at import is an init error: INIT_REPORT with Runtime.ImportModuleError, its traceback in the log book",
          .enabled(if: AWSEndpointTests.hasBoto3, "boto3 is not installed (pip install boto3)"))
    func initError() async throws {
        let (engine, url) = try await start()
        defer { engine.terminate() }
        try await send(url, queue: "broken-q", ["{}"])
        let report = try await poll("the init report") { try await logs(engine, "py-broken").first { $0.contains("INIT_REPORT") } }
        #expect(report.contains("Status: error Error Type: Runtime.ImportModuleError"), "\(report)")
        let lines = try await logs(engine, "py-broken")
        #expect(lines.contains { $0.contains("ModuleNotFoundError: No module named 'a_module_that_is_not_installed'") }, "\(lines)")
        #expect(lines.contains { $0.contains("function error: Runtime.ImportModuleError: Unable to import module 'index'") }, "\(lines)")
        #expect(try await function(engine, "py-broken")?.errors ?? 0 >= 1)
    }

    @Test("ingest function update-code deploys a fix without a restart; the store keeps it across one; --code picks the code at up",
          .enabled(if: AWSEndpointTests.hasBoto3, "boto3 is not installed (pip install boto3)"))
    func updateCode() async throws {
        let dir = IngestBinary.temporaryDirectory()
        var (engine, url) = try await start(dir)
        defer { engine.terminate() }
        try await send(url, queue: "py-dir-q", [#"{"id":"v1"}"#])
        #expect(try await poll("the first version's item") { try await items(engine)["v1"] }["by"] == .string("py-dir"))
        let missing = try await engine.cli(["function", "update-code", "py-dir", "/nonexistent/code"])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/code"), "\(missing.stderr)")
        let fix = Self.directory + "/py-dir-v2"
        let deployed = try await engine.cli(["function", "update-code", "py-dir", fix])
        #expect(deployed.status == 0 && deployed.stdout.contains("py-dir-v2"), "\(deployed.stdout)\(deployed.stderr)")
        try await send(url, queue: "py-dir-q", [#"{"id":"v2"}"#])
        #expect(try await poll("the fix's item") { try await items(engine)["v2"] }["by"] == .string("py-dir-v2"))
        #expect(try await function(engine, "py-dir")?.coldStarts == 2, "the fix started a new process")
        #expect(await engine.stop() == 0)
        (engine, url) = try await start(dir)
        #expect(try await function(engine, "py-dir")?.code == fix, "the deployed code survives a restart")
        try await send(url, queue: "py-dir-q", [#"{"id":"v3"}"#])
        #expect(try await poll("the item after the restart") { try await items(engine)["v3"] }["by"] == .string("py-dir-v2"))
        #expect(await engine.stop() == 0)
        // --code at up: the inline function runs the directory's code instead.
        (engine, url) = try await start(IngestBinary.temporaryDirectory(), ["--code", "py-inline=\(Self.directory)/py-dir-v2"])
        #expect(try await function(engine, "py-inline")?.code == fix)
    }

    @Test("kill -9 of the engine ends its runtime processes, even one inside a handler that would sleep for minutes",
          .enabled(if: AWSEndpointTests.hasBoto3, "boto3 is not installed (pip install boto3)"))
    func noOrphans() async throws {
        let (engine, url) = try await start()
        defer { engine.terminate() }
        try await send(url, queue: "hang-q", ["{}"])
        let line = try await poll("the handler's pid") { try await logs(engine, "py-hang").first { $0.contains("hanging in") } }
        let pid = try #require(Int32(line.split(separator: " ").last ?? ""))
        #expect(Self.alive(pid))
        await engine.kill9()
        _ = try await poll("the runtime process to end with the engine") { Self.alive(pid) ? nil : true }
    }

    /// Whether a process exists and is not a zombie waiting to be reaped.
    static func alive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        guard let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    @Test("a --code that names no function, or no such path, is one clear line and a non-zero exit")
    func badCodeFlags() async throws {
        for (flag, message) in [("nope=\(Self.directory)/py-dir", "not a function of the template"), ("py-dir=/nonexistent", "no such file")] {
            let r = try await IngestBinary.run(["up", "--headless", "--data-dir", IngestBinary.temporaryDirectory(), "--port", "0", "--aws-listen", "off",
                                                "--template", Self.template, "--code", flag])
            #expect(r.status != 0 && r.stderr.contains(message), "\(flag): \(r.stderr)")
        }
    }
}
