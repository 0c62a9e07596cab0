/// A condition on a table write, in DynamoDB's expression language.
public struct ConditionSpec: Sendable, Hashable {
    public var expression: String
    public var names: [String: String]
    public var values: [String: AttributeValue]

    public init(_ expression: String, names: [String: String] = [:], values: [String: AttributeValue] = [:]) {
        self.expression = expression
        self.names = names
        self.values = values
    }
}

/// What functions may do with tables. Errors are `DynamoError` (for example
/// `ConditionalCheckFailedException`).
public protocol TableAccess: Sendable {
    /// Writes an item, replacing any item with the same key, if `condition` holds. Returns the old item.
    @discardableResult
    func putItem(table: String, item: Item, condition: ConditionSpec?) async throws -> Item?
    /// Applies an update expression (`SET a = :v, b = if_not_exists(b, :w) REMOVE c`) if `condition` holds.
    /// Returns the item after the update.
    @discardableResult
    func updateItem(table: String, key: Item, update: ConditionSpec, condition: ConditionSpec?) async throws -> Item
    /// Deletes an item if `condition` holds. Returns the old item.
    @discardableResult
    func deleteItem(table: String, key: Item, condition: ConditionSpec?) async throws -> Item?
    /// Reads an item by its key.
    func getItem(table: String, key: Item) async throws -> Item?
}

/// Severity of a log line.
public enum LogLevel: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case debug = "DEBUG", info = "INFO", warn = "WARN", error = "ERROR"

    public static func < (a: LogLevel, b: LogLevel) -> Bool {
        let order: [LogLevel] = [.debug, .info, .warn, .error]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// Where a function writes its log lines; the engine stamps them with function, request id and time.
public protocol FunctionLogger: Sendable {
    func log(_ level: LogLevel, _ message: String)
}

extension FunctionLogger {
    public func info(_ message: String) { log(.info, message) }
    public func warn(_ message: String) { log(.warn, message) }
    public func error(_ message: String) { log(.error, message) }
}

/// Everything a handler gets besides its event.
public struct InvocationContext: Sendable {
    public var functionName: String
    public var functionArn: String
    public var requestId: String
    public var environment: [String: String]
    /// When the invocation times out.
    public var deadline: Timestamp
    public var memoryLimitMB: Int
    public var clock: any EngineClock
    public var logger: any FunctionLogger
    public var tables: any TableAccess

    public init(functionName: String, functionArn: String, requestId: String, environment: [String: String], deadline: Timestamp,
                memoryLimitMB: Int, clock: any EngineClock, logger: any FunctionLogger, tables: any TableAccess) {
        self.functionName = functionName
        self.functionArn = functionArn
        self.requestId = requestId
        self.environment = environment
        self.deadline = deadline
        self.memoryLimitMB = memoryLimitMB
        self.clock = clock
        self.logger = logger
        self.tables = tables
    }

    /// Milliseconds left before the timeout.
    public var remainingMillis: Int64 { max(0, deadline.millis(since: clock.now())) }
}

/// A function's code: an event in (the AWS-shaped JSON, e.g. `{"Records":[...]}`), a result out.
/// Throwing is a function error; the result's shape (e.g. `batchItemFailures`) is read by the mapping.
public protocol Handler: Sendable {
    func handle(_ event: JSONValue, context: InvocationContext) async throws -> JSONValue?
    /// Lambda's init phase, before the invocation's timed phase: readies an execution environment for the
    /// invocation `context.requestId`, starting one when none is idle. Returns the init duration in
    /// milliseconds when it started one, `nil` when an environment was warm. Throwing is an init error. The
    /// function runtime calls `handle` with the same context right after it returns.
    func prepare(context: InvocationContext) async throws -> Double?
    /// Whether `prepare` can take time (start an environment); `false` skips the init phase and its timer.
    var hasInitPhase: Bool { get }
    /// The invocation prepared for `context.requestId` will not run (its init phase was given up as it finished):
    /// release what `prepare` set aside for it.
    func abandon(context: InvocationContext) async
    /// The most memory, in MB, the environment that ran the invocation has used, when the handler knows it.
    func maxMemoryUsedMB(context: InvocationContext) -> Int?
    /// Ends the handler's execution environments because it was replaced (new code or configuration) or the engine
    /// stops: idle ones at once, busy ones once their invocation ends.
    func retire() async
}

extension Handler {
    /// A built-in handler is always warm.
    public func prepare(context: InvocationContext) async throws -> Double? { nil }
    public var hasInitPhase: Bool { false }
    public func abandon(context: InvocationContext) async {}
    public func maxMemoryUsedMB(context: InvocationContext) -> Int? { nil }
    public func retire() async {}
}

/// Runs a function's own code (a `Runtime` with `Code`) as processes; the host provides one, and the function
/// runtime asks it for a handler whenever a function's code or configuration changes.
public protocol FunctionCodeRunner: Sendable {
    /// Whether `function`'s runtime is one this runner starts and its code is there to run.
    func canRun(_ function: FunctionDefinition) -> Bool
    /// A handler that runs `function`'s code; throws a `LambdaError` for an unsupported runtime or unusable code.
    func handler(for function: FunctionDefinition) throws -> any Handler
}
