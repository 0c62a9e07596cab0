/// Where a binding applies. A view consults its own scope, then `list` (cursor movement), then `global`.
public enum KeyScope: String, Sendable, Hashable, CaseIterable {
    case global
    /// Cursor movement and drill-down, in every view with rows or lines.
    case list
    case pipeline
    /// The Queues panel and the DLQ browser's list of dead-letter queues.
    case queues
    /// The messages of one dead-letter queue.
    case deadLetters
    /// One dead-letter message.
    case message
    case alarms
    case logs
    case functions
    /// The Tables & stream panel and one table's detail.
    case tables
    case moveTasks

    /// The heading in the help screen and the key reference.
    public var title: String {
        switch self {
        case .global: return "Everywhere"
        case .list: return "Lists and text"
        case .pipeline: return "Pipeline (1)"
        case .queues: return "Queues (2) and DLQ list (3)"
        case .deadLetters: return "DLQ messages (3)"
        case .message: return "DLQ message detail"
        case .alarms: return "Alarms (4)"
        case .logs: return "Logs (5)"
        case .functions: return "Functions (6)"
        case .tables: return "Tables & stream (7)"
        case .moveTasks: return "Move tasks (8)"
        }
    }
}
