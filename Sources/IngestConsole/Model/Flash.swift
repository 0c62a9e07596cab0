import IngestCore

/// A transient message on the bottom line: replies, refusals, hints.
public struct Flash: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable { case info, warn, error }

    /// One line, already free of personal data (it comes from the engine or the model).
    public var text: String
    public var level: Level
    /// When a tick clears it.
    public var until: Timestamp

    /// How long each level stays: errors stay longest.
    static func lifetime(_ level: Level) -> Int64 {
        switch level {
        case .info: return 4_000
        case .warn: return 6_000
        case .error: return 12_000
        }
    }

    init(_ text: String, level: Level, now: Timestamp) {
        self.text = text
        self.level = level
        until = now.adding(millis: Flash.lifetime(level))
    }
}

/// Whether snapshots are arriving.
public enum ConnectionState: Sendable, Hashable {
    /// Before the first snapshot.
    case connecting
    case connected
    /// The loop retries at `retryAt`.
    case disconnected(reason: String, retryAt: Timestamp)
}
