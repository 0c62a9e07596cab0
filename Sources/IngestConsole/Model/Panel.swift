/// The eight top-level panels, reached with the number keys and Tab.
public enum Panel: Int, Sendable, Hashable, CaseIterable {
    case pipeline = 1, queues, deadLetters, alarms, logs, functions, tables, moveTasks

    /// The panel's name in its title and the breadcrumbs.
    public var title: String {
        switch self {
        case .pipeline: return "Pipeline"
        case .queues: return "Queues"
        case .deadLetters: return "DLQ browser"
        case .alarms: return "Alarms"
        case .logs: return "Logs"
        case .functions: return "Functions"
        case .tables: return "Tables & stream"
        case .moveTasks: return "Move tasks"
        }
    }

    /// The short name in the tab strip.
    public var tab: String {
        switch self {
        case .pipeline: return "Pipeline"
        case .queues: return "Queues"
        case .deadLetters: return "DLQ"
        case .alarms: return "Alarms"
        case .logs: return "Logs"
        case .functions: return "Functions"
        case .tables: return "Tables"
        case .moveTasks: return "Moves"
        }
    }

    /// The next panel, wrapping around (`by` is +1 for Tab, -1 for Shift-Tab).
    func cycled(by step: Int) -> Panel {
        let n = Panel.allCases.count
        return Panel(rawValue: ((rawValue - 1 + step) % n + n) % n + 1) ?? .pipeline
    }
}

/// One level of the navigation stack: a panel's root, or something opened from it.
public enum View: Sendable, Hashable {
    case panel(Panel)
    /// The messages of one queue (normally a DLQ).
    case deadLetters(queue: String)
    case message(queue: String, messageId: String)
    case alarm(String)
    case table(String)
    /// The log lines of one invocation (request id).
    case invocation(requestId: String)

    /// The key scope this view dispatches in (before `list` and `global`).
    var scope: KeyScope {
        switch self {
        case .panel(let p):
            switch p {
            case .pipeline: return .pipeline
            case .queues, .deadLetters: return .queues
            case .alarms: return .alarms
            case .logs: return .logs
            case .functions: return .functions
            case .tables: return .tables
            case .moveTasks: return .moveTasks
            }
        case .deadLetters: return .deadLetters
        case .message: return .message
        case .alarm: return .alarms
        case .table: return .tables
        case .invocation: return .logs
        }
    }

    /// The breadcrumb for this level.
    var crumb: String {
        switch self {
        case .panel(let p): return p.title
        case .deadLetters(let q): return q
        case .message(_, let id): return id
        case .alarm(let a): return a
        case .table(let t): return t
        case .invocation(let r): return "request \(r)"
        }
    }

    /// Views that show text to scroll rather than rows to pick.
    var isDetail: Bool {
        switch self {
        case .message, .alarm, .table, .invocation: return true
        case .panel, .deadLetters: return false
        }
    }
}
