import IngestCore

/// Panel 2 (queues) and the DLQ browser's root (panel 3, the dead-letter queues).
enum QueuesPanel {
    static let sparkWidth = 10

    static let columns: [TableView.Column] = [
        .init(title: "NAME", width: 16, flex: true, weight: 3),
        .init(title: "VISIBLE", width: 7, right: true),
        .init(title: "INFLT", width: 5, right: true),
        .init(title: "DELAY", width: 5, right: true, drop: 2),
        .init(title: "OLDEST", width: 6, right: true),
        .init(title: "DLQ / SOURCES", width: 14, flex: true),
        .init(title: "SENT/m", width: 6, right: true, drop: 3),
        .init(title: "RECV/m", width: 6, right: true),
        .init(title: "DEL/m", width: 6, right: true, drop: 4),
        .init(title: "DEPTH", width: sparkWidth, drop: 1),
    ]

    static func draw(_ rows: [QueueStatus], _ ctx: RenderContext, into grid: inout Grid) {
        let m = ctx.model
        let table = TableView(columns: columns, items: rows) { q in
            func rate(_ what: String) -> String { Format.number(m.samples.ratePerMinute("q.\(what).\(q.name)", now: ctx.now)) }
            return .init(cells: [
                name(q),
                .init(Format.count(q.visible)),
                .init(Format.count(q.inFlight)),
                .init(Format.count(q.delayed)),
                .init(Format.age(seconds: Int64(q.ageOfOldestMessage)), q.ageOfOldestMessage >= 300 ? .statusWarn : .body),
                link(q, ctx.glyphs),
                .init(rate("sent")), .init(rate("received")), .init(rate("deleted")),
                .init(ctx.glyphs.sparkline(m.samples.recent("q.depth." + q.name, count: sparkWidth), width: sparkWidth), .sparkline),
            ])
        }
        PanelContent.drawTable(table, ctx, into: &grid, emptyText: "no queues")
    }

    static let deadLetterColumns: [TableView.Column] = [
        .init(title: "DEAD-LETTER QUEUE", width: 18, flex: true, weight: 3),
        .init(title: "MESSAGES", width: 9, right: true),
        .init(title: "OLDEST", width: 7, right: true),
        .init(title: "SOURCES", width: 16, flex: true),
        .init(title: "IN/m", width: 6, right: true, drop: 2),
        .init(title: "DEPTH", width: sparkWidth, drop: 1),
    ]

    static func drawDeadLetterQueues(_ rows: [QueueStatus], _ ctx: RenderContext, into grid: inout Grid) {
        let m = ctx.model
        let table = TableView(columns: deadLetterColumns, items: rows) { q in
            let depth = ConsoleModel.backlog(q)
            return .init(cells: [
                .init(q.name),
                .init(Format.count(depth), depth > 0 ? .statusAlarm : .statusOK),
                .init(Format.age(seconds: Int64(q.ageOfOldestMessage))),
                .init(sources(q).joined(separator: ", ")),
                .init(Format.number(m.samples.ratePerMinute("q.sent." + q.name, now: ctx.now))),
                .init(ctx.glyphs.sparkline(m.samples.recent("q.depth." + q.name, count: sparkWidth), width: sparkWidth), .sparkline),
            ])
        }
        PanelContent.drawTable(table, ctx, into: &grid, emptyText: "no dead-letter queues")
    }

    /// The name, with `[DLQ]` on dead-letter queues (a word, not a colour).
    static func name(_ q: QueueStatus) -> TableView.Cell {
        q.isDeadLetterQueue ? .init(q.name + " [DLQ]", ConsoleModel.backlog(q) > 0 ? .statusAlarm : .body) : .init(q.name)
    }

    /// `→ users-dlq (12)` for a source, `← users-queue` for a DLQ.
    static func link(_ q: QueueStatus, _ g: Glyphs) -> TableView.Cell {
        if q.isDeadLetterQueue { return .init("\(g.arrowLeft) " + sources(q).joined(separator: ", "), .dim) }
        guard let dlq = q.deadLetterQueue else { return .init("") }
        let depth = q.deadLetterQueueDepth ?? 0
        return .init("\(g.arrowRight) \(dlq) (\(Format.count(depth)))", depth > 0 ? .statusAlarm : .body)
    }

    /// The queues and subscriptions that send their dead letters to `q`.
    static func sources(_ q: QueueStatus) -> [String] {
        q.sourceQueues.sorted() + q.sourceSubscriptions.sorted().map { "sub " + Format.lastComponent($0) }
    }
}
