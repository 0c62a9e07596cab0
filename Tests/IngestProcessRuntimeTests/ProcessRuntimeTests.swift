import Foundation
import IngestCore
@testable import IngestProcessRuntime
import IngestTestSupport
import Testing
import ZIPFoundation

/// Functions' own code run as real processes through the Runtime API, invoked by the real `FunctionRuntime` on a
/// manual clock: timeouts fire when the test advances the clock, never by waiting.
@Suite("Process runtimes through the Lambda Runtime API", .serialized, .timeLimit(.minutes(2)))
struct ProcessRuntimeTests {
    static let hasPython = IngestBinary.probe(["python3", "--version"])
    static let hasNode = IngestBinary.probe(["node", "--version"])

    let clock = ManualClock()
    let logBook = LogBook()
    let directory = IngestBinary.temporaryDirectory("ingest-runtime")

    /// A function runtime with one function running `code`.
    func runtime(_ code: FunctionCode, runtime: String = "python3.12", handler: String? = "index.handler", timeout: Int = 5, memory: Int = 128,
                 environment: [String: String] = [:]) async throws -> FunctionRuntime {
        let dir = directory
        let runner = try await offThePool { try ProcessCodeRunner(directory: dir, region: "eu-west-1") }
        let f = FunctionDefinition(logicalId: "F", name: "f", arn: "arn:aws:lambda:eu-west-1:123456789012:function:f", handler: FunctionDefinition.codeHandler,
                                   timeoutSeconds: timeout, memorySizeMB: memory, environment: environment, runtime: runtime,
                                   handlerProperty: handler, code: code)
        #expect(runner.canRun(f))
        return try FunctionRuntime(functions: [f], handlers: HandlerRegistry(), tables: TableService(definitions: [], clock: clock),
                                   logBook: logBook, metrics: MetricRecorder(), clock: clock, codeRunner: runner)
    }

    func lines() -> [String] { logBook.query(LogQuery(limit: 10_000)).map(\.message) }

    /// Waits for a log line (the log book wakes waiters on every append).
    func logLine(containing text: String, in book: LogBook? = nil) async throws -> String {
        let logBook = book ?? self.logBook
        var after: UInt64 = 0
        for _ in 0..<10_000 {
            let all = logBook.query(LogQuery(limit: 10_000))
            if let line = all.first(where: { $0.message.contains(text) }) { return line.message }
            after = all.last?.id ?? after
            await logBook.wait(afterId: after)
        }
        throw EventuallyTimeout(what: "a log line with '\(text)'")
    }

    /// Waits until a process no longer exists (it ends outside the engine, so this watches it).
    func gone(_ pid: Int32) async throws {
        for _ in 0..<500 {
            if kill(pid, 0) != 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw EventuallyTimeout(what: "process \(pid) to end")
    }

    func object(_ outcome: InvocationOutcome) throws -> [String: JSONValue] {
        guard case .success(.object(let o)?) = outcome else { throw EventuallyTimeout(what: "a JSON object result, got \(outcome)") }
        return o
    }

    @Test("a Python handler gets its event, Lambda's environment and context; its return value is the result; a warm process is reused",
          .enabled(if: ProcessRuntimeTests.hasPython, "python3 is not installed"))
    func pythonContext() async throws {
        let source = """
        import os
        def handler(event, context):
            keys = ["AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_REGION", "AWS_DEFAULT_REGION", "_HANDLER",
                    "LAMBDA_TASK_ROOT", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "APP_NAME", "AWS_ACCESS_KEY_ID"]
            return {"env": {k: os.environ.get(k) for k in keys}, "event": event, "pid": os.getpid(),
                    "request": context.aws_request_id, "arn": context.invoked_function_arn, "memory": context.memory_limit_in_mb,
                    "group": context.log_group_name, "cwd": os.getcwd()}
        """
        let rt = try await runtime(.inline(source), memory: 256, environment: ["APP_NAME": "demo"])
        let (id, outcome) = await rt.invoke("f", event: ["Records": [["body": "x"]]])
        let o = try object(outcome)
        #expect(o["request"] == .string(id))
        #expect(o["arn"] == .string("arn:aws:lambda:eu-west-1:123456789012:function:f"))
        #expect(o["memory"] == .number("256") && o["group"] == .string("/aws/lambda/f"))
        #expect(o["event"] == ["Records": [["body": "x"]]])
        guard case .object(let env)? = o["env"] else { Issue.record("no env"); return }
        #expect(env["AWS_LAMBDA_FUNCTION_NAME"] == .string("f") && env["AWS_REGION"] == .string("eu-west-1") && env["AWS_DEFAULT_REGION"] == .string("eu-west-1"))
        #expect(env["_HANDLER"] == .string("index.handler") && env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == .string("256"))
        #expect(env["AWS_LAMBDA_FUNCTION_VERSION"] == .string("$LATEST") && env["APP_NAME"] == .string("demo"))
        #expect(env["AWS_ACCESS_KEY_ID"]?.stringValue?.isEmpty == false, "dummy credentials for the SDK")
        #expect(env["LAMBDA_TASK_ROOT"] == o["cwd"], "the code's directory is the task root and the working directory")
        let second = try object(await rt.invoke("f", event: [:]).outcome)
        #expect(second["pid"] == o["pid"], "the warm process runs the next invocation")
        let summary = try #require(await rt.summaries().first)
        #expect(summary.coldStarts == 1 && summary.invocations == 2 && summary.runtime == "python3.12")
        #expect(lines().filter { $0.hasPrefix("INIT_START") }.count == 1)
        #expect(lines().contains { $0.hasPrefix("REPORT RequestId: \(id)") && $0.contains("Init Duration:") && $0.contains("Max Memory Used:") })
        await rt.retireAll()
        if case .number(let pid)? = o["pid"], let p = Int32(pid) { try await gone(p) }
    }

    @Test("a raised exception is a function error with its type; the process stays warm; a process that exits is Runtime.ExitError with its stderr logged",
          .enabled(if: ProcessRuntimeTests.hasPython, "python3 is not installed"))
    func errorsAndExits() async throws {
        let source = """
        import os, sys
        def handler(event, context):
            if event.get("exit"):
                sys.stderr.write("dying on purpose\\n")
                sys.stderr.flush()
                os._exit(3)
            if event.get("raise"):
                raise ValueError("bad input " + str(event["raise"]))
            return {"pid": os.getpid()}
        """
        let rt = try await runtime(.inline(source))
        let first = try object(await rt.invoke("f", event: [:]).outcome)
        let (_, raised) = await rt.invoke("f", event: ["raise": 7])
        #expect(raised == .error("ValueError: bad input 7"))
        #expect(try object(await rt.invoke("f", event: [:]).outcome)["pid"] == first["pid"], "a function error keeps the environment")
        let (_, exited) = await rt.invoke("f", event: ["exit": true])
        #expect(exited == .error("Runtime.ExitError: Runtime exited with error: exit status 3"))
        #expect(lines().contains("dying on purpose"))
        let after = try object(await rt.invoke("f", event: [:]).outcome)
        #expect(after["pid"] != first["pid"], "the next invocation starts a fresh process")
        #expect(await rt.summaries().first?.coldStarts == 2)
        await rt.retireAll()
    }

    @Test("the Timeout on the engine's clock kills the process group; the next invocation is a cold start",
          .enabled(if: ProcessRuntimeTests.hasPython, "python3 is not installed"))
    func timeoutKills() async throws {
        let source = """
        import os, time
        def handler(event, context):
            if event.get("sleep"):
                print("sleeping in", os.getpid(), flush=True)
                time.sleep(600)
            return {"pid": os.getpid()}
        """
        let rt = try await runtime(.inline(source), timeout: 2)
        let start = clock.now()
        let task = Task { await rt.invoke("f", event: ["sleep": true]) }
        let line = try await logLine(containing: "sleeping in")
        let pid = Int32(line.split(separator: " ").last ?? "") ?? 0
        try await clock.parked(until: start.adding(seconds: 2))
        clock.advance(seconds: 2)
        #expect(await task.value.outcome == .timeout)
        try await gone(pid)
        #expect(lines().contains("Task timed out after 2.00 seconds"))
        let next = try object(await rt.invoke("f", event: [:]).outcome)
        #expect(next["pid"] != .number(String(pid)))
        #expect(await rt.summaries().first?.coldStarts == 2)
        await rt.retireAll()
    }

    @Test("an import error is an init error (INIT_REPORT, Runtime.ImportModuleError); a missing handler is Runtime.HandlerNotFound",
          .enabled(if: ProcessRuntimeTests.hasPython, "python3 is not installed"))
    func importError() async throws {
        let rt = try await runtime(.inline("raise RuntimeError('cannot start')\n"))
        let (_, outcome) = await rt.invoke("f", event: [:])
        guard case .error(let message) = outcome else { Issue.record("\(outcome)"); return }
        #expect(message.hasPrefix("Runtime.ImportModuleError: Unable to import module 'index': cannot start"), "\(message)")
        #expect(lines().contains { $0.hasPrefix("INIT_REPORT") && $0.contains("Status: error Error Type: Runtime.ImportModuleError") })
        let missing = try await runtime(.inline("x = 1\n"), handler: "index.nothing_here")
        let (_, notFound) = await missing.invoke("f", event: [:])
        #expect(notFound == .error("Runtime.HandlerNotFound: Handler 'nothing_here' missing on module 'index'"))
    }

    @Test("MemorySize is the Python process's address-space limit: allocating past it is a MemoryError",
          .enabled(if: ProcessRuntimeTests.hasPython, "python3 is not installed"))
    func memoryLimit() async throws {
        let source = """
        def handler(event, context):
            block = bytearray(event["mb"] * 1024 * 1024)
            return {"allocated": len(block) // (1024 * 1024)}
        """
        let rt = try await runtime(.inline(source), memory: 128)
        #expect(try object(await rt.invoke("f", event: ["mb": 16]).outcome)["allocated"] == .number("16"))
        let (_, outcome) = await rt.invoke("f", event: ["mb": 512])
        guard case .error(let message) = outcome else { Issue.record("\(outcome)"); return }
        #expect(message.hasPrefix("MemoryError"), "\(message)")
        await rt.retireAll()
    }

    @Test("a provided runtime's own bootstrap from a .zip drives the Runtime API: request ids, states and the 6 MB limit answer as Lambda documents",
          .enabled(if: ProcessRuntimeTests.hasPython, "python3 is not installed"))
    func providedRuntimeAPI() async throws {
        let python = try #require(LanguageRuntime.resolveInterpreter(.python))
        // A custom runtime: checks the API's answers, then answers each invocation itself.
        let bootstrap = """
        #!\(python)
        import http.client, json, os
        host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
        conn = http.client.HTTPConnection(host, int(port))
        def call(method, path, body=None, headers={}):
            conn.request(method, "/2018-06-01/runtime" + path, body=body, headers=headers)
            r = conn.getresponse()
            return r.status, r, r.read()
        while True:
            status, r, body = call("GET", "/invocation/next")
            rid = r.getheader("Lambda-Runtime-Aws-Request-Id")
            event = json.loads(body)
            if event.get("probe"):
                print("wrong-id", call("POST", "/invocation/not-a-request/response", b"{}")[0], flush=True)
                print("init-error-late", call("POST", "/init/error", b"{}")[0], flush=True)
                print("too-large", call("POST", f"/invocation/{rid}/response", b"x" * (6 * 1024 * 1024 + 1))[0], flush=True)
                print("answered-late", call("POST", f"/invocation/{rid}/response", b"{}")[0], flush=True)
            elif event.get("fail"):
                call("POST", f"/invocation/{rid}/error", json.dumps({"errorType": "Custom.Failure", "errorMessage": "no"}).encode())
            else:
                answer = {"deadline": r.getheader("Lambda-Runtime-Deadline-Ms"), "arn": r.getheader("Lambda-Runtime-Invoked-Function-Arn"),
                          "trace": r.getheader("Lambda-Runtime-Trace-Id")}
                call("POST", f"/invocation/{rid}/response", json.dumps(answer).encode())
        """
        let zip = directory + "/custom.zip"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let archive = try Archive(url: URL(fileURLWithPath: zip), accessMode: .create)
        let data = Data(bootstrap.utf8)
        try archive.addEntry(with: "bootstrap", type: .file, uncompressedSize: Int64(data.count), permissions: 0o755,
                             provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        let rt = try await runtime(.path(zip), runtime: "provided.al2023", handler: nil, timeout: 7)
        let (_, probed) = await rt.invoke("f", event: ["probe": true])
        #expect(probed == .error("Function.ResponseSizeTooLarge: Response payload size exceeded maximum allowed payload size (6291456 bytes)."))
        for expected in ["wrong-id 400", "init-error-late 403", "too-large 413", "answered-late 400"] {
            _ = try await logLine(containing: expected)
        }
        let (_, failed) = await rt.invoke("f", event: ["fail": true])
        #expect(failed == .error("Custom.Failure: no"))
        let invokedAt = clock.now()
        let o = try object(await rt.invoke("f", event: [:]).outcome)
        #expect(o["deadline"] == .string(String(invokedAt.adding(seconds: 7).millis)), "the deadline is the invocation's start plus Timeout")
        #expect(o["arn"] == .string("arn:aws:lambda:eu-west-1:123456789012:function:f"))
        #expect(o["trace"]?.stringValue?.hasPrefix("Root=1-") == true)
        #expect(await rt.summaries().first?.coldStarts == 1, "errors the runtime reports keep its process")
        await rt.retireAll()
    }

    @Test("update-code swaps the code: warm processes of the old code end, the next invocation runs the new code",
          .enabled(if: ProcessRuntimeTests.hasPython, "python3 is not installed"))
    func updateCode() async throws {
        let rt = try await runtime(.inline("import os\ndef handler(e, c):\n    return {'version': 1, 'pid': os.getpid()}\n"))
        let old = try object(await rt.invoke("f", event: [:]).outcome)
        #expect(old["version"] == .number("1"))
        let dir = directory + "/v2"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "def handler(e, c):\n    return {'version': 2}\n".write(toFile: dir + "/index.py", atomically: true, encoding: .utf8)
        let summary = try await rt.updateCode("f", code: .path(dir))
        #expect(summary.code == dir && summary.runtime == "python3.12")
        if case .number(let pid)? = old["pid"], let p = Int32(pid) { try await gone(p) }
        #expect(try object(await rt.invoke("f", event: [:]).outcome)["version"] == .number("2"))
        await #expect(throws: SQSError.self) { try await rt.updateCode("f", code: .path(directory + "/nowhere")) }
        await rt.retireAll()
    }

    @Test("a Node.js handler: CommonJS exports.handler, an ES module, and a callback-style handler",
          .enabled(if: ProcessRuntimeTests.hasNode, "node is not installed"))
    func node() async throws {
        let cjs = try await runtime(.inline("exports.handler = async (event, context) => ({ got: event.n, fn: context.functionName, mb: context.memoryLimitInMB });\n"),
                                    runtime: "nodejs20.x")
        #expect(try object(await cjs.invoke("f", event: ["n": 1]).outcome) == ["got": 1, "fn": "f", "mb": "128"])
        await cjs.retireAll()
        let dir = directory + "/esm"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "export const handler = async (event) => { throw new TypeError('nope ' + event.n); };\n".write(toFile: dir + "/app.mjs", atomically: true, encoding: .utf8)
        try "exports.cb = (event, context, callback) => { setTimeout(() => callback(null, { later: true }), 5); };\n"
            .write(toFile: dir + "/cb.js", atomically: true, encoding: .utf8)
        let esm = try await runtime(.path(dir), runtime: "nodejs20.x", handler: "app.handler")
        #expect(await esm.invoke("f", event: ["n": 2]).outcome == .error("TypeError: nope 2"))
        await esm.retireAll()
        let cb = try await runtime(.path(dir), runtime: "nodejs20.x", handler: "cb.cb")
        #expect(try object(await cb.invoke("f", event: [:]).outcome) == ["later": true])
        await cb.retireAll()
    }

    @Test("a stream mapping runs a Python function like a built-in: batches of stream records, a failure reported by sequence number retries from it",
          .enabled(if: ProcessRuntimeTests.hasPython, "python3 is not installed"))
    func streamMapping() async throws {
        let dir = directory
        let runner = try await offThePool { try ProcessCodeRunner(directory: dir, region: "us-east-1") }
        let source = """
        def handler(event, context):
            failures = []
            for r in event["Records"]:
                note = r["dynamodb"]["NewImage"]["note"]["S"]
                print("record", r["eventName"], r["dynamodb"]["Keys"]["user_id"]["S"], note, flush=True)
                if note == "bad":
                    failures.append({"itemIdentifier": r["dynamodb"]["SequenceNumber"]})
            return {"batchItemFailures": failures}
        """
        var f = FunctionDefinition(logicalId: "F", name: "f", arn: Fixtures.context.functionArn("f"), runtime: "python3.12",
                                   handlerProperty: "index.handler", code: .inline(source))
        f.handlerCandidates = [HandlerCandidate("f", source: "function name")]
        var d = PipelineDefinition(context: Fixtures.context, queues: [])
        d.tables = [Fixtures.table("users", stream: .newAndOldImages)]
        d.functions = [f]
        d.eventSourceMappings = [Fixtures.streamMapping("M", table: "users", function: "f", reportBatchItemFailures: true)]
        let p = try PipelineRuntime(definition: d, handlers: HandlerRegistry(), clock: clock, codeRunner: runner)
        #expect(await p.functions.summaries().first?.runtime == "python3.12", "a function whose code runs here runs it")
        for (id, note) in [("u1", "fine"), ("u2", "bad"), ("u3", "fine")] {
            _ = try await p.tables.put(table: "users", item: ["user_id": .s(id), "note": .s(note)])
        }
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let started = clock.now()
        let first = try #require(await reports.next())
        #expect(first.size == 3 && first.deleted == 1 && first.failed == 2, "u1 is done; u2 and what follows retry: \(first)")
        _ = try await logLine(containing: "record INSERT u3 fine", in: p.logBook)
        // The retry waits its backoff on the clock, then starts at the reported record.
        try await clock.parked(until: started.adding(seconds: 1))
        clock.advance(seconds: 1)
        let retry = try #require(await reports.next())
        #expect(retry.size == 2, "the retry starts at the reported record: \(retry)")
        await p.stop()
    }

    @Test("code that cannot run is refused with its reason: S3 code, an unsupported runtime, a provided runtime without bootstrap")
    func refusals() async throws {
        let dir = directory
        let runner = try await offThePool { try ProcessCodeRunner(directory: dir, region: "us-east-1") }
        func def(_ runtime: String, _ code: FunctionCode) -> FunctionDefinition {
            FunctionDefinition(logicalId: "F", name: "f", arn: "arn", runtime: runtime, handlerProperty: "index.handler", code: code)
        }
        #expect(!runner.canRun(def("python3.12", .s3(bucket: "b", key: "k.zip", version: nil))))
        #expect(!runner.canRun(def("java21", .inline("class X {}"))))
        #expect(!runner.canRun(def("python3.12", .path("/nonexistent"))))
        #expect(throws: LambdaError.self) { try runner.handler(for: def("java21", .inline("x"))) }
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        #expect(throws: LambdaError.self) { try runner.handler(for: def("provided.al2023", .path(dir + "/empty"))) }
        #expect(LanguageRuntime("python3.9") == .python && LanguageRuntime("nodejs18.x") == .node && LanguageRuntime("provided") == .provided)
        #expect(LanguageRuntime("ruby3.3") == nil && LanguageRuntime(nil) == nil)
    }
}
