import DequeModule
import Foundation
import IngestCore

/// Lambda functions' CloudWatch Logs as the console's log lines: polled with FilterLogEvents from where the
/// last poll stopped, numbered in arrival order, redacted, bounded.
struct AWSLogTail: Sendable {
    private(set) var lines: Deque<LogLine> = []
    private(set) var lastId: UInt64 = 0
    /// Per group: the newest timestamp seen and the event ids at it (FilterLogEvents' start time is inclusive).
    private var positions: [String: (millis: Int64, ids: Set<String>)] = [:]
    let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = capacity }

    static func group(of function: String) -> String { "/aws/lambda/\(function)" }

    /// Where a group's next poll starts: its position, or `since` for a group not yet read.
    func start(of group: String, since: Int64) -> Int64 { positions[group]?.millis ?? since }

    /// Adds the events of one poll of several groups, oldest first, skipping what an earlier poll gave.
    mutating func append(_ events: [LogEvent]) {
        for e in events.sorted(by: { ($0.timestamp, $0.eventId) < ($1.timestamp, $1.eventId) }) {
            var p = positions[e.group] ?? (millis: Int64.min, ids: [])
            if e.timestamp < p.millis || (e.timestamp == p.millis && p.ids.contains(e.eventId)) { continue }
            if e.timestamp > p.millis { p = (e.timestamp, []) }
            p.ids.insert(e.eventId)
            positions[e.group] = p
            lastId += 1
            lines.append(Self.line(e, id: lastId))
            if lines.count > capacity { lines.removeFirst() }
        }
    }

    /// Lines after `after` (or the newest ones), at most `limit`.
    func lines(after: UInt64?, limit: Int) -> [LogLine] {
        guard let after else { return Array(lines.suffix(limit)) }
        return Array(lines.filter { $0.id > after }.prefix(limit))
    }

    /// One event as a log line: the function from the group, the level and request id from Lambda's formats
    /// (`START RequestId: …`, Node's `time\tid\tLEVEL\tmessage`, Python's `[LEVEL]\ttime\tid\tmessage`).
    static func line(_ e: LogEvent, id: UInt64) -> LogLine {
        let source = e.group.hasPrefix("/aws/lambda/") ? String(e.group.dropFirst("/aws/lambda/".count)) : e.group
        let message = e.message.trimmingCharacters(in: .whitespacesAndNewlines)
        return LogLine(id: id, at: Timestamp(millis: e.timestamp), level: level(of: message), source: source,
                       requestId: requestId(in: message), message: Redaction.redact(body(of: message)))
    }

    /// The message without the time, request id and level a runtime's logger puts before it (the line
    /// shows those in their own columns).
    static func body(of message: String) -> String {
        let fields = message.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count == 4, requestId(in: String(fields[1])) != nil || requestId(in: String(fields[2])) != nil else { return message }
        let levels: Set<Substring> = ["ERROR", "WARN", "INFO", "DEBUG", "TRACE", "FATAL", "[ERROR]", "[WARNING]", "[WARN]", "[INFO]", "[DEBUG]", "[CRITICAL]"]
        guard levels.contains(fields[2]) || levels.contains(fields[0]) else { return message }
        return String(fields[3])
    }

    static func level(of message: String) -> LogLevel {
        let head = message.prefix(120)
        if head.contains("\tERROR\t") || head.hasPrefix("[ERROR]") || head.contains("\tFATAL\t") || head.hasPrefix("[CRITICAL]")
            || head.contains("Task timed out") || head.contains("Runtime.") { return .error }
        if head.contains("\tWARN\t") || head.hasPrefix("[WARN") { return .warn }
        if head.contains("\tDEBUG\t") || head.hasPrefix("[DEBUG]") { return .debug }
        return .info
    }

    /// The first UUID-shaped word (Lambda request ids are UUIDs).
    static func requestId(in message: String) -> String? {
        for word in message.prefix(200).split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let w = word.trimmingCharacters(in: CharacterSet(charactersIn: ":,"))
            if w.count == 36, w.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12], UUID(uuidString: w) != nil { return w.lowercased() }
        }
        return nil
    }
}
