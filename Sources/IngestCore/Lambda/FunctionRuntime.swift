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
    }

    public nonisolated let clock: any EngineClock
    let tables: any TableAccess
    public nonisolated let logBook: LogBook
    let metrics: any MetricSink
    /// The handlers a function can be bound to.
    public nonisolated let handlers: HandlerRegistry
    var functions: [String: State] = [:]
    var ids = MessageIDGenerator()

    public init(functions: [FunctionDefinition], handlers: HandlerRegistry, tables: any TableAccess, logBook: LogBook, metrics: any MetricSink,
                clock: any EngineClock) throws {
        self.clock = clock
        self.handlers = handlers
        self.tables = tables
        self.logBook = logBook
        self.metrics = metrics
        for f in functions {
            self.functions[f.name] = State(definition: f, handler: try handlers.make(f.handler, environment: f.environment))
        }
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
        logBook.append(level: .info, source: name, requestId: requestId, message: "START RequestId: \(requestId) Version: $LATEST", at: now)
        let def = s.definition
        let context = InvocationContext(
            functionName: name, functionArn: def.arn, requestId: requestId, environment: def.environment,
            deadline: now.adding(seconds: def.timeoutSeconds), memoryLimitMB: def.memorySizeMB, clock: clock,
            logger: logBook.logger(source: name, requestId: requestId, clock: clock), tables: tables)
        let outcome = await Self.run(s.handler, event: event, context: context, clock: clock)
        let end = clock.now()
        let duration = Double(end.millis(since: now))
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
                       message: "REPORT RequestId: \(requestId) Duration: \(Int(duration)) ms Billed Duration: \(max(1, Int(duration))) ms Memory Size: \(def.memorySizeMB) MB Status: \(status)",
                       at: end)
        return (requestId, outcome)
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
    public func configure(_ ref: String, handler: String?, environment: [String: String]?) throws -> FunctionSummary {
        guard var s = state(ref) else { throw SQSError.resourceNotFound("Function not found: \(ref)") }
        if let environment { for (k, v) in environment { s.definition.environment[k] = v } }
        if let handler {
            guard handlers.contains(handler) else {
                throw SQSError.invalidParameterValue("'\(handler)' is not a built-in handler (available: \(handlers.names.joined(separator: ", ")))")
            }
            s.definition.handler = handler
            s.definition.handlerSource = "configured"
        }
        do { s.handler = try handlers.make(s.definition.handler, environment: s.definition.environment) } catch {
            throw SQSError.invalidParameterValue("\(error)")
        }
        functions[s.definition.name] = s
        logBook.append(level: .warn, source: s.definition.name, requestId: nil,
                       message: "configuration changed: handler \(s.definition.handler)\(environment.map { ", environment \($0.keys.sorted().joined(separator: ","))" } ?? "")",
                       at: clock.now())
        return summary(s)
    }

    /// Every function, by name.
    public func summaries() -> [FunctionSummary] { functions.values.map(summary).sorted { $0.name < $1.name } }

    func summary(_ s: State) -> FunctionSummary {
        let sorted = s.durations.sorted()
        func pct(_ p: Double) -> Double? { sorted.isEmpty ? nil : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))] }
        return FunctionSummary(name: s.definition.name, handler: s.definition.handler, handlerSource: s.definition.handlerSource,
                               timeoutSeconds: s.definition.timeoutSeconds, memorySizeMB: s.definition.memorySizeMB,
                               reservedConcurrency: s.definition.reservedConcurrency, environment: s.definition.environment,
                               running: s.running, invocations: s.invocations, errors: s.errors, timeouts: s.timeouts,
                               throttles: s.throttles, durationP50: pct(0.5), durationP99: pct(0.99))
    }
}
