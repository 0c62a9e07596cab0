import IngestAPI
import IngestCore

/// Something the console asks of the engine beyond the periodic snapshot: a page to read or a change to
/// make. Changes are refused by a read-only engine whatever the console shows.
public enum ConsoleCommand: Sendable, Hashable, Codable {
    // Reads.
    /// A page of a dead-letter queue (any queue, in fact), after a cursor.
    case deadLetters(queue: String, after: UInt64?, limit: Int)
    /// The log lines of every invocation whose log mentions the message id (the failures that sent it to a DLQ).
    case messageLogs(messageId: String)
    /// An alarm's history, newest first.
    case alarmHistory(alarm: String)
    /// One metric's one-minute datapoints for the last `minutes` minutes.
    case metric(namespace: String, name: String, dimensions: [String: String], minutes: Int)
    /// Log lines matching a query (for filters and jumps to a request id).
    case logs(LogQuery)
    /// A page of a table's items.
    case tableItems(table: String, limit: Int)
    /// A table's newest stream records.
    case streamRecords(table: String, limit: Int)

    // Changes.
    case redrive(RedriveRequest)
    case cancelMoveTask(source: String)
    case purge(queue: String)
    case deleteMessage(queue: String, messageId: String)
    /// Sends a DLQ message (with an edited body, when given) to its source queue or `to`, and removes it from the DLQ.
    case resend(queue: String, messageId: String, body: String?, to: String?)
    case configureFunction(name: String, body: ControlAPI.ConfigureFunctionBody)
    /// Deploys code (a path on the engine's machine; a relative one is taken from the console's directory).
    case updateCode(name: String, path: String)
    case replay(ControlAPI.ReplayRequest)
    case resetStream(ControlAPI.StreamReplayBody)

    /// Whether the command changes the engine (hidden and refused in read-only mode).
    public var isChange: Bool {
        switch self {
        case .deadLetters, .messageLogs, .alarmHistory, .metric, .logs, .tableItems, .streamRecords: return false
        case .redrive, .cancelMoveTask, .purge, .deleteMessage, .resend, .configureFunction, .updateCode, .replay, .resetStream: return true
        }
    }
}

/// What a ``ConsoleCommand`` returned.
public enum ConsoleReply: Sendable, Hashable, Codable {
    case deadLetters(DeadLetterPage)
    case logLines([LogLine])
    case alarmHistory([AlarmHistoryItem])
    case metric(ControlAPI.MetricSeries?)
    /// Items as plain JSON objects (DynamoDB types unwrapped).
    case tableItems(table: String, items: [JSONValue])
    case streamRecords(table: String, records: [JSONValue])
    case moveTask(MoveTaskInfo)
    case purged(PurgeResult)
    case deleted(queue: String, messageId: String)
    /// The new message id in the destination queue.
    case resent(queue: String, messageId: String, newMessageId: String)
    case configured(FunctionConfiguration)
    case replayed(ReplayResult)
    case streamReset(StreamConsumerStatus)
}
