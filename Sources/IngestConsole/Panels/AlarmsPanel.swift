import IngestCore

/// Panel 4: every alarm, its state spelled out, value against threshold, since when, why.
enum AlarmsPanel {
    static let columns: [TableView.Column] = [
        .init(title: "STATE", width: 17),
        .init(title: "NAME", width: 16, flex: true, weight: 2),
        .init(title: "VALUE", width: 9, right: true),
        .init(title: "THRESHOLD", width: 11, right: true),
        .init(title: "SINCE", width: 8, right: true),
        .init(title: "REASON", width: 16, flex: true, drop: 1),
    ]

    static func draw(_ rows: [AlarmSummary], _ ctx: RenderContext, into grid: inout Grid) {
        let table = TableView(columns: columns, items: rows) { a in
            .init(cells: [
                PanelContent.alarmState(a.state),
                .init(a.name),
                .init(Format.number(a.value)),
                .init("\(a.comparisonSymbol) \(Format.number(a.threshold))"),
                .init(Format.age(a.since, now: ctx.now)),
                .init(a.reason, .dim),
            ])
        }
        PanelContent.drawTable(table, ctx, into: &grid, emptyText: "no alarms")
    }
}
