import IngestCore

/// Panel 3 drilled into one DLQ: a page of its messages, with the selection marked.
enum DeadLettersPanel {
    static let columns: [TableView.Column] = [
        .init(title: "MESSAGE ID", width: 14, flex: true),
        .init(title: "AGE", width: 7, right: true),
        .init(title: "RECEIVES", width: 8, right: true),
        .init(title: "SOURCE", width: 14, drop: 1),
        .init(title: "FAILURE REASON", width: 18, flex: true),
    ]

    static func draw(_ ctx: RenderContext, into grid: inout Grid) {
        let m = ctx.model
        let selected = m.deadLetters?.selected ?? []
        let table = TableView(columns: columns, items: m.deadLetterRows) { d in
            .init(cells: [
                .init(d.messageId),
                .init(Format.age(d.arrivedAt, now: ctx.now)),
                .init(Format.count(d.receiveCount)),
                .init(d.sourceQueue ?? d.sourceArn.map(Format.lastComponent) ?? "–"),
                .init(d.failureReason ?? "–", d.failureReason == nil ? .dim : .statusWarn),
            ], selected: selected.contains(d.messageId))
        }
        let empty = m.deadLetters?.page == nil ? "loading the first page…" : "this queue is empty"
        PanelContent.drawTable(table, ctx, into: &grid, emptyText: empty)
    }
}
