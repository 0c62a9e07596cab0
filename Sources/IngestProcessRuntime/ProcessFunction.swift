import Foundation
import IngestCore
import Synchronization

/// A function's own code, run as processes: a pool of warm execution environments, one per concurrent invocation,
/// reused; a cold start when none is idle (Lambda's init phase, timed as `Init Duration`); an environment whose
/// invocation timed out, was cancelled or whose process ended is killed and replaced by the next cold start. A new
/// `ProcessFunction` replaces this one when the code or configuration changes, and `retire()` ends this one's
/// environments: idle ones at once, busy ones after their invocation.
final class ProcessFunction: Handler {
    let definition: FunctionDefinition
    let launch: Launch
    let runtimeName: String
    let endpoint: EndpointBox
    private let pool = Mutex(Pool())

    struct Pool {
        var idle: [ExecutionEnvironment] = []
        var leased: [String: ExecutionEnvironment] = [:]
        var memory: [String: Int] = [:]
        var retired = false
    }

    init(definition: FunctionDefinition, launch: Launch, endpoint: EndpointBox) {
        self.definition = definition
        self.launch = launch
        self.endpoint = endpoint
        self.runtimeName = definition.runtime ?? "provided"
    }

    var hasInitPhase: Bool { true }

    func prepare(context: InvocationContext) async throws -> Double? {
        // A warm environment, unless its process ended while it was idle.
        while let warm = pool.withLock({ $0.idle.popLast() }) {
            guard await warm.isAlive else {
                await warm.kill()
                continue
            }
            pool.withLock { $0.leased[context.requestId] = warm }
            warm.sink.use(context.logger)
            return nil
        }
        let started = ContinuousClock.now
        let env = ExecutionEnvironment(sink: LineSink(context.logger))
        context.logger.info("INIT_START Runtime Version: \(runtimeName) Runtime: \((launch.executable as NSString).lastPathComponent) Handler: \(definition.handlerProperty ?? "bootstrap")")
        var launch = self.launch
        // The function's own AWS_ENDPOINT_URL wins; otherwise its SDK calls reach this engine.
        if launch.environment["AWS_ENDPOINT_URL"] == nil, let url = endpoint.value { launch.environment["AWS_ENDPOINT_URL"] = url }
        try await Self.ending(env) { [launch] in try await env.start(launch) }
        pool.withLock { $0.leased[context.requestId] = env }
        return (ContinuousClock.now - started).milliseconds
    }

    func handle(_ event: JSONValue, context: InvocationContext) async throws -> JSONValue? {
        guard let env = pool.withLock({ $0.leased.removeValue(forKey: context.requestId) }) else {
            throw HandlerError("no execution environment was prepared for request \(context.requestId)")
        }
        let payload = Array(event.serialized(sortedKeys: false).utf8)
        guard payload.count <= ExecutionEnvironment.maxPayload else {
            await release(env)
            throw FunctionError(type: "RequestEntityTooLargeException",
                                message: "Request must be smaller than \(ExecutionEnvironment.maxPayload) bytes for the InvokeFunction operation")
        }
        let invocation = RuntimeInvocation(requestId: context.requestId, event: payload, deadlineMillis: context.deadline.millis,
                                           functionArn: context.functionArn, traceId: Self.traceId(context.clock.now()))
        // A timeout or a stop cancels it, or the process ends: either way this environment is done.
        let reply = try await Self.ending(env) { try await env.invoke(invocation) }
        if let used = await env.maxMemoryUsedMB() { pool.withLock { $0.memory[context.requestId] = used } }
        await release(env)
        switch reply {
        case .response(let bytes):
            if bytes.isEmpty { return nil }
            if let value = try? JSONValue.parse(bytes: bytes) { return value == .null ? nil : value }
            return .string(String(decoding: bytes, as: UTF8.self))
        case .error(let type, let message):
            throw FunctionError(type: type, message: message)
        }
    }

    func abandon(context: InvocationContext) async {
        if let env = pool.withLock({ $0.leased.removeValue(forKey: context.requestId) }) { await release(env) }
    }

    func maxMemoryUsedMB(context: InvocationContext) -> Int? {
        pool.withLock { $0.memory.removeValue(forKey: context.requestId) }
    }

    func retire() async {
        let idle: [ExecutionEnvironment] = pool.withLock { p in
            p.retired = true
            defer { p.idle = [] }
            return p.idle
        }
        for env in idle { await env.kill() }
    }

    /// Runs `body` on `env`; when the task is cancelled (a timeout, a stop) or `body` throws, the environment ends.
    static func ending<T: Sendable>(_ env: ExecutionEnvironment, _ body: @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withTaskCancellationHandler(operation: body, onCancel: { Task { await env.kill() } })
        } catch {
            await env.kill()
            throw error
        }
    }

    /// Puts a healthy environment back in the pool, or ends it when the function was retired.
    private func release(_ env: ExecutionEnvironment) async {
        guard await env.isAlive else { return }
        let keep = pool.withLock { p in
            if p.retired { return false }
            p.idle.append(env)
            return true
        }
        if !keep { await env.kill() }
    }

    /// An X-Ray trace header in Lambda's form: `Root=1-<epoch hex>-<24 hex>;Parent=<16 hex>;Sampled=0`.
    static func traceId(_ now: Timestamp) -> String {
        func hex(_ n: Int) -> String { (0..<n).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined() }
        return "Root=1-\(String(now.epochSeconds, radix: 16))-\(hex(24));Parent=\(hex(16));Sampled=0"
    }
}
