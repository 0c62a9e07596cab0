import ArgumentParser

/// `ingest`: the user-ingestion pipeline as one program, and the commands that operate it.
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Run the user-ingestion pipeline locally (gateway, topic, queues, DLQs) and operate it.",
        discussion: """
            Start an engine with `ingest up --headless`; every other command talks to the engine running on \
            the same data directory (--data-dir, INGEST_DATA_DIR, or $XDG_STATE_HOME/ingest, else \
            ~/.local/state/ingest). Exit codes: 0 success, 1 operation refused or failed, 2 usage error.
            """,
        version: "0.1.0",
        subcommands: [
            UpCommand.self, StatusCommand.self, DLQCommand.self, RedriveCommand.self, MoveTasksCommand.self,
            CancelMoveCommand.self, PurgeCommand.self, ReplayCommand.self, SendCommand.self, KeysCommand.self,
            TemplateCommand.self, AlarmsCommand.self, AlarmHistoryCommand.self, LogsCommand.self, TableCommand.self,
            StreamCommand.self, MetricsCommand.self, FunctionCommand.self, KeyCommand.self, TokenCommand.self, BenchCommand.self,
        ]
    )
}

/// Options every engine-facing command takes.
struct EngineOptions: ParsableArguments {
    @Option(name: .long, help: "The engine's data directory (default: $INGEST_DATA_DIR, $XDG_STATE_HOME/ingest or ~/.local/state/ingest).")
    var dataDir: String?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    var dataDirectory: DataDirectory { DataDirectory.resolve(dataDir) }
}
