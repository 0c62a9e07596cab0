import IngestCore

/// The text of the detail views (a DLQ message, an alarm, a table, an invocation), already wrapped to
/// the content width: the model scrolls it and the renderer draws it.
enum DetailText {
    struct Line: Hashable {
        var text: String
        var role: Role
        init(_ text: String, _ role: Role = .body) {
            self.text = text
            self.role = role
        }
    }

    static func lines(for m: ConsoleModel, width: Int, now: Timestamp? = nil) -> [Line] {
        let now = now ?? m.snapshot?.status.now ?? Timestamp(millis: 0)
        let raw: [Line]
        switch m.view {
        case .message(let queue, let id): raw = message(m, queue: queue, id: id, now: now)
        case .alarm(let name): raw = AlarmDetail.lines(m, name: name, width: width, now: now)
        case .table(let name): raw = table(m, name: name)
        case .invocation(let rid): raw = invocation(m, requestId: rid)
        default: raw = []
        }
        return raw.flatMap { line in LogsPanel.wrap(line.text, width: width).map { Line($0, line.role) } }
    }

    /// A body pretty-printed when it is JSON, as is otherwise.
    static func prettyBody(_ body: String) -> String {
        guard let json = try? JSONValue.parse(body) else { return body }
        return json.pretty()
    }

    static func message(_ m: ConsoleModel, queue: String, id: String, now: Timestamp) -> [Line] {
        guard let d = m.deadLetters?.message(id) else { return [Line("message \(id) is no longer on the page (Esc goes back)", .dim)] }
        func when(_ t: Timestamp?) -> String { t.map { "\($0.iso8601) (\(Format.age($0, now: now)) ago)" } ?? "–" }
        var out: [Line] = [
            Line("Queue      \(queue)"),
            Line("Source     \(d.sourceQueue ?? d.sourceArn ?? "unknown")"),
            Line("Receives   \(d.receiveCount)   state \(d.state.rawValue)"),
            Line("Failure    \(d.failureReason ?? "–")", d.failureReason == nil ? .body : .statusWarn),
            Line(""),
            Line("HISTORY", .tableHeader),
            Line("  sent            \(when(d.sentTimestamp))"),
            Line("  first failure   \(when(d.firstFailureAt))"),
            Line("  last failure    \(when(d.lastFailureAt))"),
            Line("  dead-lettered   \(when(d.arrivedAt))"),
            Line(""),
            Line("ATTRIBUTES", .tableHeader),
        ]
        if d.attributes.isEmpty { out.append(Line("  none", .dim)) }
        for (name, value) in d.attributes.sorted(by: { $0.key < $1.key }) {
            let shown = value.stringValue ?? value.binaryValue.map { "\($0.count) bytes" } ?? ""
            out.append(Line("  \(name) (\(value.dataType)) = \(shown)"))
        }
        out.append(Line(""))
        out.append(Line("BODY", .tableHeader))
        out += prettyBody(d.body).split(separator: "\n", omittingEmptySubsequences: false).map { Line("  " + $0) }
        out.append(Line(""))
        if let lines = m.messageLogs[id] {
            out.append(Line("LOGS OF THE FAILED INVOCATIONS (\(lines.count) lines)", .tableHeader))
            if lines.isEmpty { out.append(Line("  no log lines mention this message (they may have left the log book)", .dim)) }
            out += lines.map(logLine)
        } else {
            out.append(Line("LOGS OF THE FAILED INVOCATIONS (loading…)", .tableHeader))
        }
        return out
    }

    static func logLine(_ l: LogLine) -> Line {
        let role: Role = l.level == .error ? .statusAlarm : l.level == .warn ? .statusWarn : .body
        return Line("  \(Format.clockMillis(l.at)) \(l.level.rawValue.padding(5)) \(l.source) \(l.requestId.map { String($0.prefix(8)) } ?? "-") \(l.message)", role)
    }

    static func table(_ m: ConsoleModel, name: String) -> [Line] {
        var out: [Line] = []
        if let t = m.snapshot?.tables.first(where: { $0.name == name }) {
            out.append(Line("Key        \(t.keySchema)"))
            out.append(Line("Items      \(Format.count(t.itemCount)) (\(Format.count(t.sizeBytes)) bytes)"))
            out.append(Line("Stream     \(t.streamViewType?.rawValue ?? "none")"))
        }
        out.append(Line(""))
        out.append(Line("STREAM CONSUMERS", .tableHeader))
        let consumers = m.streamConsumers(of: name)
        if consumers.isEmpty { out.append(Line("  none", .dim)) }
        for c in consumers {
            guard let s = c.stream else { continue }
            let state = s.enabled ? (s.retrying ? "RETRYING (attempt \(s.attempts))" : "OK") : "DISABLED"
            out.append(Line("  \(c.logicalId) \(s.function): position \(s.checkpoint ?? "trim horizon"), lag \(Format.count(s.lag)), \(state), \(s.discardedBatches) discarded",
                            s.retrying ? .statusAlarm : .body))
        }
        out.append(Line(""))
        let items = m.tableItems[name]
        out.append(Line("RECENT ITEMS\(items.map { " (\($0.count))" } ?? " (loading…)")", .tableHeader))
        out += (items ?? []).map { Line("  " + $0.serialized()) }
        out.append(Line(""))
        let records = m.streamRecords[name]
        out.append(Line("RECENT STREAM RECORDS\(records.map { " (\($0.count))" } ?? " (loading…)")", .tableHeader))
        out += (records ?? []).map { Line("  " + $0.serialized()) }
        return out
    }

    static func invocation(_ m: ConsoleModel, requestId: String) -> [Line] {
        let fromRing = m.logs.filtered.compactMap(\.line).filter { $0.requestId == requestId }
        let lines = m.invocationLines[requestId] ?? fromRing
        var out = [Line("LOG LINES OF REQUEST \(requestId) (\(lines.count))", .tableHeader)]
        out += lines.map(logLine)
        return out
    }
}
