import IngestCore

/// The rows each list view shows, filtered and in a stable order (full tie-breakers), shared by the key
/// handling (what the cursor points at) and the renderer (what is drawn).
extension ConsoleModel {
    /// Messages waiting in a queue: visible + in flight + delayed.
    static func backlog(_ q: QueueStatus) -> Int { q.visible + q.inFlight + q.delayed }

    /// Queues by backlog, largest first, then name.
    public var queueRows: [QueueStatus] {
        let queues = snapshot?.status.queues ?? []
        return filtered(queues.sorted { (ConsoleModel.backlog($0), $1.name) > (ConsoleModel.backlog($1), $0.name) },
                        in: .panel(.queues)) { $0.name + ($0.isDeadLetterQueue ? " [DLQ]" : "") }
    }

    /// The dead-letter queues, deepest first, then name (the DLQ browser's root).
    public var deadLetterQueueRows: [QueueStatus] {
        let dlqs = (snapshot?.status.queues ?? []).filter(\.isDeadLetterQueue)
        return filtered(dlqs.sorted { (ConsoleModel.backlog($0), $1.name) > (ConsoleModel.backlog($1), $0.name) },
                        in: .panel(.deadLetters)) { "\($0.name) \($0.sourceQueues.joined(separator: " "))" }
    }

    /// The messages of the open DLQ page, in queue order.
    public var deadLetterRows: [DeadLetterView] {
        guard let b = deadLetters, let page = b.page else { return [] }
        return filtered(page.messages, in: .deadLetters(queue: b.queue)) {
            "\($0.messageId) \($0.sourceQueue ?? "") \($0.failureReason ?? "")"
        }
    }

    /// Alarms in ALARM first, then INSUFFICIENT_DATA, then OK; by name within a state.
    public var alarmRows: [AlarmSummary] {
        func rank(_ s: AlarmState) -> Int { s == .alarm ? 0 : s == .insufficientData ? 1 : 2 }
        let alarms = (snapshot?.alarms ?? []).sorted { (rank($0.state), $0.name) < (rank($1.state), $1.name) }
        return filtered(alarms, in: .panel(.alarms)) { "\($0.name) \($0.state.rawValue) \($0.metric.name) \($0.reason)" }
    }

    /// Functions by name.
    public var functionRows: [FunctionSummary] {
        filtered((snapshot?.functions ?? []).sorted { $0.name < $1.name }, in: .panel(.functions)) { "\($0.name) \($0.handler)" }
    }

    /// Tables by name.
    public var tableRows: [TableSummary] {
        filtered((snapshot?.tables ?? []).sorted { $0.name < $1.name }, in: .panel(.tables)) { $0.name }
    }

    /// Running move tasks first, then newest first, then by source.
    public var moveTaskRows: [MoveTaskInfo] {
        let tasks = (snapshot?.status.moveTasks ?? []).sorted {
            let a = ($0.status == .running ? 0 : 1, -$0.startedTimestamp, $0.sourceArn)
            let b = ($1.status == .running ? 0 : 1, -$1.startedTimestamp, $1.sourceArn)
            return a < b
        }
        return filtered(tasks, in: .panel(.moveTasks)) { "\($0.sourceArn) \($0.destinationArn ?? "") \($0.status.rawValue)" }
    }

    /// The stream consumers (mappings with a stream position) of a table.
    func streamConsumers(of table: String) -> [MappingSummary] {
        (snapshot?.mappings ?? []).filter { $0.stream?.table == table }.sorted { $0.logicalId < $1.logicalId }
    }

    /// The event source mappings of a function.
    func mappings(of function: String) -> [MappingSummary] {
        (snapshot?.mappings ?? []).filter { $0.function == function }.sorted { $0.logicalId < $1.logicalId }
    }

    /// How many rows the current list view has (lines for the log view; 0 for detail views).
    var rowCount: Int {
        switch view {
        case .panel(let p):
            switch p {
            case .pipeline: return 0
            case .queues: return queueRows.count
            case .deadLetters: return deadLetterQueueRows.count
            case .alarms: return alarmRows.count
            case .logs: return logs.count
            case .functions: return functionRows.count
            case .tables: return tableRows.count
            case .moveTasks: return moveTaskRows.count
            }
        case .deadLetters: return deadLetterRows.count
        case .message, .alarm, .table, .invocation: return 0
        }
    }

    /// The ids of the current list view's rows, in order.
    var rowIds: [String] {
        switch view {
        case .panel(.queues): return queueRows.map(\.name)
        case .panel(.deadLetters): return deadLetterQueueRows.map(\.name)
        case .panel(.alarms): return alarmRows.map(\.name)
        case .panel(.functions): return functionRows.map(\.name)
        case .panel(.tables): return tableRows.map(\.name)
        case .panel(.moveTasks): return moveTaskRows.map { "\($0.sourceArn) \($0.startedTimestamp)" }
        case .deadLetters: return deadLetterRows.map(\.messageId)
        case .panel(.pipeline), .panel(.logs), .message, .alarm, .table, .invocation: return []
        }
    }

    /// The row under the cursor of a list, if any.
    func current<T>(_ rows: [T]) -> T? {
        let c = cursor
        return rows.indices.contains(c) ? rows[c] : nil
    }

    private func filtered<T>(_ rows: [T], in view: View, text: (T) -> String) -> [T] {
        guard let f = filters[view], !f.isEmpty else { return rows }
        return rows.filter { f.matches(text($0)) }
    }
}
