import ArgumentParser
import CursesTerminal
import Foundation
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

    func run() async throws {
        guard ConsoleSession.hasTerminal else { throw CLIError.usage("the console needs a terminal (stdin and stdout); for scripts use the other commands with --json") }
        CursesTerminal.adoptLocale()
        let dir = options.dataDirectory
        try dir.create()
        var client = try options.client()
        client.readOnly = console.readonly
        let label = if case .unixSocket = client.endpoint { "local \(dir.path)" } else { client.endpoint.label }
        let source = ControlConsoleSource(client: client, label: label)
        try await ConsoleSession.run(source: source, flags: console, logFile: (dir.path as NSString).appendingPathComponent("console.log"),
                                     saveDirectory: dir.path, watchSignals: true, engineInProcess: false) { _ in CursesTerminal.installStopSignalHandlers() }
    }
}
