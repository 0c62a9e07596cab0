/// The whole pipeline of a template, running: the engine (topics and queues), tables and streams,
/// functions and their event source mappings, metrics and alarms, and the log book.
public final class PipelineRuntime: Sendable {
    public let engine: Engine
    public let tables: TableService
    public let functions: FunctionRuntime
    public let logBook: LogBook
    public let metrics: MetricRecorder
    public let alarms: AlarmRunner
    public let sqsMappings: [SQSMappingRunner]
    public let streamMappings: [StreamMappingRunner]
    public let clock: any EngineClock
    /// The definition the pipeline was built from.
    public let definition: PipelineDefinition
    /// Usage-plan throttles and quotas of the API keys.
    public let usage: UsageLimiter

    /// Builds every part from a pipeline definition. `handlers` are the handlers functions can run;
    /// `handlerOverrides` maps a function name or logical id to one of them (`--handler`). Refuses, before
    /// building anything, a table, function, mapping or alarm that AWS would refuse (each one's `validate()`), and
    /// then a definition whose functions or mappings cannot run.
    public init(definition: PipelineDefinition, handlers: HandlerRegistry, clock: any EngineClock = SystemClock(),
                store: any PipelineStore = MemoryStore(), handlerOverrides: [String: String] = [:], logCapacity: Int = 50_000,
                codeRunner: (any FunctionCodeRunner)? = nil) throws {
        try Self.validate(definition)
        self.clock = clock
        self.definition = definition
        let context = definition.context
        let engine = try Engine(definition: definition, clock: clock, store: store)
        let tableDefs = definition.tables
        let tables = TableService(definitions: tableDefs, clock: clock, store: store)
        let logBook = LogBook(capacity: logCapacity, store: store)
        let metrics = MetricRecorder()
        let functionDefs = try definition.functions.map {
            try $0.resolvingHandler(overrides: handlerOverrides, available: handlers.names, runsCode: codeRunner?.canRun($0) ?? false)
        }
        let runtime = try FunctionRuntime(functions: functionDefs, handlers: handlers, tables: tables, logBook: logBook, metrics: metrics, clock: clock,
                                          codeRunner: codeRunner)
        var sqs: [SQSMappingRunner] = []
        var streams: [StreamMappingRunner] = []
        for m in definition.eventSourceMappings {
            func fail(_ message: String) -> TemplateMappingError {
                TemplateMappingError(location: m.location, logicalId: m.logicalId, message: message)
            }
            guard let fn = functionDefs.first(where: { $0.name == m.functionName || $0.arn == m.functionName }) else {
                throw fail("FunctionName \(m.functionName) is not a function of this template")
            }
            switch m.source {
            case .sqs:
                guard let q = definition.queues.first(where: { context.queueArn($0.name) == m.eventSourceArn }) else {
                    throw fail("EventSourceArn \(m.eventSourceArn) is not a queue of this template")
                }
                do {
                    try SQSMappingRunner.validate(m, queueVisibilityTimeout: q.attributes.visibilityTimeout, functionTimeout: fn.timeoutSeconds)
                } catch {
                    throw fail(error.message)
                }
                sqs.append(SQSMappingRunner(definition: m, engine: engine, runtime: runtime, clock: clock, region: context.region))
            case .dynamodbStream:
                guard let t = tableDefs.first(where: { $0.streamArn == m.eventSourceArn || m.eventSourceArn.hasPrefix($0.arn + "/stream/") }) else {
                    throw fail("EventSourceArn \(m.eventSourceArn) is not the stream of a table of this template")
                }
                guard t.streamViewType != nil else {
                    throw fail("table \(t.name) has no StreamSpecification")
                }
                streams.append(StreamMappingRunner(definition: m, table: t.name, tables: tables, engine: engine, runtime: runtime, clock: clock,
                                                   region: context.region))
            }
        }
        usage = UsageLimiter(plans: definition.usagePlans, clock: clock, store: store)
        let alarmDefs = definition.alarms
        self.engine = engine
        self.tables = tables
        self.functions = runtime
        self.logBook = logBook
        self.metrics = metrics
        self.sqsMappings = sqs
        self.streamMappings = streams
        self.alarms = AlarmRunner(definitions: alarmDefs, engine: engine, tables: tables, functions: runtime, metrics: metrics,
                                  logBook: logBook, clock: clock, context: context)
    }

    /// Checks every table, function, event source mapping and alarm against the rules AWS applies to it on its
    /// own, however the definition was built (a template, code or the AWS API).
    static func validate(_ definition: PipelineDefinition) throws(TemplateMappingError) {
        for t in definition.tables {
            do { try t.validate() } catch {
                throw TemplateMappingError(location: t.location, logicalId: t.logicalId, message: error.description)
            }
        }
        for f in definition.functions {
            do { try f.validate() } catch { throw TemplateMappingError(location: f.location, logicalId: f.logicalId, message: error.message) }
        }
        for m in definition.eventSourceMappings {
            do { try m.validate() } catch { throw TemplateMappingError(location: m.location, logicalId: m.logicalId, message: error.message) }
        }
        for a in definition.alarms {
            do { try a.validate() } catch {
                throw TemplateMappingError(location: a.location, logicalId: a.logicalId, message: error.description)
            }
        }
    }

    /// Puts back what a durable store kept; call before `start`. Returns the number of queue messages recovered.
    @discardableResult
    public func restore(_ snapshot: StoreSnapshot) async throws -> Int {
        let recovered = await engine.restore(snapshot)
        await tables.restore(tables: snapshot.tables)
        try await tables.restore(items: snapshot.items, streamRecords: snapshot.streamRecords)
        for m in streamMappings {
            if let stored = snapshot.checkpoints[await m.definition.logicalId] { await m.restore(checkpoint: stored) }
        }
        for f in snapshot.functions {
            guard await functions.definition(f.name) != nil else { continue }
            if let code = f.code, f.handler == FunctionDefinition.codeHandler, functions.codeRunner != nil {
                _ = try await functions.configure(f.name, handler: nil, environment: f.environment)
                _ = try await functions.updateCode(f.name, code: code, runtime: f.runtime, handler: f.handlerProperty)
            } else {
                _ = try await functions.configure(f.name, handler: f.handler, environment: f.environment)
            }
            if let on = f.mappingsEnabled {
                for m in sqsMappings where await m.definition.functionName == f.name { await m.setEnabled(on) }
                for m in streamMappings where await m.definition.functionName == f.name { await m.setEnabled(on) }
            }
        }
        await alarms.restoreDefinitions(snapshot.apiAlarms)
        await alarms.restore(snapshot.alarms)
        logBook.restore(snapshot.logLines)
        usage.restore(snapshot.quotas)
        return recovered
    }

    /// Starts polling, stream reading and alarm evaluation.
    public func start() async {
        for m in sqsMappings { await m.start() }
        for m in streamMappings { await m.start() }
        await alarms.start()
    }

    /// Stops every background loop.
    public func stop() async {
        for m in sqsMappings { await m.stop() }
        for m in streamMappings { await m.stop() }
        await alarms.stop()
        await functions.retireAll()
    }
}
