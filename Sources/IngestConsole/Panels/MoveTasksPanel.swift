import IngestCore

/// Panel 8: running and past redrives with progress bars.
enum MoveTasksPanel {
    static let barWidth = 16

    static let columns: [TableView.Column] = [
        .init(title: "STATUS", width: 10),
        .init(title: "SOURCE", width: 12, flex: true),
        .init(title: "DESTINATION", width: 12, flex: true),
        .init(title: "PROGRESS", width: barWidth + 5),
        .init(title: "MOVED", width: 13, right: true),
        .init(title: "RATE (MAX)", width: 13, right: true, drop: 2),
        .init(title: "STARTED", width: 8, right: true, drop: 1),
    ]

    static func draw(_ rows: [MoveTaskInfo], _ ctx: RenderContext, into grid: inout Grid) {
        let table = TableView(columns: columns, items: rows) { t in
            let done = t.approximateNumberOfMessagesMoved, total = t.approximateNumberOfMessagesToMove
            let pct = total > 0 ? min(100, done * 100 / total) : (t.status == .completed ? 100 : 0)
            return .init(cells: [
                status(t.status),
                .init(Format.lastComponent(t.sourceArn)),
                .init(t.destinationArn.map(Format.lastComponent) ?? "their sources"),
                .init(ctx.glyphs.bar(done: pct, total: 100, width: barWidth) + " " + Format.fit("\(pct)%", 4, right: true), .sparkline),
                .init("\(Format.count(done))/\(Format.count(total))"),
                .init(rate(t, ctx)),
                .init(Format.age(Timestamp(millis: t.startedTimestamp), now: ctx.now)),
            ])
        }
        PanelContent.drawTable(table, ctx, into: &grid, emptyText: "no move tasks yet: redrive from a DLQ (3) to start one")
        if let failed = rows.first(where: { $0.failureReason != nil }), let reason = failed.failureReason,
           rows.count + 3 < ctx.contentRows {
            grid.put("last failure: " + Format.clip(reason, ctx.contentWidth - 16), x: ctx.contentX, y: ctx.contentY + rows.count + 2,
                     role: .statusAlarm)
        }
    }

    /// The observed rate of a running task and its limit: `9.8/s (10)`, `– (auto)`.
    static func rate(_ t: MoveTaskInfo, _ ctx: RenderContext) -> String {
        let observed = t.status == .running ? ctx.model.samples.ratePerMinute(ConsoleModel.moveTaskKey(t), now: ctx.now).map { $0 / 60 } : nil
        return "\(observed.map { Format.number($0) + "/s" } ?? "–") (\(t.maxNumberOfMessagesPerSecond.map(String.init) ?? "auto"))"
    }

    static func status(_ s: MoveTaskStatus) -> TableView.Cell {
        switch s {
        case .running: return .init("RUNNING", .statusWarn)
        case .completed: return .init("COMPLETED", .statusOK)
        case .cancelling: return .init("CANCELLING", .statusWarn)
        case .cancelled: return .init("CANCELLED", .dim)
        case .failed: return .init("FAILED", .statusAlarm)
        }
    }
}
