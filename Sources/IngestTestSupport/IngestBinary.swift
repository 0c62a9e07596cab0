import Foundation

/// Runs the real `ingest` executable for end-to-end tests.
public enum IngestBinary {
    /// The built binary: `INGEST_BIN`, else next to the test bundle, else `.build/debug/ingest`.
    public static var path: String {
        if let p = ProcessInfo.processInfo.environment["INGEST_BIN"], !p.isEmpty { return p }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("ingest").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug/ingest"
    }

    /// The result of one command.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `ingest args...` to completion.
    public static func run(_ args: [String], environment: [String: String] = [:]) async throws -> Result {
        let path = path
        return try await offThePool { try execute(path, args, environment: environment) }
    }

    /// Runs another program found on `PATH` (a client such as `python3` or `aws`) to completion.
    public static func runTool(_ command: [String], environment: [String: String] = [:]) async throws -> Result {
        try await offThePool { try execute("/usr/bin/env", command, environment: environment) }
    }

    /// Whether a program exits 0, waiting on the calling thread: for a test's `.enabled(if:)` traits and
    /// static probes (is boto3 installed?), evaluated before any test runs, never inside one.
    public static func probe(_ command: [String]) -> Bool {
        (try? execute("/usr/bin/env", command, environment: [:]).status) == 0
    }

    /// Runs `executable` to completion on the calling thread (call it off the cooperative pool: `offThePool`), with
    /// `input` on its stdin.
    public static func execute(_ executable: String, _ args: [String], environment: [String: String] = [:], input: Data? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        // Output goes to files, not pipes: a pipe's end of file waits for every process holding its write end, and
        // a process another test spawns at the same moment (an engine that runs for minutes) can inherit it.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-run-\(UUID().uuidString)").path
        let outPath = base + ".out", errPath = base + ".err", inPath = base + ".in"
        defer {
            for path in [outPath, errPath, inPath] { try? FileManager.default.removeItem(atPath: path) }
        }
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath) else {
            throw CocoaError(.fileWriteUnknown)
        }
        p.standardOutput = out
        p.standardError = err
        if let input {
            _ = FileManager.default.createFile(atPath: inPath, contents: input)
            p.standardInput = FileHandle(forReadingAtPath: inPath)
        } else {
            p.standardInput = FileHandle.nullDevice
        }
        do {
            try p.run()
        } catch {
            try? out.close()
            try? err.close()
            throw error
        }
        // Waits for this pid itself: Foundation notices an exit when a socket it gave the child closes, and a process
        // another test spawns at the same moment (an engine that runs for minutes) can inherit that socket too.
        // When Foundation reaped it first (ECHILD), its own status is already there.
        var raw: Int32 = 0
        var reaped: Int32
        repeat { reaped = waitpid(p.processIdentifier, &raw, 0) } while reaped < 0 && errno == EINTR
        let status: Int32
        if reaped == p.processIdentifier {
            status = (raw & 0x7F) == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
        } else {
            p.waitUntilExit()
            status = p.terminationStatus
        }
        try? out.close()
        try? err.close()
        func text(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
        return Result(status: status, stdout: text(outPath), stderr: text(errPath))
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory(_ prefix: String = "ingest-test") -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }
}

/// An `ingest up` process running in the background for a test.
public final class EngineProcess: @unchecked Sendable {
    // @unchecked: `process` and the output files are set once in init and only read afterwards.
    public let dataDirectory: String
    let process: Process
    let logPath: String

    /// Starts `ingest up --headless` on a temporary data directory and a free port.
    public init(arguments: [String] = [], dataDirectory: String? = nil) throws {
        self.dataDirectory = dataDirectory ?? IngestBinary.temporaryDirectory()
        logPath = self.dataDirectory + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)!
        process = Process()
        process.executableURL = URL(fileURLWithPath: IngestBinary.path)
        // A free port on loopback, unless the test says where to listen.
        let listen = arguments.contains("--listen") ? [] : ["--port", "0"]
        // The AWS endpoint's default port (4566) is shared by every engine: off unless the test asks for one.
        let aws = arguments.contains("--aws-listen") ? [] : ["--aws-listen", "off"]
        process.arguments = ["up", "--headless", "--data-dir", self.dataDirectory] + listen + aws + arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// What the engine printed so far.
    public var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Polls `ingest keys` until the engine answers, or fails after `seconds`.
    public func waitUntilReady(seconds: Double = 60) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        var attempts = 0
        while Date() < deadline {
            guard process.isRunning else { throw EngineProcessError.exited(process.terminationStatus, output) }
            let started = Date()
            let r = try await IngestBinary.run(["keys", "--json", "--data-dir", dataDirectory])
            if r.status == 0, r.stdout.contains("://") { return r.stdout }
            attempts += 1
            last = String(format: "ingest keys (attempt %d, %.1f s) exited %d: %@", attempts, Date().timeIntervalSince(started), r.status, r.stderr)
            try await Task.sleep(for: .milliseconds(100))
        }
        throw EngineProcessError.notReady(output + "\n" + last)
    }

    /// The first word after `label` on a line of the engine's output (the banner's `control   URL`), once printed.
    public func waitForBanner(_ label: String, seconds: Double = 60) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            for line in output.split(separator: "\n") {
                let words = line.split(separator: " ")
                if words.first.map(String.init) == label, words.count > 1, words[1].contains("://") { return String(words[1]) }
            }
            guard process.isRunning else { throw EngineProcessError.exited(process.terminationStatus, output) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw EngineProcessError.notReady(output)
    }

    /// Runs a CLI command against this engine's data directory.
    public func cli(_ args: [String]) async throws -> IngestBinary.Result {
        try await IngestBinary.run(args + ["--data-dir", dataDirectory])
    }

    /// Kills the engine with SIGKILL, as a crash or a power cut of the process would, and waits for it.
    public func kill9() async {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let process = process
        _ = try? await offThePool { process.waitUntilExit() }
    }

    /// Sends SIGTERM and waits for the exit status.
    @discardableResult
    public func stop() async -> Int32 {
        if process.isRunning { process.terminate() }
        let process = process
        return (try? await offThePool { process.waitUntilExit(); return process.terminationStatus }) ?? -1
    }

    /// Sends SIGTERM without waiting (for `defer`, where a test cannot await).
    public func terminate() {
        if process.isRunning { process.terminate() }
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

public enum EngineProcessError: Error, CustomStringConvertible {
    case exited(Int32, String)
    case notReady(String)
    public var description: String {
        switch self {
        case .exited(let s, let o): return "engine exited with \(s):\n\(o)"
        case .notReady(let o): return "engine not ready in time:\n\(o)"
        }
    }
}
