import IngestCore

/// Everything `ingest up` decides before an engine starts: which template, where state lives, which
/// handlers, where it listens. A test builds one directly to start a whole engine in process.
public struct EngineConfiguration: Sendable {
    /// The template file; `nil` is the bundled user-ingestion template.
    public var templatePath: String?
    /// Template parameter overrides, `Name=Value`.
    public var parameters: [String]
    public var context: AWSContext
    public var dataDirectory: DataDirectory
    /// Keep everything in memory: nothing is written and nothing survives a restart.
    public var memory: Bool
    /// The customer-managed key file (`--key-file`, else `INGEST_KEY_FILE`).
    public var keyFile: String?
    /// `FunctionName=HANDLER` overrides (`--handler`).
    public var handlerOverrides: [String]
    /// The handlers functions may run.
    public var handlers: HandlerRegistry
    /// `FunctionName=PATH` code to run instead of the template's (`--code`); the function then runs its code.
    public var codeOverrides: [String]
    /// Whether functions may run their own code as processes (Python, Node.js, custom runtimes); `false` keeps
    /// every function on a built-in handler.
    public var runsCode: Bool
    /// How long topic archives keep messages for replay; `nil` keeps the template's.
    public var archiveRetentionSeconds: Int?
    public var gateway: Listener
    /// The control API on TCP, besides the data directory's socket.
    public var control: Listener?
    /// The AWS endpoint (the SQS, SNS, DynamoDB, CloudWatch and Logs wire protocols); `nil` serves none.
    public var aws: Listener?
    /// Whether the AWS endpoint is the default one: when its port is taken (another emulator on 4566),
    /// the engine warns and runs without it instead of refusing to start.
    public var awsOptional: Bool
    /// Verify every AWS request's SigV4 signature against the data directory's access keys (`ingest aws-key`).
    public var awsRequireSignature: Bool
    /// Whether what the template encrypts with a KMS key is sealed in the store (always, for `ingest up`);
    /// `ingest bench pipeline` turns it off to measure what sealing costs.
    public var sealsEncryptedResources = true

    public init(templatePath: String? = nil, parameters: [String] = [], context: AWSContext = AWSContext(), dataDirectory: DataDirectory,
                memory: Bool = false, keyFile: String? = nil, handlerOverrides: [String] = [], handlers: HandlerRegistry,
                codeOverrides: [String] = [], runsCode: Bool = true,
                archiveRetentionSeconds: Int? = nil, gateway: Listener, control: Listener? = nil, aws: Listener? = nil,
                awsOptional: Bool = false, awsRequireSignature: Bool = false) {
        self.templatePath = templatePath
        self.parameters = parameters
        self.context = context
        self.dataDirectory = dataDirectory
        self.memory = memory
        self.keyFile = keyFile
        self.handlerOverrides = handlerOverrides
        self.handlers = handlers
        self.codeOverrides = codeOverrides
        self.runsCode = runsCode
        self.archiveRetentionSeconds = archiveRetentionSeconds
        self.gateway = gateway
        self.control = control
        self.aws = aws
        self.awsOptional = awsOptional
        self.awsRequireSignature = awsRequireSignature
    }
}
