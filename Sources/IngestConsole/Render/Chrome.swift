import IngestCore

/// The frame around the panels: header, breadcrumbs and tabs, the panel box, the flash/prompt line.
enum Chrome {
    /// ` ingest · local · up 02:14:09 · READ-ONLY · LIVE` on the left, key hints on the right.
    static func header(_ ctx: RenderContext, into grid: inout Grid) {
        let m = ctx.model
        let g = ctx.glyphs
        grid.fill(x: 0, y: 0, width: ctx.layout.width, height: 1, role: .header)
        let sep = " \(g.separator) "
        let uptime = m.snapshot.map { "\(sep)up \(Format.uptime(seconds: $0.status.now.millis(since: $0.status.startedAt) / 1000))" } ?? ""
        let connection: (String, Role)
        switch m.connection {
        case .connecting: connection = ("CONNECTING", .statusInsufficient)
        case .connected: connection = ("LIVE", .statusOK)
        case .disconnected(_, let retryAt):
            let secs = max(0, (retryAt.millis(since: ctx.now) + 999) / 1000)
            connection = ("DISCONNECTED \(g.dash) retrying in \(secs)s", .statusAlarm)
        }
        let readOnly = m.isReadOnly ? "READ-ONLY" : ""
        // The engine label gives way first, so the state words always fit.
        let fixed = DisplayWidth.of(" ingest" + sep + uptime + sep + connection.0) + (readOnly.isEmpty ? 0 : DisplayWidth.of(sep + readOnly))
        let label = Format.clip(m.options.sourceLabel, max(10, ctx.layout.width - fixed - 26))
        var x = grid.put(" ingest\(sep)\(label)\(uptime)", x: 0, y: 0, role: .header)
        if m.isReadOnly {
            x += grid.put(sep, x: x, y: 0, role: .header)
            x += grid.put(readOnly, x: x, y: 0, role: .danger)
        }
        x += grid.put(sep, x: x, y: 0, role: .header)
        x += grid.put(connection.0, x: x, y: 0, role: connection.1)
        // Hints, right-aligned, as many whole hints as fit.
        let room = ctx.layout.width - x - 3
        // `<?>help` always shows; the view's own hints come first, then the shared ones, as many as fit.
        let help = m.keyTable.hints(for: [.global]).first { $0.hasSuffix(">help") }
        var hints: [String] = []
        var used = help.map { DisplayWidth.of($0) } ?? 0
        for h in m.keyTable.hints(for: m.scopes) where h != help {
            let w = DisplayWidth.of(h) + 1
            if used + w > room { break }
            hints.append(h)
            used += w
        }
        if let help { hints.append(help) }
        var hx = ctx.layout.width - used - 1
        for h in hints {
            if let close = h.firstIndex(of: ">") {
                hx += grid.put(String(h[...close]), x: hx, y: 0, role: .hintKey)
                hx += grid.put(String(h[h.index(after: close)...]) + " ", x: hx, y: 0, role: .header)
            }
        }
    }

    /// `Queues › x-dlq › 9f1c…` on the left; the numbered tabs on the right when they fit.
    static func breadcrumbs(_ ctx: RenderContext, into grid: inout Grid) {
        let m = ctx.model
        let crumbs = " " + m.breadcrumbs.joined(separator: " \(ctx.glyphs.crumb) ")
        let tabs = Panel.allCases.map { "\($0.rawValue) \($0.tab)" }
        let tabsWidth = tabs.reduce(0) { $0 + DisplayWidth.of($1) + 2 }
        let crumbWidth = ctx.layout.width - (tabsWidth + 2 <= ctx.layout.width - DisplayWidth.of(crumbs) ? tabsWidth + 1 : 0)
        grid.put(Format.clip(crumbs, crumbWidth), x: 0, y: 1, role: .crumbs)
        guard tabsWidth + 2 <= ctx.layout.width - DisplayWidth.of(crumbs) else { return }
        var x = ctx.layout.width - tabsWidth
        for (p, t) in zip(Panel.allCases, tabs) {
            let active = p == m.panel
            x += grid.put(active ? "[\(t)]" : " \(t) ", x: x, y: 1, role: active ? .borderFocus : .dim)
        }
    }

    /// The panel's box with its title in the top border.
    static func box(_ ctx: RenderContext, title: String, into grid: inout Grid) {
        let l = ctx.layout
        let role: Role = ctx.model.dialog == nil && !ctx.model.isHelpShown ? .borderFocus : .border
        BoxDrawing.outline(x: 0, y: l.boxTop, width: l.width, height: l.boxBottom - l.boxTop + 1, title: title, glyphs: ctx.glyphs,
                           role: role, into: &grid)
    }

    /// The prompt when one has focus, else the flash, else a short status of the view.
    static func footer(_ ctx: RenderContext, into grid: inout Grid) {
        let m = ctx.model
        let y = ctx.layout.height - 1
        let width = ctx.layout.width
        if let p = m.prompt {
            let x = grid.put(" " + p.label, x: 0, y: y, role: .prompt)
            let room = max(0, width - x - 2)
            let text = DisplayWidth.of(p.text) > room ? String(p.text.suffix(room)) : p.text
            let tx = grid.put(text, x: x, y: y, role: .prompt)
            grid.put(ctx.glyphs.cursor == ">" ? "_" : "█", x: x + tx, y: y, role: .prompt)
            return
        }
        if let f = m.flash {
            let role: Role = f.level == .error ? .flashError : f.level == .warn ? .flashWarn : .flashInfo
            let remaining = max(0, (f.until.millis(since: ctx.now) + 999) / 1000)
            let tag = "[\(f.level.rawValue) \(remaining)s]"
            grid.put(" " + Format.clip(f.text, width - tag.count - 3), x: 0, y: y, role: role)
            grid.put(tag, x: width - tag.count - 1, y: y, role: role)
            return
        }
        let status = PanelContent.status(ctx)
        grid.put(" " + Format.clip(status, width - 2), x: 0, y: y, role: .dim)
    }
}
