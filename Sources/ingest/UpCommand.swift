import ArgumentParser
import CursesTerminal
import Foundation
import IngestClient
import IngestCore
import IngestHost
import IngestHandlers
import IngestServer
import IngestStore

/// `ingest up`: starts the engine from a template and keeps it running until SIGINT or SIGTERM.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the pipeline engine from a template (default: the bundled user-ingestion template).",
        discussion: """
            Serves the gateway (GET/POST /store and /{stage}/store, GET /_health) on --listen (default \
            127.0.0.1:4410; HTTPS with --tls-cert and --tls-key) and the control API on <data-dir>/control.sock, \
            plus on TCP with --control-listen for bearer tokens (`ingest token create`; TLS required beyond \
            loopback), and the AWS endpoint for SQS, SNS, DynamoDB, CloudWatch and Logs clients (the AWS CLI, boto3, any SDK) on --aws-listen \
            (default 127.0.0.1:4566, 'off' disables it; signatures are verified with --aws-require-signature \
            against `ingest aws-key create` keys; docs/aws-api.md), and runs until SIGINT or SIGTERM. State is kept in \
            <data-dir>/ingest.sqlite (WAL, synced before anything is acknowledged) and recovered at the next \
            start; --memory keeps it in memory instead. When the template gives queues, topics or tables a KMS \
            key, their data is sealed with AES-256-GCM under --key-file (or INGEST_KEY_FILE); without one, a \
            key is generated beside the data. On a terminal, the operations console runs in the same process \
            (q quits and stops the engine; ? lists the keys); --headless, or no terminal, runs without it. \
            --demo sends synthetic sign-ups, some of them poisonous, through the gateway over HTTP, and sets \
            short timeouts and one-minute alarms unless --parameter gives others.
            """
    )

    @Flag(name: .long, help: "Run without the console (the default when stdin or stdout is not a terminal).")
    var headless = false

    @Flag(name: .long, help: "Send synthetic sign-ups through the gateway (see --rate and --poison) and use the demo parameters.")
    var demo = false

    @Option(name: .long, help: "Demo sign-ups per second.")
    var rate: Double = 5

    @Option(name: .long, help: "Share of demo sign-ups that are poison (bad JSON, no user_id, bad e-mail), 0 to 1.")
    var poison: Double = 0.1

    @OptionGroup(title: "Console") var console: ConsoleFlags

    @Option(name: .long, help: "The CloudFormation template (YAML). Default: the bundled user-ingestion template.")
    var template: String?

    @Option(name: .long, help: "Override a template parameter, Name=Value (repeatable).")
    var parameter: [String] = []

    @Option(name: .long, help: "The engine's data directory (default: $INGEST_DATA_DIR, $XDG_STATE_HOME/ingest or ~/.local/state/ingest).")
    var dataDir: String?

    @Option(name: .long, help: "Map a function to a built-in handler, FunctionName=HANDLER (repeatable); HANDLER 'code' runs its own code.")
    var handler: [String] = []

    @Option(name: .long, help: ArgumentHelp("Run a function's own code from PATH (a directory, .zip or source file) with its Runtime and Handler, FunctionName=PATH (repeatable).", valueName: "FunctionName=PATH"))
    var code: [String] = []

    @Flag(name: .long, help: "Run every function on a built-in handler, never its own code as processes.")
    var builtinOnly = false

    @OptionGroup(title: "Listening") var listening: ListenOptions

    @Option(name: .long, help: "Region used in ARNs and URLs.")
    var region: String = "us-east-1"

    @Option(name: .long, help: "Account id used in ARNs and URLs.")
    var accountId: String = "000000000000"

    @Option(name: .long, help: "How long topic archives keep messages for replay (e.g. 7d, 12h, 3600s).")
    var archiveRetention: String = "7d"

    @Flag(name: .long, help: "Keep everything in memory: nothing is written to disk and nothing survives a restart.")
    var memory = false

    @Option(name: .long, help: "The customer-managed key file (see `ingest key create`); default $INGEST_KEY_FILE.")
    var keyFile: String?

    func validate() throws {
        guard accountId.count == 12, accountId.allSatisfy(\.isNumber) else { throw ValidationError("--account-id must be 12 digits") }
        guard rate.isFinite, rate > 0, rate <= 10_000 else { throw ValidationError("--rate takes sign-ups per second, above 0 and at most 10000") }
        guard poison.isFinite, (0...1).contains(poison) else { throw ValidationError("--poison takes a share between 0 and 1, e.g. 0.1") }
        guard Self.seconds(archiveRetention) != nil else { throw ValidationError("--archive-retention takes a duration like 7d, 12h, 30m or 3600s") }
    }

    static func seconds(_ s: String) -> Int? {
        guard let unit = s.last else { return nil }
        if unit.isNumber { return Int(s) }
        guard let n = Int(s.dropLast()), n > 0 else { return nil }
        switch unit {
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86_400
        default: return nil
        }
    }

    func run() async throws {
        let consoleMode = !headless && ConsoleSession.hasTerminal
        if consoleMode {
            CursesTerminal.adoptLocale()
            // Refuse a bad theme before the engine starts.
            _ = try ConsoleSession.resolveTheme(console)
        }
        if !headless && !consoleMode { Output.note("ingest: no terminal on stdin and stdout; running headless.") }
        let gatewayListener = try listening.gateway()
        let controlListener = try listening.control()
        let aws = try listening.aws()
        // Certificates are checked before anything else starts, so a bad path is one clear line.
        for tls in [gatewayListener.tls, controlListener?.tls].compactMap({ $0 }) {
            do { _ = try tls.serverConfiguration() } catch { throw CLIError.failed(error.description) }
        }
        if let warning = ListenOptions.warning(for: gatewayListener) { Output.note(warning) }
        let dir = DataDirectory.resolve(dataDir)
        let awsKeys = listening.awsRequireSignature ? try AWSKeyCommand.load(dir).keys.count : 0
        if let warning = ListenOptions.warning(forAWS: aws.listener, requireSignature: listening.awsRequireSignature, keyCount: awsKeys) {
            Output.note(warning)
        }
        let parameters = (demo && template == nil ? DemoTraffic.parameters(notIn: parameter) : []) + parameter
        let host = try await EngineHost.open(EngineConfiguration(
            templatePath: template, parameters: parameters, context: AWSContext(region: region, accountId: accountId), dataDirectory: dir,
            memory: memory, keyFile: keyFile, handlerOverrides: handler, handlers: BuiltinHandlers.registry,
            codeOverrides: code, runsCode: !builtinOnly,
            archiveRetentionSeconds: Self.seconds(archiveRetention)!, gateway: gatewayListener, control: controlListener,
            aws: aws.listener, awsOptional: aws.optional, awsRequireSignature: listening.awsRequireSignature))
        defer { host.close() }
        for notice in host.notices { Output.note(notice) }
        let pipeline = host.pipeline
        let loaded = host.definition
        let life = EngineLifecycle()
        let engineTask = Task {
            defer { life.ended() }
            try await host.run(stopWhen: { await life.waitForStopRequest() }) { addresses in
                defer { life.ready(url: addresses.gateway) }
                guard !consoleMode else { return }
                let remote = addresses.control.map { "\n  control   \($0) (bearer tokens: ingest token create --data-dir \(dir.path))" } ?? ""
                let awsLine = addresses.aws.map { "\n  aws       \($0) (SQS, SNS, DynamoDB, CloudWatch, Logs: aws --endpoint-url \($0) sqs list-queues)" } ?? ""
                let banner = """
                    ingest \(Engine.version): pipeline up from \(loaded.source) (\(loaded.topics.count) topics, \(loaded.queues.count) queues, \(pipeline.sqsMappings.count + pipeline.streamMappings.count) mappings)
                      gateway   \(addresses.gateway)\(loaded.storePath)
                      control   \(addresses.socket)\(remote)\(awsLine)
                      storage   \(pipeline.engine.store.storageDescription)
                      keys      ingest keys --data-dir \(dir.path)

                    """
                FileHandle.standardOutput.write(Data(banner.utf8))
            }
        }
        if let url = await life.waitReady() {
            do {
                try await runBeside(engineAt: url, life: life, host: host, consoleMode: consoleMode, dir: dir)
            } catch {
                // The console or the demo failed: stop the engine cleanly before saying why.
                life.requestStop()
                _ = try? await engineTask.value
                throw error
            }
        }
        try await engineTask.value
    }

    /// What runs beside a ready engine: the demo traffic, and the console until the operator quits (which
    /// stops the engine) or the engine stops (which ends the console).
    func runBeside(engineAt url: String, life: EngineLifecycle, host: EngineHost, consoleMode: Bool, dir: DataDirectory) async throws {
        let demoTask = try demo ? host.startDemo(gatewayURL: url, rate: rate, poisonRatio: poison) : nil
        defer { demoTask?.cancel() }
        guard consoleMode else {
            // Headless: the demo (if any) sends until the engine stops.
            if demoTask != nil { await withCheckedContinuation { c in life.onEnded { c.resume() } } }
            return
        }
        var client = ControlClient(dataDirectory: dir.path)
        client.readOnly = console.readonly
        let source = ControlConsoleSource(client: client, label: "local \(dir.path)")
        try await ConsoleSession.run(source: source, flags: console, logFile: (dir.path as NSString).appendingPathComponent("console.log"),
                                     saveDirectory: dir.path, watchSignals: false, engineInProcess: true) { loop in
            life.onEnded { loop.stopRequested.store(true, ordering: .relaxed) }
        }
        // The operator quit: stop the engine as SIGTERM would, gracefully.
        life.requestStop()
    }
}
