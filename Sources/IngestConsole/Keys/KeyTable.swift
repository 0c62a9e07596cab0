/// The console's one key table. Dispatch, the header hints, the `?` screen and the generated key
/// reference all read it; a key that is not here does not exist. `--readonly` builds the table without
/// the dangerous bindings, so they are neither shown nor reachable.
public struct KeyTable: Sendable, Hashable {
    /// Every active binding, scope by scope, in help order.
    public let bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// The full table, or without dangerous bindings when `readOnly`.
    public static func standard(readOnly: Bool) -> KeyTable {
        KeyTable(bindings: readOnly ? all.filter { !$0.isDangerous } : all)
    }

    /// The binding for `key` in the first of `scopes` that binds it.
    public func binding(for key: Key, in scopes: [KeyScope]) -> KeyBinding? {
        for scope in scopes {
            if let b = bindings.first(where: { $0.scope == scope && $0.keys.contains(key) }) { return b }
        }
        return nil
    }

    /// The bindings of one scope, in table order.
    public func bindings(in scope: KeyScope) -> [KeyBinding] { bindings.filter { $0.scope == scope } }

    /// Whether an action is reachable at all (false for dangerous actions in read-only mode).
    public func contains(_ action: KeyAction) -> Bool { bindings.contains { $0.action == action } }

    /// Header hints for a view: its own scope first, then the shared ones.
    public func hints(for scopes: [KeyScope]) -> [String] {
        scopes.flatMap { scope in bindings(in: scope).compactMap(\.hintText) }
    }

    /// Every binding of the console, scope by scope.
    static let all: [KeyBinding] = global + list + pipeline + queues + deadLetters + message + logs + functions + tables + moveTasks

    static let global: [KeyBinding] = [
        KeyBinding(.quit, [.char("q"), .ctrl("c")], "Quit (only when no prompt has focus)", scope: .global, hint: "quit"),
        KeyBinding(.help, [.char("?")], "Show or hide this help", scope: .global, hint: "help"),
        KeyBinding(.filter, [.char("/")], "Filter the current table (substring; /!text inverts)", scope: .global, hint: "filter"),
        KeyBinding(.command, [.char(":")], "Command line (:q, :dlq NAME, :theme NAME; Tab completes)", scope: .global, hint: "cmd"),
        KeyBinding(.back, [.escape], "Back one level; clears an active filter first", scope: .global),
        KeyBinding(.refresh, [.ctrl("r")], "Refresh now, and read an open DLQ page again", scope: .global),
        KeyBinding(.suspend, [.ctrl("z")], "Suspend to the shell (fg resumes)", scope: .global),
        KeyBinding(.nextPanel, [.tab], "Next panel", scope: .global),
        KeyBinding(.previousPanel, [.backTab], "Previous panel", scope: .global),
        KeyBinding(.panelPipeline, [.char("1")], "Pipeline panel", scope: .global),
        KeyBinding(.panelQueues, [.char("2")], "Queues panel", scope: .global),
        KeyBinding(.panelDeadLetters, [.char("3")], "DLQ browser", scope: .global),
        KeyBinding(.panelAlarms, [.char("4")], "Alarms panel", scope: .global),
        KeyBinding(.panelLogs, [.char("5")], "Logs panel", scope: .global),
        KeyBinding(.panelFunctions, [.char("6")], "Functions panel", scope: .global),
        KeyBinding(.panelTables, [.char("7")], "Tables & stream panel", scope: .global),
        KeyBinding(.panelMoveTasks, [.char("8")], "Move tasks panel", scope: .global),
    ]

    static let list: [KeyBinding] = [
        KeyBinding(.down, [.char("j"), .down], "Move down", scope: .list),
        KeyBinding(.up, [.char("k"), .up], "Move up", scope: .list),
        KeyBinding(.top, [.char("g"), .home], "First row", scope: .list),
        KeyBinding(.bottom, [.char("G"), .end], "Last row (in logs: resume follow)", scope: .list),
        KeyBinding(.pageDown, [.pageDown, .ctrl("d"), .ctrl("f")], "Page down", scope: .list),
        KeyBinding(.pageUp, [.pageUp, .ctrl("u"), .ctrl("b")], "Page up", scope: .list),
        KeyBinding(.open, [.enter], "Open the row under the cursor", scope: .list, hint: "open"),
    ]

    static let pipeline: [KeyBinding] = [
        KeyBinding(.replay, [.char("r")], "Replay a time range of the topic archive (to the topic or one subscription)",
                   scope: .pipeline, isDangerous: true, hint: "replay"),
    ]

    static let queues: [KeyBinding] = [
        KeyBinding(.linkedQueue, [.char("l")], "Jump to the linked queue (source ↔ its DLQ)", scope: .queues, hint: "linked"),
        KeyBinding(.redriveAll, [.char("R")], "Redrive every message of the DLQ under the cursor (type to confirm)",
                   scope: .queues, isDangerous: true, hint: "redrive"),
        KeyBinding(.purge, [.char("P")], "Purge the queue under the cursor (type its name to confirm)",
                   scope: .queues, isDangerous: true, hint: "purge"),
    ]

    static let deadLetters: [KeyBinding] = [
        KeyBinding(.toggleSelect, [.char(" ")], "Select or unselect the message", scope: .deadLetters, hint: "select"),
        KeyBinding(.selectPage, [.char("a")], "Select every message on this page (again: clear)", scope: .deadLetters),
        KeyBinding(.nextPage, [.char("]"), .char("n")], "Next page", scope: .deadLetters),
        KeyBinding(.previousPage, [.char("["), .char("p")], "Previous page", scope: .deadLetters),
        KeyBinding(.redriveSelected, [.char("r")], "Redrive the selected messages (or the one under the cursor)",
                   scope: .deadLetters, isDangerous: true, hint: "redrive"),
        KeyBinding(.redriveAllMessages, [.char("R")], "Redrive every message of this DLQ (type to confirm)",
                   scope: .deadLetters, isDangerous: true),
        KeyBinding(.editMessage, [.char("e")], "Edit the message body in $EDITOR, then send it to its source",
                   scope: .deadLetters, isDangerous: true, hint: "edit"),
        KeyBinding(.deleteMessage, [.char("d")], "Delete the message", scope: .deadLetters, isDangerous: true, hint: "delete"),
        KeyBinding(.purgeDeadLetters, [.char("P")], "Purge this DLQ (type its name to confirm)", scope: .deadLetters,
                   isDangerous: true),
    ]

    static let message: [KeyBinding] = [
        KeyBinding(.redriveMessage, [.char("r")], "Redrive this message to its source", scope: .message, isDangerous: true,
                   hint: "redrive"),
        KeyBinding(.editDetailMessage, [.char("e")], "Edit the body in $EDITOR, then send it to its source",
                   scope: .message, isDangerous: true, hint: "edit"),
        KeyBinding(.deleteDetailMessage, [.char("d")], "Delete this message", scope: .message, isDangerous: true,
                   hint: "delete"),
    ]

    static let logs: [KeyBinding] = [
        KeyBinding(.wrap, [.char("w")], "Wrap long lines", scope: .logs, hint: "wrap"),
        KeyBinding(.timestamps, [.char("t")], "Show timestamps", scope: .logs, hint: "time"),
        KeyBinding(.cycleSource, [.char("s")], "Filter by source: all, each function, engine, gateway", scope: .logs,
                   hint: "source"),
        KeyBinding(.cycleLevel, [.char("v")], "Filter by level: all, INFO+, WARN+, ERROR", scope: .logs, hint: "level"),
        KeyBinding(.mark, [.char("m")], "Add a mark (a rule with the time)", scope: .logs),
        KeyBinding(.fullscreen, [.char("f")], "Fullscreen", scope: .logs),
        KeyBinding(.save, [.ctrl("s")], "Save the filtered lines to a file", scope: .logs),
        KeyBinding(.scrollLeft, [.left, .char("h")], "Scroll left half a screen", scope: .logs),
        KeyBinding(.scrollRight, [.right, .char("l")], "Scroll right half a screen", scope: .logs),
    ]

    static let functions: [KeyBinding] = [
        KeyBinding(.switchHandler, [.char("H")], "Switch the function's handler, or deploy its code (code PATH)", scope: .functions,
                   isDangerous: true, hint: "handler"),
        KeyBinding(.toggleMappings, [.char("E")], "Enable or disable the function's event source mappings",
                   scope: .functions, isDangerous: true, hint: "enable/disable"),
    ]

    static let tables: [KeyBinding] = [
        KeyBinding(.resetStream, [.char("X")], "Reset the table's stream consumer to a sequence number or time",
                   scope: .tables, isDangerous: true, hint: "reset consumer"),
    ]

    static let moveTasks: [KeyBinding] = [
        KeyBinding(.cancelMoveTask, [.char("c")], "Cancel the running move task", scope: .moveTasks, isDangerous: true,
                   hint: "cancel"),
    ]
}
