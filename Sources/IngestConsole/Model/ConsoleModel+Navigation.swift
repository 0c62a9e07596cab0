import IngestCore

extension ConsoleModel {
    /// Rows a page-sized move jumps: the table body of the last reported terminal size.
    var pageRows: Int { max(1, Layout(width: viewport.width, height: viewport.height).tableRows) }

    /// The last valid cursor position of the current view.
    private var lastRow: Int {
        if view.isDetail {
            let lines = DetailText.lines(for: self, width: Layout(width: viewport.width, height: viewport.height).innerWidth)
            return max(0, lines.count - pageRows)
        }
        return max(0, rowCount - 1)
    }

    mutating func moveCursor(by delta: Int) {
        let target = delta > 0 && cursor > Int.max - delta ? Int.max : cursor + delta
        moveCursor(to: target)
    }

    mutating func moveCursor(to row: Int) {
        let clamped = min(max(0, row), lastRow)
        cursors[view] = clamped
        if !view.isDetail {
            tops[view] = TableView.firstVisible(cursor: clamped, top: tops[view] ?? 0, visible: pageRows, count: rowCount)
        }
        if case .panel(.logs) = view {
            // Scrolling up pauses; reaching the bottom again resumes following.
            following = clamped >= logs.count - 1
        }
    }

    /// Keeps the cursor on the same row after the rows changed (a snapshot, a page, a filter): by id
    /// when the row is still there, else clamped to the rows.
    mutating func clampCursor() {
        if case .panel(.logs) = view {
            if following { cursors[view] = max(0, logs.count - 1) }
            return
        }
        guard !view.isDetail else { return }
        if let id = cursorIds[view], let i = rowIds.firstIndex(of: id) {
            cursors[view] = i
        } else if cursors[view] != nil {
            cursors[view] = min(cursors[view] ?? 0, lastRow)
        }
        rememberCursor()
    }

    /// Notes the id of the row under the cursor (after every key).
    mutating func rememberCursor() {
        guard !view.isDetail, view != .panel(.logs) else { return }
        let ids = rowIds
        cursorIds[view] = ids.indices.contains(cursor) ? ids[cursor] : nil
    }

    mutating func switchPanel(_ p: Panel, now: Timestamp) -> [Effect] {
        setRoot(p)
        if p == .logs, following { followToEnd() }
        return []
    }

    /// Enter: drill into the row under the cursor.
    mutating func open(now: Timestamp) -> [Effect] {
        switch view {
        case .panel(.queues):
            guard let q = current(queueRows) else { return [] }
            return openQueue(q.isDeadLetterQueue ? q.name : (q.deadLetterQueue ?? q.name), now: now)
        case .panel(.deadLetters):
            guard let q = current(deadLetterQueueRows) else { return [] }
            return openQueue(q.name, now: now)
        case .deadLetters(let queue):
            guard let m = current(deadLetterRows) else { return [] }
            push(.message(queue: queue, messageId: m.messageId))
            return load(.messageLogs(messageId: m.messageId), now: now)
        case .panel(.alarms):
            guard let a = current(alarmRows) else { return [] }
            push(.alarm(a.name))
            return alarmLoads(a, now: now)
        case .panel(.tables):
            guard let t = current(tableRows) else { return [] }
            push(.table(t.name))
            return tableLoads(t.name, now: now)
        case .panel(.logs):
            guard logs.count > 0, let line = logs[min(cursor, logs.count - 1)].line else { return [] }
            guard let rid = line.requestId else {
                setFlash("this line has no request id", .info, now: now)
                return []
            }
            push(.invocation(requestId: rid))
            return load(.logs(LogQuery(requestId: rid, limit: 500)), now: now)
        case .panel(.functions):
            guard let f = current(functionRows) else { return [] }
            setRoot(.logs)
            logs.setFilter(LogFilter(source: f.name))
            followToEnd()
            return []
        default:
            return []
        }
    }

    /// Opens a queue's messages in the DLQ browser, reading the first page.
    mutating func openQueue(_ name: String, now: Timestamp) -> [Effect] {
        push(.deadLetters(queue: name))
        deadLetters = DeadLetterBrowser(queue: name)
        return load(deadLetters!.readCommand, now: now)
    }

    /// Sends a read unless the same read is still pending; remembers when, for the periodic reload.
    mutating func load(_ command: ConsoleCommand, now: Timestamp) -> [Effect] {
        guard !pending.contains(command) else { return [] }
        loadedAt[command] = now
        pending.insert(command)
        return [.command(command)]
    }

    func alarmMetricCommand(_ a: AlarmSummary) -> ConsoleCommand {
        .metric(namespace: a.metric.namespace, name: a.metric.name, dimensions: a.metric.dimensions, minutes: 60)
    }

    mutating func alarmLoads(_ a: AlarmSummary, now: Timestamp) -> [Effect] {
        load(.alarmHistory(alarm: a.name), now: now) + load(alarmMetricCommand(a), now: now)
    }

    mutating func tableLoads(_ table: String, now: Timestamp) -> [Effect] {
        load(.tableItems(table: table, limit: 20), now: now) + load(.streamRecords(table: table, limit: 20), now: now)
    }

    /// `l`: moves the cursor from a queue to its DLQ, or from a DLQ to its first source.
    mutating func jumpToLinkedQueue(now: Timestamp) {
        let rows = panel == .deadLetters ? deadLetterQueueRows : queueRows
        guard let q = current(rows) else { return }
        let target = q.deadLetterQueue ?? q.sourceQueues.sorted().first
        guard let target else {
            setFlash("\(q.name) has no linked queue", .info, now: now)
            return
        }
        if panel == .deadLetters || rows.firstIndex(where: { $0.name == target }) == nil {
            setRoot(.queues)
            filters[.panel(.queues)] = nil
        }
        if let i = queueRows.firstIndex(where: { $0.name == target }) { cursors[view] = i }
    }

    // MARK: DLQ selection and paging

    mutating func toggleSelection() {
        guard let m = current(deadLetterRows) else { return }
        if deadLetters?.selected.contains(m.messageId) == true {
            deadLetters?.selected.remove(m.messageId)
        } else {
            deadLetters?.selected.insert(m.messageId)
        }
        moveCursor(by: 1)
    }

    mutating func selectPage() {
        let ids = Set(deadLetterRows.map(\.messageId))
        guard !ids.isEmpty, let b = deadLetters else { return }
        if ids.isSubset(of: b.selected) { deadLetters?.selected.subtract(ids) } else { deadLetters?.selected.formUnion(ids) }
    }

    mutating func nextPage(now: Timestamp) -> [Effect] {
        guard var b = deadLetters, let next = b.page?.nextCursor else { return [] }
        b.previous.append(b.after)
        b.after = next
        deadLetters = b
        cursors[view] = 0
        return load(b.readCommand, now: now)
    }

    mutating func previousPage(now: Timestamp) -> [Effect] {
        guard var b = deadLetters, let back = b.previous.popLast() else { return [] }
        b.after = back
        deadLetters = b
        cursors[view] = 0
        return load(b.readCommand, now: now)
    }
}
