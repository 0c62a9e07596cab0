import IngestAPI
import IngestCore

/// What the console model asks its driver loop to do. The model stays pure: it never performs I/O, it
/// returns effects, and the loop reports their outcome back (``ConsoleInput``).
public enum Effect: Sendable, Hashable {
    /// Send a command to the engine; the loop answers with ``ConsoleInput/reply(_:_:)``.
    case command(ConsoleCommand)
    /// Take a snapshot now, outside the refresh rate (Ctrl-R).
    case refreshNow
    /// Open `$EDITOR` on a DLQ message's body; the loop answers with ``ConsoleInput/edited(queue:messageId:body:)``.
    case editBody(queue: String, messageId: String, body: String)
    /// Write these (already filtered) log lines to a file; the loop answers with ``ConsoleInput/saved(path:)``.
    case saveLogs([LogLine])
    /// Stop the process (SIGTSTP) and redraw everything when resumed.
    case suspend
    case quit
}

/// Everything that reaches the model besides keys, stamped by the loop with the engine-independent wall
/// clock `now` it passes along.
public enum ConsoleInput: Sendable {
    /// A fresh snapshot.
    case snapshot(ConsoleSnapshot)
    /// The outcome of an ``Effect/command(_:)``; failures carry the engine's one-line message.
    case reply(ConsoleCommand, Result<ConsoleReply, ConsoleFailure>)
    /// The connection to the engine was lost; the loop retries after `retryIn` seconds.
    case disconnected(reason: String, retryIn: Double)
    /// The editor closed; `body` is `nil` when it was left unchanged or failed.
    case edited(queue: String, messageId: String, body: String?)
    /// Logs were saved (or not, with an error).
    case saved(path: String?, error: String?)
    /// Something the loop wants the operator to read in the flash line (a refused suspend, say).
    case notice(String, isError: Bool)
}

/// Why a command failed, in one line for the flash area.
public struct ConsoleFailure: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
