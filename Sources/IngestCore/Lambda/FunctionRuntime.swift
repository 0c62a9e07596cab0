/// How one invocation ended.
public enum InvocationOutcome: Sendable, Hashable {
    /// The handler returned (its result may still report per-item failures).
    case success(JSONValue?)
    /// The handler threw: a function error.
    case error(String)
    /// The handler ran past the function's timeout.
    case timeout
    /// No concurrency was available (reserved concurrency reached).
    case throttled
    /// The caller abandoned the invocation (a stream replay or a stop): neither a success nor an error.
    case cancelled

    public var isFunctionError: Bool {
        switch self {
        case .error, .timeout: return true
        default: return false
        }
    }
}

/// A function as the status views show it.
public struct FunctionSummary: Sendable, Hashable, Codable {
    public var name: String
    public var handler: String
    public var handlerSource: String
    public var timeoutSeconds: Int
    public var memorySizeMB: Int
    public var reservedConcurrency: Int?
    public var environment: [String: String]
    public var running: Int
    public var invocations: Int
    public var errors: Int
    public var timeouts: Int
    public var throttles: Int
    /// Durations of recent invocations in milliseconds (p50, p99 over the last 1,000).
    public var durationP50: Double?
    public var durationP99: Double?
    /// The `Runtime` a function that runs its own code runs (`python3.12`), and its `Handler`; `nil` for built-ins.
    public var runtime: String?
    public var runtimeHandler: String?
    /// Where that code is (a path, or `inline (ZipFile)`).
    public var code: String?
    /// Cold starts: execution environments started, and their init durations (p50, p99) in milliseconds.
    public var coldStarts: Int?
    public var initP50: Double?
    public var initP99: Double?

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(name: String, handler: String, handlerSource: String, timeoutSeconds: Int, memorySizeMB: Int, reservedConcurrency: Int? = nil, environment: [String: String], running: Int, invocations: Int, errors: Int, timeouts: Int, throttles: Int, durationP50: Double? = nil, durationP99: Double? = nil, runtime: String? = nil, runtimeHandler: String? = nil, code: String? = nil, coldStarts: Int? = nil, initP50: Double? = nil, initP99: Double? = nil) {
        self.name = name
        self.handler = handler
        self.handlerSource = handlerSource
        self.timeoutSeconds = timeoutSeconds
        self.memorySizeMB = memorySizeMB
        self.reservedConcurrency = reservedConcurrency
        self.environment = environment
        self.running = running
        self.invocations = invocations
        self.errors = errors
        self.timeouts = timeouts
        self.throttles = throttles
        self.durationP50 = durationP50
        self.durationP99 = durationP99
        self.runtime = runtime
        self.runtimeHandler = runtimeHandler
        self.code = code
        self.coldStarts = coldStarts
        self.initP50 = initP50
        self.initP99 = initP99
    }
}

/// Runs functions: picks the handler, enforces timeout and reserved concurrency, writes START/END/REPORT
/// lines to the log book and reports `AWS/Lambda` metrics.
public actor FunctionRuntime {
    struct State {
        var definition: FunctionDefinition
        var handler: any Handler
        var running = 0
        var invocations = 0
        var errors = 0
        var timeouts = 0
        var throttles = 0
        var durations: [Double] = []
        var initDurations: [Double] = []
    }

    /// How long Lambda's init phase may take before the invocation fails (on-demand functions: 10 s).
    public static let initLimitSeconds = 10

    public nonisolated let clock: any EngineClock
    let tables: any TableAccess
    public nonisolated let logBook: LogBook
    let metrics: any MetricSink
    /// The handlers a function can be bound to.
    public nonisolated let handlers: HandlerRegistry
    /// Runs functions bound to their own code (`FunctionDefinition.codeHandler`); `nil` runs built-ins only.
    public nonisolated let codeRunner: (any FunctionCodeRunner)?
    var functions: [String: State] = [:]
    var ids = MessageIDGenerator()

    public init(functions: [FunctionDefinition], handlers: HandlerRegistry, tables: any TableAccess, logBook: LogBook, metrics: any MetricSink,
                clock: any EngineClock, codeRunner: (any FunctionCodeRunner)? = nil) throws {
        self.clock = clock
        self.handlers = handlers
        self.tables = tables
        self.logBook = logBook
        self.metrics = metrics
        self.codeRunner = codeRunner
        for f in functions {
            self.functions[f.name] = State(definition: f, handler: try Self.makeHandler(f, handlers: handlers, codeRunner: codeRunner))
        }
    }

    /// The handler a definition is bound to: its own code through the code runner, or a built-in by name.
    static func makeHandler(_ f: FunctionDefinition, handlers: HandlerRegistry, codeRunner: (any FunctionCodeRunner)?) throws -> any Handler {
        guard f.handler == FunctionDefinition.codeHandler else { return try handlers.make(f.handler, environment: f.environment) }
        guard let codeRunner else { throw LambdaError.invalidParameterValue("function \(f.name) runs its own code, but this engine runs built-in handlers only") }
        return try codeRunner.handler(for: f)
    }

    /// The definition of a function by name or ARN.
    public func definition(_ ref: String) -> FunctionDefinition? { state(ref)?.definition }

    func state(_ ref: String) -> State? { functions[ref] ?? functions.values.first { $0.definition.arn == ref } }

    /// Invokes a function with an AWS-shaped event. Returns the request id and the outcome.
    public func invoke(_ ref: String, event: JSONValue) async -> (requestId: String, outcome: InvocationOutcome) {
        let requestId = ids.uuid()
        guard let s = state(ref) else { return (requestId, .error("ResourceNotFoundException: Function not found: \(ref)")) }
        let name = s.definition.name
        let now = clock.now()
        let dims = ["FunctionName": name]
        if let reserved = s.definition.reservedConcurrency, s.running >= reserved {
            functions[name]!.throttles += 1
            metrics.record(namespace: "AWS/Lambda", name: "Throttles", dimensions: dims, value: 1, at: now)
            logBook.append(level: .warn, source: name, requestId: requestId, message: "throttled: \(s.running) of \(reserved) reserved concurrent executions in use", at: now)
            return (requestId, .throttled)
        }
        functions[name]!.running += 1
        functions[name]!.invocations += 1
        metrics.record(namespace: "AWS/Lambda", name: "Invocations", dimensions: dims, value: 1, at: now)
        metrics.record(namespace: "AWS/Lambda", name: "ConcurrentExecutions", dimensions: dims, value: Double(functions[name]!.running), at: now)
        let def = s.definition
        let context = InvocationContext(
            functionName: name, functionArn: def.arn, requestId: requestId, environment: def.environment,
            deadline: now.adding(seconds: def.timeoutSeconds), memoryLimitMB: def.memorySizeMB, clock: clock,
            logger: logBook.logger(source: name, requestId: requestId, clock: clock), tables: tables)
        let prepared = await Self.prepare(s.handler, context: context, clock: clock)
        var initMs: Double?
        switch prepared {
        case .warm: break
        case .ready(let ms):
            initMs = ms
            functions[name]!.initDurations.append(ms)
            if functions[name]!.initDurations.count > 1_000 { functions[name]!.initDurations.removeFirst() }
        case .failure(let message), .cancelled(let message):
            let at = clock.now()
            logBook.append(level: .info, source: name, requestId: requestId, message: "START RequestId: \(requestId) Version: $LATEST", at: at)
            let outcome: InvocationOutcome = if case .failure = prepared { .error(message) } else { .cancelled }
            return finish(name, requestId: requestId, def: def, invokeStart: at, outcome: outcome, initMs: nil, memory: nil)
        }
        let invokeStart = clock.now()
        logBook.append(level: .info, source: name, requestId: requestId, message: "START RequestId: \(requestId) Version: $LATEST", at: invokeStart)
        var timed = context
        timed.deadline = invokeStart.adding(seconds: def.timeoutSeconds)
        let outcome = await Self.run(s.handler, event: event, context: timed, clock: clock)
        return finish(name, requestId: requestId, def: def, invokeStart: invokeStart, outcome: outcome, initMs: initMs,
                      memory: s.handler.maxMemoryUsedMB(context: timed))
    }

    /// Counts, meters and logs the end of an invocation (END and REPORT), and returns its outcome.
    func finish(_ name: String, requestId: String, def: FunctionDefinition, invokeStart: Timestamp, outcome: InvocationOutcome,
                initMs: Double?, memory: Int?) -> (requestId: String, outcome: InvocationOutcome) {
        let dims = ["FunctionName": name]
        let end = clock.now()
        let duration = Double(end.millis(since: invokeStart))
        functions[name]!.running -= 1
        functions[name]!.durations.append(duration)
        if functions[name]!.durations.count > 1_000 { functions[name]!.durations.removeFirst(functions[name]!.durations.count - 1_000) }
        metrics.record(namespace: "AWS/Lambda", name: "Duration", dimensions: dims, value: duration, at: end)
        switch outcome {
        case .error(let message):
            functions[name]!.errors += 1
            metrics.record(namespace: "AWS/Lambda", name: "Errors", dimensions: dims, value: 1, at: end)
            logBook.append(level: .error, source: name, requestId: requestId, message: "function error: \(message)", at: end)
        case .timeout:
            functions[name]!.errors += 1
            functions[name]!.timeouts += 1
            metrics.record(namespace: "AWS/Lambda", name: "Errors", dimensions: dims, value: 1, at: end)
            logBook.append(level: .error, source: name, requestId: requestId, message: "Task timed out after \(def.timeoutSeconds).00 seconds", at: end)
        default: break
        }
        logBook.append(level: .info, source: name, requestId: requestId, message: "END RequestId: \(requestId)", at: end)
        let status = outcome == .timeout ? "timeout" : outcome == .cancelled ? "cancelled" : (outcome.isFunctionError ? "error" : "success")
        logBook.append(level: .info, source: name, requestId: requestId,
                       message: "REPORT RequestId: \(requestId) Duration: \(Int(duration)) ms Billed Duration: \(max(1, Int(duration))) ms Memory Size: \(def.memorySizeMB) MB"
                           + (memory.map { " Max Memory Used: \($0) MB" } ?? "") + (initMs.map { String(format: " Init Duration: %.2f ms", $0) } ?? "")
                           + " Status: \(status)",
                       at: end)
        return (requestId, outcome)
    }

    enum Prepared {
        case warm, ready(Double), failure(String), cancelled(String)
    }

    /// Lambda's init phase: the handler readies an environment within `initLimitSeconds` on the clock. A failure is the
    /// invocation's function error, logged as INIT_REPORT.
    static func prepare(_ handler: any Handler, context: InvocationContext, clock: any EngineClock) async -> Prepared {
        guard handler.hasInitPhase else { return .warm }
        let started = clock.now()
        let limit = started.adding(seconds: initLimitSeconds)
        let result: Result<Double?, any Error>? = await withTaskGroup(of: Result<Double?, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await handler.prepare(context: context)) } catch is CancellationError { return nil } catch { return .failure(error) }
            }
            group.addTask {
                do {
                    try await clock.sleep(until: limit)
                    return .failure(HandlerError("Runtime.InitTimeout: init did not finish within \(initLimitSeconds) seconds"))
                } catch { return nil }
            }
            var first: Result<Double?, any Error>?
            while let next = await group.next() {
                if let next { first = next; break }
            }
            group.cancelAll()
            // An init that finished just as the limit passed set an environment aside for nothing.
            while let late = await group.next() {
                if case .success(.some)? = late, case .failure? = first { await handler.abandon(context: context) }
            }
            return first
        }
        switch result {
        case .success(nil)?: return .warm
        case .success(let ms?)?: return .ready(ms)
        case .failure(let error)?:
            let ms = Double(clock.now().millis(since: started))
            let message = String(describing: error)
            let type = message.split(separator: ":", maxSplits: 1).first.map(String.init) ?? "Runtime.Unknown"
            context.logger.error(String(format: "INIT_REPORT Init Duration: %.2f ms Phase: init Status: error Error Type: %@", ms, type))
            return .failure(message)
        case nil: return .cancelled("cancelled during init")
        }
    }

    /// Runs a handler against its deadline on the clock.
    static func run(_ handler: any Handler, event: JSONValue, context: InvocationContext, clock: any EngineClock) async -> InvocationOutcome {
        await withTaskGroup(of: InvocationOutcome?.self) { group in
            group.addTask {
                do { return .success(try await handler.handle(event, context: context)) } catch is CancellationError { return nil } catch {
                    return .error(String(describing: error))
                }
            }
            group.addTask {
                do {
                    try await clock.sleep(until: context.deadline)
                    return .timeout
                } catch { return nil }
            }
            // Both tasks end without a result only when the invocation itself was cancelled.
            var result: InvocationOutcome = .cancelled
            while let next = await group.next() {
                if let next { result = next; break }
            }
            group.cancelAll()
            return result
        }
    }

    /// Switches a function's handler or environment at runtime: the local "deploy a fix".
    public func configure(_ ref: String, handler: String?, environment: [String: String]?) async throws -> FunctionSummary {
        guard var s = state(ref) else { throw SQSError.resourceNotFound("Function not found: \(ref)") }
        if let environment { for (k, v) in environment { s.definition.environment[k] = v } }
        if handler == FunctionDefinition.codeHandler {
            guard let codeRunner, codeRunner.canRun(s.definition) else {
                throw SQSError.invalidParameterValue("function \(s.definition.name) has no code that runs here (runtime \(s.definition.runtime ?? "none")); give it some with update-code")
            }
            s.definition.handler = FunctionDefinition.codeHandler
            s.definition.handlerSource = "configured"
        } else if let handler {
            guard handlers.contains(handler) else {
                throw SQSError.invalidParameterValue("'\(handler)' is not a built-in handler (available: \(handlers.names.joined(separator: ", ")))")
            }
            s.definition.handler = handler
            s.definition.handlerSource = "configured"
        }
        let old = s.handler
        do { s.handler = try Self.makeHandler(s.definition, handlers: handlers, codeRunner: codeRunner) } catch {
            throw SQSError.invalidParameterValue("\(error)")
        }
        functions[s.definition.name] = s
        await old.retire()
        logBook.append(level: .warn, source: s.definition.name, requestId: nil,
                       message: "configuration changed: handler \(s.definition.handler)\(environment.map { ", environment \($0.keys.sorted().joined(separator: ","))" } ?? "")",
                       at: clock.now())
        return summary(s)
    }

    /// Deploys new code to a function without a restart: the function runs `code` with its `Runtime` from the next
    /// invocation on (a function on a built-in handler switches to its code); warm environments of the old code end
    /// after their current invocation. Throws for a missing function, a runtime that does not run here or unusable code.
    public func updateCode(_ ref: String, code: FunctionCode, runtime: String? = nil, handler: String? = nil) async throws -> FunctionSummary {
        guard var s = state(ref) else { throw SQSError.resourceNotFound("Function not found: \(ref)") }
        guard let codeRunner else { throw SQSError.invalidParameterValue("this engine runs built-in handlers only") }
        s.definition.code = code
        if let runtime { s.definition.runtime = runtime }
        if let handler { s.definition.handlerProperty = handler }
        guard codeRunner.canRun(s.definition) else {
            throw SQSError.invalidParameterValue("function \(s.definition.name) cannot run \(FunctionDefinition.describe(code)): runtime \(s.definition.runtime ?? "none") with handler \(s.definition.handlerProperty ?? "none") (supported: python3.x, nodejs*, provided*; the path must exist)")
        }
        s.definition.handler = FunctionDefinition.codeHandler
        s.definition.handlerSource = "update-code"
        let old = s.handler
        do { s.handler = try codeRunner.handler(for: s.definition) } catch {
            throw SQSError.invalidParameterValue("\(error)")
        }
        functions[s.definition.name] = s
        logBook.append(level: .warn, source: s.definition.name, requestId: nil,
                       message: "code updated: \(s.definition.runtime ?? "") \(s.definition.handlerProperty ?? "") from \(FunctionDefinition.describe(code)); warm environments retire after their current invocation",
                       at: clock.now())
        await old.retire()
        return summary(functions[s.definition.name]!)
    }

    /// Ends every function's execution environments (the engine stops).
    public func retireAll() async {
        for s in functions.values { await s.handler.retire() }
    }

    /// Every function, by name.
    public func summaries() -> [FunctionSummary] { functions.values.map(summary).sorted { $0.name < $1.name } }

    func summary(_ s: State) -> FunctionSummary {
        let sorted = s.durations.sorted()
        let inits = s.initDurations.sorted()
        let runsCode = s.definition.handler == FunctionDefinition.codeHandler
        return FunctionSummary(name: s.definition.name, handler: s.definition.handler, handlerSource: s.definition.handlerSource,
                               timeoutSeconds: s.definition.timeoutSeconds, memorySizeMB: s.definition.memorySizeMB,
                               reservedConcurrency: s.definition.reservedConcurrency, environment: s.definition.environment,
                               running: s.running, invocations: s.invocations, errors: s.errors, timeouts: s.timeouts,
                               throttles: s.throttles, durationP50: percentile(sorted, 0.5), durationP99: percentile(sorted, 0.99),
                               runtime: runsCode ? s.definition.runtime : nil, runtimeHandler: runsCode ? s.definition.handlerProperty : nil,
                               code: runsCode ? s.definition.code.map(FunctionDefinition.describe) : nil,
                               coldStarts: runsCode ? s.initDurations.count : nil, initP50: percentile(inits, 0.5), initP99: percentile(inits, 0.99))
    }
}
