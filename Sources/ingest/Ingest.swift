import ArgumentParser

/// `ingest`: the user-ingestion pipeline as one program, and the commands that operate it.
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Run the user-ingestion pipeline locally (gateway, topic, queues, DLQs) and operate it.",
        discussion: """
            Start an engine with `ingest up --headless`; every other command talks to the engine running on \
            the same data directory (--data-dir, INGEST_DATA_DIR, or $XDG_STATE_HOME/ingest, else \
            ~/.local/state/ingest), or to a remote one with --engine URL --token T (INGEST_ENGINE, \
            INGEST_TOKEN; see `ingest token`). Exit codes: 0 success, 1 operation refused or failed, 2 usage error.
            """,
        version: "0.1.0",
        subcommands: [
            UpCommand.self, StatusCommand.self, DLQCommand.self, RedriveCommand.self, MoveTasksCommand.self,
            CancelMoveCommand.self, PurgeCommand.self, ReplayCommand.self, SendCommand.self, KeysCommand.self,
            TemplateCommand.self, AlarmsCommand.self, AlarmHistoryCommand.self, LogsCommand.self, TableCommand.self,
            StreamCommand.self, MetricsCommand.self, FunctionCommand.self, KeyCommand.self, TokenCommand.self, AWSKeyCommand.self, BenchCommand.self, AttachConsoleCommand.self,
        ]
    )
}
