import Foundation
import IngestCore
import Synchronization

/// One invocation as the Runtime API hands it to a runtime.
struct RuntimeInvocation: Sendable {
    var requestId: String
    var event: [UInt8]
    /// Lambda-Runtime-Deadline-Ms: when the invocation times out, in epoch milliseconds.
    var deadlineMillis: Int64
    var functionArn: String
    var traceId: String
}

/// What the runtime posted for an invocation.
enum RuntimeReply: Sendable {
    case response([UInt8])
    case error(type: String, message: String)
}

/// A function error, an init error or a runtime's exit, with Lambda's error type (`Runtime.ExitError`,
/// `Runtime.ImportModuleError`, the handler's own exception class).
struct FunctionError: Error, Sendable, CustomStringConvertible {
    var type: String
    var message: String

    var description: String { "\(type): \(message)" }
}

/// Where an environment's output lines go: the log book, under the request id of the invocation it is running
/// (the one that started it, during init). Lines are written from the process's reader thread, in order.
final class LineSink: Sendable {
    private let logger: Mutex<any FunctionLogger>

    init(_ logger: any FunctionLogger) { self.logger = Mutex(logger) }

    func use(_ next: any FunctionLogger) { logger.withLock { $0 = next } }

    /// A stdout line keeps the level Python's logging prints (`[ERROR]`, `[WARNING]`); stderr is an error.
    func line(_ stream: OutputStream, _ text: String) {
        let level: LogLevel
        switch stream {
        case .stderr: level = .error
        case .stdout:
            if text.hasPrefix("[ERROR]") || text.hasPrefix("[CRITICAL]") { level = .error }
            else if text.hasPrefix("[WARNING]") { level = .warn }
            else if text.hasPrefix("[DEBUG]") { level = .debug }
            else { level = .info }
        }
        logger.withLock { $0 }.log(level, text)
    }
}

/// One execution environment: a runtime process and the Runtime API it polls, on a loopback port of its own (so
/// each process is told apart by the address it was given). It hands one invocation at a time to the runtime and
/// waits for its response, its error, or the process's end.
actor ExecutionEnvironment {
    enum Phase { case starting, initializing, idle, invoking, dead }

    /// The largest response or error payload the Runtime API takes (6 MB, as Lambda's synchronous limit).
    static let maxPayload = 6 * 1_048_576

    nonisolated let sink: LineSink
    private(set) var phase = Phase.starting
    private var process: ChildProcess?
    private var server: RuntimeAPIServer?
    private var ready: CheckedContinuation<Void, any Error>?
    private var nextWaiter: CheckedContinuation<RuntimeInvocation?, Never>?
    private var queued: RuntimeInvocation?
    private var current: (id: String, reply: CheckedContinuation<RuntimeReply, any Error>)?
    private var exitStatus: ExitStatus?
    /// An init error the runtime posted before `start` began to wait for it.
    private var initFailure: FunctionError?

    init(sink: LineSink) { self.sink = sink }

    /// Starts the Runtime API and the runtime process, and waits until the runtime asks for its first invocation
    /// (the end of Lambda's init phase). Throws the init error the runtime posted, or its exit.
    func start(_ launch: Launch) async throws {
        let server = try await RuntimeAPIServer.start(environment: self)
        guard phase == .starting else {
            server.stop()
            throw CancellationError()
        }
        self.server = server
        var environment = launch.environment
        environment["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:\(server.port)"
        let sink = self.sink
        // Init starts before the process exists: a runtime may ask for its first invocation (or post an init error)
        // before the spawn below returns.
        phase = .initializing
        do {
            process = try await ChildProcess.start(
                executable: launch.executable, arguments: launch.arguments, environment: environment, directory: launch.directory,
                addressSpaceBytes: launch.addressSpaceBytes, onLine: { sink.line($0, $1) },
                onExit: { status in Task { await self.exited(status) } })
        } catch {
            kill()
            throw FunctionError(type: "Runtime.InvalidEntrypoint", message: error.message)
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            switch phase {
            case .initializing:
                if let failure = initFailure { continuation.resume(throwing: failure) } else { ready = continuation }
            case .idle, .invoking:
                continuation.resume()
            case .dead, .starting:
                // Stopped, or the process ended, while it started.
                process?.kill()
                continuation.resume(throwing: initFailure ?? exitStatus.map {
                    FunctionError(type: "Runtime.ExitError", message: "Runtime exited with error: \($0)")
                } ?? CancellationError())
            }
        }
    }

    /// Runs one invocation: hands it to the runtime's pending `next` (or keeps it for the next one) and waits for the
    /// runtime's answer. Throws `FunctionError` when the process ends first.
    func invoke(_ invocation: RuntimeInvocation) async throws -> RuntimeReply {
        guard phase == .idle else { throw FunctionError(type: "Runtime.ExitError", message: "the execution environment is not ready") }
        phase = .invoking
        return try await withCheckedThrowingContinuation { continuation in
            current = (invocation.requestId, continuation)
            if let waiter = nextWaiter {
                nextWaiter = nil
                waiter.resume(returning: invocation)
            } else {
                queued = invocation
            }
        }
    }

    /// The peak resident memory of the process, in MB.
    func maxMemoryUsedMB() -> Int? { process?.maxMemoryUsedMB() }

    var isAlive: Bool { phase != .dead }

    /// Ends the environment: kills the process group, fails what waits, stops the Runtime API.
    func kill() {
        process?.kill()
        defer {
            server?.stop()
            server = nil
        }
        guard phase != .dead else { return }
        phase = .dead
        let reason = FunctionError(type: "Runtime.ExitError", message: "Runtime exited: the execution environment was stopped")
        ready?.resume(throwing: CancellationError())
        ready = nil
        current?.reply.resume(throwing: reason)
        current = nil
        nextWaiter?.resume(returning: nil)
        nextWaiter = nil
    }

    // MARK: - The Runtime API's side

    /// `GET /runtime/invocation/next`: the end of init on the first call; then the next invocation, when there is one.
    /// `nil` when the environment ends while waiting.
    func next() async -> RuntimeInvocation? {
        switch phase {
        case .dead, .starting: return nil
        case .initializing:
            phase = .idle
            ready?.resume()
            ready = nil
        case .invoking where queued == nil:
            // Asking again without answering fails the invocation in flight, as Lambda does.
            if let c = current {
                current = nil
                phase = .idle
                c.reply.resume(returning: .error(type: "Runtime.InvalidState", message: "the runtime asked for the next invocation without answering request \(c.id)"))
            }
        case .idle, .invoking: break
        }
        if let queued {
            self.queued = nil
            return queued
        }
        if let old = nextWaiter { old.resume(returning: nil) }
        return await withCheckedContinuation { nextWaiter = $0 }
    }

    /// `POST /runtime/invocation/{id}/response` (or `/error` with `error` set). Answers the status the Runtime API
    /// documents: 202, 400 for a request id that is not in flight, 413 for a payload over 6 MB (the invocation then
    /// fails with `Function.ResponseSizeTooLarge`).
    func answer(_ requestId: String, payload: [UInt8]?, error: (type: String, message: String)?) -> RuntimeAPIStatus {
        guard let c = current, c.id == requestId else { return .invalidRequestId }
        current = nil
        phase = .idle
        guard let payload else {
            c.reply.resume(returning: .error(type: "Function.ResponseSizeTooLarge",
                                             message: "Response payload size exceeded maximum allowed payload size (\(Self.maxPayload) bytes)."))
            return .payloadTooLarge
        }
        if let error { c.reply.resume(returning: .error(type: error.type, message: error.message)) } else { c.reply.resume(returning: .response(payload)) }
        return .accepted
    }

    /// `POST /runtime/init/error`: the runtime could not load the function. Only during init (403 after it).
    func initError(type: String, message: String) -> RuntimeAPIStatus {
        guard phase == .initializing, initFailure == nil else { return .forbidden }
        let failure = FunctionError(type: type, message: message)
        if let ready {
            self.ready = nil
            ready.resume(throwing: failure)
        } else {
            initFailure = failure
        }
        return .accepted
    }

    /// The process ended: whatever waits fails with its exit, as `Runtime.ExitError`.
    private func exited(_ status: ExitStatus) {
        exitStatus = status
        phase = .dead
        let error = FunctionError(type: "Runtime.ExitError", message: "Runtime exited with error: \(status)")
        ready?.resume(throwing: error)
        ready = nil
        current?.reply.resume(throwing: error)
        current = nil
        nextWaiter?.resume(returning: nil)
        nextWaiter = nil
        server?.stop()
        server = nil
    }
}

/// The answers of the Runtime API's POST routes.
enum RuntimeAPIStatus: Sendable {
    case accepted, invalidRequestId, payloadTooLarge, forbidden
}

/// How an execution environment's process is started.
struct Launch: Sendable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var directory: String
    var addressSpaceBytes: UInt64
}
