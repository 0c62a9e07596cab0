import ArgumentParser
import CursesTerminal
import Foundation
import IngestAWSClient
import IngestClient

/// `ingest console`: the operations console attached to a running engine.
struct AttachConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Attach the operations console to a running engine (this data directory's, or --engine URL --token T).",
        discussion: """
            Shows the engine it is attached to in the header; when the engine goes away it says so and \
            reconnects with backoff. Keys: ? in the console, or docs/console.md. Output the console would \
            print goes to <data-dir>/console.log.
            """
    )

    @OptionGroup var options: EngineOptions
    @OptionGroup var console: ConsoleFlags
    @OptionGroup var aws: AWSOptions
    @Flag(name: .customLong("allow-changes"), help: "With --aws: allow redrive, purge, delete and mapping switches (each still asks, naming the account and region); without it the console is read-only.")
    var allowChanges = false

    func validate() throws {
        if allowChanges && !aws.enabled { throw ValidationError("--allow-changes is for --aws; a local console allows changes unless --readonly") }
    }

    func run() async throws {
        guard ConsoleSession.hasTerminal else { throw CLIError.usage("the console needs a terminal (stdin and stdout); for scripts use the other commands with --json") }
        CursesTerminal.adoptLocale()
        let dir = options.dataDirectory
        if aws.enabled {
            try dir.create()
            let source = try await aws.source(allowChanges: allowChanges && !console.readonly)
            var flags = console
            flags.readonly = !source.allowChanges
            if flags.refresh < 2 { flags.refresh = 2 }
            try await ConsoleSession.run(source: source, flags: flags, logFile: (dir.path as NSString).appendingPathComponent("console-aws.log"),
                                         saveDirectory: dir.path, watchSignals: true, engineInProcess: false,
                                         changeTarget: source.target, peekNotice: AWSConsoleSource.peekNotice) { _ in CursesTerminal.installStopSignalHandlers() }
            return
        }
        try dir.create()
        var client = try options.client()
        client.readOnly = console.readonly
        let label = if case .unixSocket = client.endpoint { "local \(dir.path)" } else { client.endpoint.label }
        let source = ControlConsoleSource(client: client, label: label)
        try await ConsoleSession.run(source: source, flags: console, logFile: (dir.path as NSString).appendingPathComponent("console.log"),
                                     saveDirectory: dir.path, watchSignals: true, engineInProcess: false) { _ in CursesTerminal.installStopSignalHandlers() }
    }
}
