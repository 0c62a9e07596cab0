import Foundation
import IngestCore
import Synchronization

/// Runs functions' own code as processes through the Lambda Runtime API: Python and Node.js with the project's
/// bootstraps, `provided` runtimes with the code's own `bootstrap`. The host makes one per engine and gives it to
/// the pipeline; the function runtime asks it for a handler whenever a function's code or configuration changes.
public final class ProcessCodeRunner: FunctionCodeRunner {
    let bootstraps: Bootstraps
    let scratch: String
    let region: String
    /// The interpreters found on `PATH`, looked up the first time a function needs one (`nil`: not installed).
    private let interpreters = Mutex<[LanguageRuntime: String?]>([:])
    let awsEndpoint = EndpointBox()

    /// Writes the bootstraps into `directory` and clears the code it extracted last time.
    public init(directory: String, region: String) throws {
        do { bootstraps = try Bootstraps.install(in: directory) } catch { throw LambdaError(code: "ServiceException", message: error.message) }
        scratch = (directory as NSString).appendingPathComponent("code")
        try? FileManager.default.removeItem(atPath: scratch)
        self.region = region
    }

    /// The interpreter a runtime needs, resolved once (Python's takes a short run of `python3`, so an engine whose
    /// functions need none never starts one).
    func interpreter(_ runtime: LanguageRuntime) -> String? {
        if let known = interpreters.withLock({ $0[runtime] }) { return known }
        let found = LanguageRuntime.resolveInterpreter(runtime)
        interpreters.withLock { $0[runtime] = .some(found) }
        return found
    }

    /// The engine's AWS endpoint, which functions reach through `AWS_ENDPOINT_URL` (`nil` when it does not listen).
    public func setAWSEndpoint(_ url: String?) { awsEndpoint.set(url) }

    public func canRun(_ function: FunctionDefinition) -> Bool {
        guard let runtime = LanguageRuntime(function.runtime) else { return false }
        if runtime.needsHandler, function.handlerProperty?.isEmpty ?? true { return false }
        guard CodePackage.isPresent(function.code) else { return false }
        return runtime.interpreterName == nil || interpreter(runtime) != nil
    }

    public func handler(for function: FunctionDefinition) throws -> any Handler {
        guard let runtime = LanguageRuntime(function.runtime) else {
            throw LambdaError.invalidParameterValue("runtime \(function.runtime ?? "none") does not run here (python3.x, nodejs*, provided, provided.al2, provided.al2023 do)")
        }
        do {
            let package = try CodePackage.prepare(function, runtime: runtime, scratch: scratch)
            let (executable, arguments, limit) = try runtime.command(directory: package.directory, interpreter: interpreter(runtime),
                                                                     bootstraps: bootstraps, memoryMB: function.memorySizeMB)
            let launch = Launch(executable: executable, arguments: arguments, environment: environment(function, directory: package.directory),
                                directory: package.directory, addressSpaceBytes: limit)
            return ProcessFunction(definition: function, launch: launch, endpoint: awsEndpoint)
        } catch {
            throw LambdaError.invalidParameterValue(error.message)
        }
    }

    /// The environment Lambda gives a function's process, then the function's own `Environment.Variables`.
    func environment(_ f: FunctionDefinition, directory: String) -> [String: String] {
        let host = ProcessInfo.processInfo.environment
        var env: [String: String] = [
            "PATH": host["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "LANG": "en_US.UTF-8",
            "TZ": ":UTC",
            "AWS_LAMBDA_FUNCTION_NAME": f.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(f.memorySizeMB),
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/\(f.name)",
            "AWS_LAMBDA_LOG_STREAM_NAME": Self.logStreamName(),
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "AWS_EXECUTION_ENV": "AWS_Lambda_\(f.runtime ?? "provided")",
            "_HANDLER": f.handlerProperty ?? "",
            "LAMBDA_TASK_ROOT": directory,
            "LAMBDA_RUNTIME_DIR": (bootstraps.python as NSString).deletingLastPathComponent,
            // Credentials that sign requests to the engine's own endpoint; they reach no real account.
            "AWS_ACCESS_KEY_ID": "ingest-local",
            "AWS_SECRET_ACCESS_KEY": "ingest-local-secret",
            "AWS_SESSION_TOKEN": "ingest-local-session",
            "PYTHONUNBUFFERED": "1",
            // A function's code directory is its deployment package: nothing is written into it (Lambda's is read-only).
            "PYTHONDONTWRITEBYTECODE": "1",
        ]
        for (k, v) in f.environment { env[k] = v }
        return env
    }

    /// `2026/12/06/[$LATEST]` and 32 hex digits, as Lambda names an environment's log stream.
    static func logStreamName() -> String {
        let day = Date().formatted(.iso8601.year().month().day().dateSeparator(.dash)).replacingOccurrences(of: "-", with: "/")
        return "\(day)/[$LATEST]" + (0..<32).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
    }
}

/// The engine's AWS endpoint URL, known once it listens; each new execution environment reads it.
final class EndpointBox: Sendable {
    private let url = Mutex<String?>(nil)

    func set(_ value: String?) { url.withLock { $0 = value } }
    var value: String? { url.withLock { $0 } }
}
