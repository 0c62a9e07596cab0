/// A function to run (`AWS::Lambda::Function`): its settings, the handler candidates the template gives,
/// and, once `resolvingHandler(overrides:available:runsCode:)` chose one, the built-in handler it maps to, or
/// `codeHandler`: its own code, run as processes by the host's `FunctionCodeRunner`.
public struct FunctionDefinition: Sendable, Hashable, Codable {
    /// The `handler` of a function that runs its own code (`--handler NAME=code` asks for it).
    public static let codeHandler = "code"

    public var logicalId: String
    public var name: String
    public var arn: String
    /// The built-in handler's name, or `codeHandler`; empty until a handler is chosen.
    public var handler: String
    /// Where the handler choice came from: "metadata", "flag", "code path" or "function name".
    public var handlerSource: String
    /// The handler names the template suggests, in the order they are tried.
    public var handlerCandidates: [HandlerCandidate]
    /// Seconds before an invocation fails as a timeout (1...900, default 3).
    public var timeoutSeconds: Int
    /// Shown, not enforced.
    public var memorySizeMB: Int
    public var environment: [String: String]
    /// Concurrent invocations allowed; beyond it invocations are throttled. `nil` is unreserved.
    public var reservedConcurrency: Int?
    /// The `Runtime` property as written (`nodejs20.x`, `python3.12`, ...): which process runs the code.
    public var runtime: String?
    /// The `Handler` property as written (`index.handler`, `app.lambda_handler`): what the runtime loads.
    public var handlerProperty: String?
    /// Where the function's code is: a path (made absolute by the host), inline source, or S3 and images, which
    /// do not run here.
    public var code: FunctionCode?
    /// Where the function was declared, `file:line`.
    public var location: String

    public init(logicalId: String, name: String, arn: String, handler: String = "", handlerSource: String = "",
                handlerCandidates: [HandlerCandidate] = [], timeoutSeconds: Int = 3, memorySizeMB: Int = 128,
                environment: [String: String] = [:], reservedConcurrency: Int? = nil, runtime: String? = nil,
                handlerProperty: String? = nil, code: FunctionCode? = nil, location: String = "") {
        self.logicalId = logicalId
        self.name = name
        self.arn = arn
        self.handler = handler
        self.handlerSource = handlerSource
        self.handlerCandidates = handlerCandidates
        self.timeoutSeconds = timeoutSeconds
        self.memorySizeMB = memorySizeMB
        self.environment = environment
        self.reservedConcurrency = reservedConcurrency
        self.runtime = runtime
        self.handlerProperty = handlerProperty
        self.code = code
        self.location = location
    }

    /// Checks the value rules `CreateFunction` enforces: Timeout 1 to 900 seconds, MemorySize 128 to 10240 MB and
    /// ReservedConcurrentExecutions not negative. The handler is chosen, and checked, by `resolvingHandler`.
    public func validate() throws(LambdaError) {
        try LambdaError.check(timeoutSeconds, 1...900, "Timeout")
        try LambdaError.check(memorySizeMB, 128...10_240, "MemorySize")
        if let reservedConcurrency, reservedConcurrency < 0 {
            throw .invalidParameterValue("ReservedConcurrentExecutions must be a whole number ≥ 0")
        }
    }
}

/// A handler name a template suggests for a function, and where it came from.
public struct HandlerCandidate: Sendable, Hashable, Codable {
    public var name: String
    /// "metadata" (`Metadata.Ingest.Handler`), "code path" (the basename of `Code`) or "function name".
    public var source: String

    public init(_ name: String, source: String) {
        self.name = name
        self.source = source
    }
}
