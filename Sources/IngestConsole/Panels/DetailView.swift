import IngestCore

/// Draws a detail view's text, scrolled to the model's position.
enum DetailView {
    static func draw(_ ctx: RenderContext, into grid: inout Grid) {
        let lines = DetailText.lines(for: ctx.model, width: ctx.contentWidth, now: ctx.now)
        let top = min(ctx.model.cursor, max(0, lines.count - ctx.contentRows))
        for (r, line) in lines.dropFirst(top).prefix(ctx.contentRows).enumerated() {
            grid.put(line.text, x: ctx.contentX, y: ctx.contentY + r, role: line.role)
        }
        if lines.count > ctx.contentRows {
            let more = "\(top + 1)-\(min(lines.count, top + ctx.contentRows)) of \(lines.count)"
            grid.put(" \(more) ", x: ctx.layout.width - more.count - 4, y: ctx.layout.boxBottom, role: .dim)
        }
    }
}
