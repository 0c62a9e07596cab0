import Foundation

/// The runtimes whose code runs here as processes, from a function's `Runtime`, and how each one is started and
/// held to its `MemorySize`.
enum LanguageRuntime: Sendable, Hashable {
    /// `python3.x`: the project's Python bootstrap on the `python3` of `PATH`; RLIMIT_AS is MemorySize.
    case python
    /// `nodejs*`: the project's Node.js bootstrap on the `node` of `PATH`; V8's heap is capped with
    /// `--max-old-space-size` (an address-space limit cannot hold node: V8 reserves gigabytes of address space up front).
    case node
    /// `provided`, `provided.al2`, `provided.al2023`: the code's own executable `bootstrap`; RLIMIT_AS is MemorySize.
    case provided

    init?(_ runtime: String?) {
        guard let runtime else { return nil }
        if runtime.hasPrefix("python3") { self = .python }
        else if runtime.hasPrefix("nodejs") { self = .node }
        else if runtime == "provided" || runtime.hasPrefix("provided.") { self = .provided }
        else { return nil }
    }

    /// The file CloudFormation writes inline `ZipFile` source to.
    var inlineFileName: String? {
        switch self {
        case .python: return "index.py"
        case .node: return "index.js"
        case .provided: return nil
        }
    }

    /// Whether the function's `Handler` must name a module and a function (`index.handler`).
    var needsHandler: Bool { self != .provided }

    /// What to run for a function whose code is in `directory`: the executable, its arguments and the address-space
    /// limit in bytes (0 for none).
    func command(directory: String, interpreter: String?, bootstraps: Bootstraps, memoryMB: Int) throws(ProcessRuntimeError) -> (String, [String], UInt64) {
        let bytes = UInt64(memoryMB) * 1_048_576
        switch self {
        case .python:
            guard let interpreter else { throw Self.missing("python3") }
            return (interpreter, ["-u", bootstraps.python], bytes)
        case .node:
            guard let interpreter else { throw Self.missing("node") }
            let heap = max(16, memoryMB * 9 / 10)
            return (interpreter, ["--max-old-space-size=\(heap)", bootstraps.node], 0)
        case .provided:
            let bootstrap = (directory as NSString).appendingPathComponent("bootstrap")
            guard FileManager.default.isExecutableFile(atPath: bootstrap) else {
                throw ProcessRuntimeError("Runtime.InvalidEntrypoint: Couldn't find valid bootstrap(s): [\(bootstrap)]")
            }
            return (bootstrap, [], bytes)
        }
    }

    /// The interpreter this runtime needs, if any (`python3`, `node`).
    var interpreterName: String? {
        switch self {
        case .python: return "python3"
        case .node: return "node"
        case .provided: return nil
        }
    }

    static func missing(_ name: String) -> ProcessRuntimeError {
        ProcessRuntimeError("Runtime.InvalidEntrypoint: \(name) is not on PATH; install it to run this function's code, or bind the function to a built-in handler (--handler)")
    }

    /// An executable on `PATH`, as an absolute path.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The interpreter's real executable: `sys.executable` for Python, so that a version manager's shim (pyenv)
    /// is not run on every cold start; `node` as found on `PATH`. `nil` when it is not installed.
    static func resolveInterpreter(_ runtime: LanguageRuntime) -> String? {
        guard let name = runtime.interpreterName, let found = which(name) else { return nil }
        guard runtime == .python else { return found }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: found)
        process.arguments = ["-c", "import sys; print(sys.executable)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let path = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
}
