/// One `:` command: its name, what it takes, and whether it changes the engine (then it is left out,
/// like dangerous keys, in read-only mode).
public struct CommandSpec: Sendable, Hashable {
    /// What the argument is completed from.
    public enum Argument: Sendable, Hashable {
        case none, queue, deadLetterQueue, theme, function, handler, panel
    }

    public var name: String
    public var aliases: [String]
    public var argument: Argument
    /// `NAME` or `FUNCTION HANDLER` in the help.
    public var usage: String
    public var help: String
    public var isDangerous: Bool

    public init(_ name: String, aliases: [String] = [], argument: Argument = .none, usage: String = "", help: String,
                isDangerous: Bool = false) {
        self.name = name
        self.aliases = aliases
        self.argument = argument
        self.usage = usage
        self.help = help
        self.isDangerous = isDangerous
    }

    /// Every command, in help order.
    public static let all: [CommandSpec] = [
        CommandSpec("q", aliases: ["quit"], help: "Quit"),
        CommandSpec("pipeline", help: "Pipeline panel"),
        CommandSpec("queues", help: "Queues panel"),
        CommandSpec("dlq", argument: .deadLetterQueue, usage: "[NAME]", help: "DLQ browser, or the messages of one DLQ"),
        CommandSpec("alarms", help: "Alarms panel"),
        CommandSpec("alarm", argument: .none, usage: "NAME", help: "One alarm's history and chart"),
        CommandSpec("logs", help: "Logs panel"),
        CommandSpec("functions", help: "Functions panel"),
        CommandSpec("tables", help: "Tables & stream panel"),
        CommandSpec("moves", aliases: ["tasks"], help: "Move tasks panel"),
        CommandSpec("theme", argument: .theme, usage: "NAME", help: "Switch theme (default, mono, high-contrast)"),
        CommandSpec("help", help: "Show the key help"),
        CommandSpec("redrive", argument: .deadLetterQueue, usage: "[NAME]",
                    help: "Redrive the selected messages, or all of the DLQ shown or named", isDangerous: true),
        CommandSpec("purge", argument: .queue, usage: "NAME", help: "Purge a queue (type its name to confirm)",
                    isDangerous: true),
        CommandSpec("handler", argument: .function, usage: "FUNCTION HANDLER", help: "Switch a function's handler",
                    isDangerous: true),
        CommandSpec("replay", usage: "[FROM [TO]]",
                    help: "Replay the topic archive (a dialog; ISO-8601 FROM/TO add a custom range)", isDangerous: true),
    ]

    /// The commands available with or without read-only mode.
    public static func available(readOnly: Bool) -> [CommandSpec] { readOnly ? all.filter { !$0.isDangerous } : all }
}
