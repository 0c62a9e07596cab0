import IngestCore

/// Panel 6: invocations, errors, throttles, duration percentiles, concurrency, mappings.
enum FunctionsPanel {
    static let columns: [TableView.Column] = [
        .init(title: "FUNCTION", width: 14, flex: true),
        .init(title: "HANDLER", width: 12, flex: true),
        .init(title: "INVOKED", width: 7, right: true),
        .init(title: "ERRORS", width: 6, right: true),
        .init(title: "THROT", width: 5, right: true),
        .init(title: "P50", width: 7, right: true),
        .init(title: "P99", width: 7, right: true),
        .init(title: "CONC", width: 4, right: true),
        .init(title: "MAPPINGS", width: 12, drop: 1),
    ]

    static func draw(_ rows: [FunctionSummary], _ ctx: RenderContext, into grid: inout Grid) {
        let m = ctx.model
        let table = TableView(columns: columns, items: rows) { f in
            let maps = m.mappings(of: f.name)
            let on = maps.filter(\.enabled).count
            let mapText = maps.isEmpty ? "none" : on == maps.count ? "\(on) enabled" : on == 0 ? "\(maps.count) DISABLED" : "\(on)/\(maps.count) enabled"
            return .init(cells: [
                .init(f.name),
                .init(f.handler),
                .init(Format.count(f.invocations)),
                .init(Format.count(f.errors), f.errors > 0 ? .statusAlarm : .body),
                .init(Format.count(f.throttles), f.throttles > 0 ? .statusWarn : .body),
                .init(Format.millis(f.durationP50)),
                .init(Format.millis(f.durationP99)),
                .init(f.reservedConcurrency.map { "\(f.running)/\($0)" } ?? "\(f.running)"),
                .init(mapText, on < maps.count ? .statusWarn : .body),
            ])
        }
        PanelContent.drawTable(table, ctx, into: &grid, emptyText: "no functions")
    }
}
