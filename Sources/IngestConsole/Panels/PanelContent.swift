import IngestCore

/// Chooses what the panel box shows for the current view, and the title in its border.
enum PanelContent {
    /// Draws the current view's content; returns the box title (`2 Queues(7) </dlq>`).
    static func draw(_ ctx: RenderContext, into grid: inout Grid) -> String {
        let m = ctx.model
        let number = "\(m.panel.rawValue) "
        let badge = m.filter.map { " " + $0.badge } ?? ""
        switch m.view {
        case .panel(.pipeline):
            PipelinePanel.draw(ctx, into: &grid)
            return number + "Pipeline"
        case .panel(.queues):
            let rows = m.queueRows
            QueuesPanel.draw(rows, ctx, into: &grid)
            return number + "Queues(\(rows.count))" + badge
        case .panel(.deadLetters):
            let rows = m.deadLetterQueueRows
            QueuesPanel.drawDeadLetterQueues(rows, ctx, into: &grid)
            return number + "Dead-letter queues(\(rows.count))" + badge
        case .deadLetters(let queue):
            DeadLettersPanel.draw(ctx, into: &grid)
            let total = m.deadLetters?.page?.total
            return number + "Messages(\(total.map(Format.count) ?? "…")) \(queue)" + badge + (m.options.peekNotice.map { " · \($0); ^R peeks again" } ?? "")
        case .message(let queue, let id):
            DetailView.draw(ctx, into: &grid)
            return number + "Message \(id) in \(queue)"
        case .panel(.alarms):
            let rows = m.alarmRows
            AlarmsPanel.draw(rows, ctx, into: &grid)
            return number + "Alarms(\(rows.count))" + badge
        case .alarm(let name):
            DetailView.draw(ctx, into: &grid)
            return number + "Alarm \(name)"
        case .panel(.logs):
            LogsPanel.draw(ctx, into: &grid)
            let text = m.logs.filter.text
            return number + "Logs(\(Format.count(m.logs.count)))" + (text.isEmpty ? "" : " " + text.badge)
        case .invocation(let rid):
            DetailView.draw(ctx, into: &grid)
            return number + "Invocation \(rid)"
        case .panel(.functions):
            let rows = m.functionRows
            FunctionsPanel.draw(rows, ctx, into: &grid)
            return number + "Functions(\(rows.count))" + badge
        case .panel(.tables):
            let rows = m.tableRows
            TablesPanel.draw(rows, ctx, into: &grid)
            return number + "Tables & stream(\(rows.count))" + badge
        case .table(let name):
            DetailView.draw(ctx, into: &grid)
            return number + "Table \(name)"
        case .panel(.moveTasks):
            let rows = m.moveTaskRows
            MoveTasksPanel.draw(rows, ctx, into: &grid)
            return number + "Move tasks(\(rows.count))" + badge
        }
    }

    /// The bottom line when there is no prompt and no flash.
    static func status(_ ctx: RenderContext) -> String {
        let m = ctx.model
        let sep = " \(ctx.glyphs.separator) "
        switch m.view {
        case .deadLetters:
            guard let b = m.deadLetters else { return "" }
            let shown = b.page?.messages.count ?? 0
            let total = b.page?.total ?? 0
            var parts = ["page \(b.pageNumber)", "\(Format.count(shown)) of \(Format.count(total)) shown"]
            if !b.selected.isEmpty { parts.append("\(Format.count(b.selected.count)) selected") }
            if b.page?.nextCursor != nil { parts.append("] next page") }
            if b.pageNumber > 1 { parts.append("[ previous page") }
            return parts.joined(separator: sep)
        case .panel(.logs):
            return "\(m.isFollowing ? "FOLLOW" : "PAUSED")\(sep)\(Format.count(m.logs.count)) lines\(sep)G resumes follow\(sep)? help"
        default:
            let rows = m.rowCount
            return rows > 0 ? "row \(min(m.cursor + 1, rows)) of \(Format.count(rows))\(sep)? help" : "? help"
        }
    }

    /// The role and word for an alarm state: never colour alone.
    static func alarmState(_ s: AlarmState) -> TableView.Cell {
        switch s {
        case .ok: return .init("OK", .statusOK)
        case .alarm: return .init("ALARM", .statusAlarm)
        case .insufficientData: return .init("INSUFFICIENT_DATA", .statusInsufficient)
        }
    }

    /// The first visible row of a view, as the model last kept it.
    static func top(_ ctx: RenderContext) -> Int { ctx.model.tops[ctx.model.view] ?? 0 }

    /// Draws a table in the content area with the model's cursor.
    static func drawTable(_ table: TableView, _ ctx: RenderContext, into grid: inout Grid, emptyText: String) {
        table.draw(into: &grid, x: ctx.contentX - 1, y: ctx.contentY, width: ctx.contentWidth + 1, height: ctx.contentRows,
                   cursor: table.count == 0 ? nil : ctx.model.cursor, top: top(ctx), glyphs: ctx.glyphs)
        if table.count == 0 {
            let text = ctx.model.snapshot == nil ? "waiting for the engine…" : (ctx.model.filter != nil ? "no rows match the filter" : emptyText)
            grid.put(text, x: ctx.contentX + 1, y: ctx.contentY + 2, role: .dim)
        }
    }
}
