import IngestAPI
import IngestCore

/// Where a console gets its data and sends its commands: an engine in this process or one attached over
/// the control API. The console model never calls it; the loop that drives the model does.
public protocol ConsoleSource: Sendable {
    /// What the header shows: `local ~/.local/state/ingest` or `https://ops-box:7070`.
    var label: String { get }
    /// The periodic snapshot, with log lines after `logsAfter` (at most `logLimit`).
    func snapshot(logsAfter: UInt64?, logLimit: Int) async throws -> ConsoleSnapshot
    /// A read or a change. Changes may be refused by the engine (read-only mode or a read-only token).
    func perform(_ command: ConsoleCommand) async throws -> ConsoleReply
}
