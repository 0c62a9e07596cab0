import IngestCore

/// Draws a ``ConsoleModel`` into a ``Grid``: pure, no terminal, no clock (the loop passes `now`).
public enum Renderer {
    /// The whole screen for a model at a size. Below 80×24 only a notice is drawn.
    public static func render(_ model: ConsoleModel, width: Int, height: Int, now: Timestamp) -> Grid {
        var grid = Grid(width: width, height: height)
        var layout = Layout(width: width, height: height)
        if layout.isTooSmall {
            let notice = "terminal too small (need \(Layout.minWidth)x\(Layout.minHeight))"
            let x = max(0, (width - notice.count) / 2)
            grid.put(notice, x: x, y: height / 2, role: .statusWarn)
            return grid
        }
        let glyphs = model.options.ascii ? Glyphs.ascii : Glyphs.unicode
        let logsFullscreen = model.logsFullscreen && model.view == .panel(.logs)
        layout.fullscreen = logsFullscreen
        let ctx = RenderContext(model: model, layout: layout, glyphs: glyphs, now: now)
        if !logsFullscreen {
            Chrome.header(ctx, into: &grid)
            Chrome.breadcrumbs(ctx, into: &grid)
        }
        let title = PanelContent.draw(ctx, into: &grid)
        Chrome.box(ctx, title: title, into: &grid)
        Chrome.footer(ctx, into: &grid)
        if model.isHelpShown { HelpScreen.draw(ctx, into: &grid) }
        if let dialog = model.dialog { DialogView.draw(dialog, ctx, into: &grid) }
        if model.options.ascii { Glyphs.asciify(&grid) }
        return grid
    }
}

/// What every drawing function needs.
struct RenderContext {
    let model: ConsoleModel
    let layout: Layout
    let glyphs: Glyphs
    let now: Timestamp

    /// The content rectangle inside the panel box.
    var contentX: Int { layout.contentLeft }
    var contentY: Int { layout.contentTop }
    var contentWidth: Int { layout.innerWidth }
    var contentRows: Int { layout.contentRows }
}
