import IngestAPI
import IngestCore

extension ConsoleModel {
    /// Takes a snapshot, a command's outcome, a disconnection, an edited body or a save result.
    public mutating func receive(_ input: ConsoleInput, now: Timestamp) -> [Effect] {
        switch input {
        case .snapshot(let s):
            applySnapshot(s, now: now)
            if case .panel(.logs) = view, following { followToEnd() }
            clampCursor()
            return []
        case .disconnected(let reason, let retryIn):
            setDisconnected(reason: reason, retryIn: retryIn, now: now)
            pending.removeAll()
            return []
        case .reply(let command, let result):
            pending.remove(command)
            switch result {
            case .success(let reply): return apply(reply, to: command, now: now)
            case .failure(let failure):
                setFlash(failure.message, .error, now: now)
                return []
            }
        case .edited(let queue, let messageId, let body):
            guard let body else {
                setFlash("edit of \(messageId) left unchanged; nothing sent", .info, now: now)
                return []
            }
            guard !isReadOnly else { return [] }
            let source = deadLetters?.message(messageId)?.sourceQueue ?? "its source queue"
            dialog = Dialog(title: "Send edited message",
                            message: ["Send the edited \(messageId) to \(source) and remove it from \(queue)?",
                                      "\(Format.count(body.utf8.count)) bytes."],
                            action: .command(.resend(queue: queue, messageId: messageId, body: body, to: nil)))
            return []
        case .saved(let path, let error):
            if let path { setFlash("saved \(Format.count(logs.count)) lines to \(path)", .info, now: now) }
            else { setFlash("could not save the logs: \(error ?? "unknown error")", .error, now: now) }
            return []
        case .notice(let text, let isError):
            setFlash(text, isError ? .error : .warn, now: now)
            return []
        }
    }

    /// Stores a read's result, or reports a change and refreshes what it changed.
    private mutating func apply(_ reply: ConsoleReply, to command: ConsoleCommand, now: Timestamp) -> [Effect] {
        switch reply {
        case .deadLetters(let page):
            guard var b = deadLetters, command == b.readCommand else { return [] }
            b.page = page
            deadLetters = b
            clampCursor()
            return []
        case .logLines(let lines):
            if case .messageLogs(let id) = command { messageLogs[id] = lines }
            if case .logs(let q) = command, let rid = q.requestId { invocationLines[rid] = lines }
            return []
        case .alarmHistory(let items):
            if case .alarmHistory(let name) = command { alarmHistory[name] = items }
            return []
        case .metric(let series):
            if case .metric = command, let series, let alarm = snapshot?.alarms.first(where: { alarmMetricCommand($0) == command }) {
                alarmSeries[alarm.name] = series
            }
            return []
        case .tableItems(let table, let items):
            tableItems[table] = items
            return []
        case .streamRecords(let table, let records):
            streamRecords[table] = records
            return []
        case .moveTask(let task):
            let count = task.selectedMessageIds?.count ?? task.approximateNumberOfMessagesToMove
            setFlash("redrive started: \(Format.count(count)) message\(count == 1 ? "" : "s") from \(Format.lastComponent(task.sourceArn)) → \(task.destinationArn.map(Format.lastComponent) ?? "their sources") (8: Move tasks)", .info, now: now)
            deadLetters?.selected.removeAll()
            return afterChange(now: now)
        case .purged(let result):
            setFlash("purged \(Format.count(result.purged)) messages from \(result.queue)", .info, now: now)
            return afterChange(now: now)
        case .deleted(let queue, let id):
            setFlash("deleted \(id) from \(queue)", .info, now: now)
            deadLetters?.selected.remove(id)
            if case .message(_, id) = view { pop() }
            return afterChange(now: now)
        case .resent(let queue, let id, let newId):
            setFlash("sent \(id) from \(queue) as \(newId)", .info, now: now)
            if case .message(_, id) = view { pop() }
            return afterChange(now: now)
        case .configured(let r):
            let state = r.mappings.isEmpty ? "" : (r.mappings.allSatisfy(\.enabled) ? ", mappings enabled" : r.mappings.contains(where: \.enabled) ? ", some mappings disabled" : ", mappings disabled")
            let runs = r.function.runtime.map { "runs \($0) \(r.function.runtimeHandler ?? "") from \(r.function.code ?? "?")" } ?? "handler \(r.function.handler)"
            setFlash("\(r.function.name): \(runs)\(state)", .info, now: now)
            return afterChange(now: now)
        case .replayed(let r):
            setFlash("replayed \(Format.count(r.messages)) messages: \(Format.count(r.deliveries)) deliveries, \(Format.count(r.filteredOut)) filtered out, \(Format.count(r.failed)) failed", r.failed > 0 ? .warn : .info, now: now)
            return afterChange(now: now)
        case .streamReset(let s):
            setFlash("\(s.mapping) reset: checkpoint \(s.checkpoint ?? "trim horizon"), lag \(Format.count(s.lag))", .info, now: now)
            return afterChange(now: now)
        }
    }

    /// After a change: a fresh snapshot, and the open DLQ page read again.
    private mutating func afterChange(now: Timestamp) -> [Effect] {
        var effects: [Effect] = [.refreshNow]
        // Where reading a page receives its messages (SQS), not at once: a peek would hide the messages
        // from the move just started. ^R reads it again.
        if let b = deadLetters, options.peekNotice == nil { effects += load(b.readCommand, now: now) }
        return effects
    }

    /// The sample key of a move task's moved count (a source can have several tasks over time).
    static func moveTaskKey(_ t: MoveTaskInfo) -> String { "mv.\(t.sourceArn).\(t.startedTimestamp)" }

    /// Samples the counters and gauges the rates and sparklines come from.
    mutating func recordSamples(_ s: ConsoleSnapshot, now: Timestamp) {
        for q in s.status.queues {
            samples.record("q.depth." + q.name, Double(ConsoleModel.backlog(q)), at: now)
            samples.record("q.sent." + q.name, Double(q.counters.sent), at: now)
            samples.record("q.received." + q.name, Double(q.counters.received), at: now)
            samples.record("q.deleted." + q.name, Double(q.counters.deleted), at: now)
        }
        for t in s.status.topics { samples.record("t.published." + t.name, Double(t.published), at: now) }
        for f in s.functions {
            samples.record("f.invocations." + f.name, Double(f.invocations), at: now)
            samples.record("f.errors." + f.name, Double(f.errors), at: now)
        }
        for t in s.tables { samples.record("table.items." + t.name, Double(t.itemCount), at: now) }
        for t in s.status.moveTasks where t.status == .running {
            samples.record(ConsoleModel.moveTaskKey(t), Double(t.approximateNumberOfMessagesMoved), at: now)
        }
        let lag = s.mappings.compactMap(\.stream?.lag).reduce(0, +)
        samples.record("stream.lag", Double(lag), at: now)
    }
}
