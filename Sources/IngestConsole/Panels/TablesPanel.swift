import IngestCore

/// Panel 7: tables with their item counts, stream and consumer position and lag.
enum TablesPanel {
    static let columns: [TableView.Column] = [
        .init(title: "TABLE", width: 14, flex: true),
        .init(title: "ITEMS", width: 9, right: true),
        .init(title: "ITEMS/m", width: 7, right: true, drop: 2),
        .init(title: "STREAM", width: 18, drop: 3),
        .init(title: "CONSUMER", width: 14, flex: true),
        .init(title: "POSITION", width: 21, right: true, drop: 1),
        .init(title: "LAG", width: 6, right: true),
    ]

    static func draw(_ rows: [TableSummary], _ ctx: RenderContext, into grid: inout Grid) {
        let m = ctx.model
        let table = TableView(columns: columns, items: rows) { t in
            let consumers = m.streamConsumers(of: t.name).compactMap(\.stream)
            let lag = consumers.reduce(0) { $0 + $1.lag }
            let consumer = consumers.map { "\($0.function)\($0.enabled ? "" : " (DISABLED)")\($0.retrying ? " RETRYING" : "")" }
                .joined(separator: ", ")
            return .init(cells: [
                .init(t.name),
                .init(Format.count(t.itemCount)),
                .init(Format.number(m.samples.ratePerMinute("table.items." + t.name, now: ctx.now))),
                .init(t.streamViewType?.rawValue ?? "no stream", t.streamViewType == nil ? .dim : .body),
                .init(consumers.isEmpty ? "–" : consumer, consumers.contains(where: \.retrying) ? .statusAlarm : .body),
                .init(consumers.first?.checkpoint ?? (consumers.isEmpty ? "–" : "trim horizon")),
                .init(consumers.isEmpty ? "–" : Format.count(lag), lag > 0 ? .statusWarn : .body),
            ])
        }
        PanelContent.drawTable(table, ctx, into: &grid, emptyText: "no tables")
    }
}
