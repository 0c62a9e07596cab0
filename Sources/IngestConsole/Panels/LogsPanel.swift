import IngestCore

/// Panel 5: the log ring, following by default. The first row is the indicator strip
/// (`FOLLOW`/`PAUSED`, `WRAP`, `TIME`, the filters); lines below, the cursor line highlighted when paused.
enum LogsPanel {
    static func draw(_ ctx: RenderContext, into grid: inout Grid) {
        let m = ctx.model
        indicators(ctx, into: &grid)
        let rows = ctx.contentRows - 1
        let width = ctx.contentWidth
        guard rows > 0 else { return }
        if m.logs.count == 0 {
            let text = m.logs.filter.isActive ? "no lines match the filter (Esc clears it)" : "no log lines yet"
            grid.put(text, x: ctx.contentX, y: ctx.contentY + 2, role: .dim)
            return
        }
        let cursor = m.isFollowing ? m.logs.count - 1 : min(m.cursor, m.logs.count - 1)
        func block(_ i: Int) -> (index: Int, lines: [String], role: Role) {
            let (text, role) = format(m.logs[i], ctx)
            return (i, m.logsWrap ? wrap(text, width: width) : [slice(text, from: m.logsColumn, width: width)], role)
        }
        // Paused: from the kept top down, as long as the cursor line fits; otherwise (and when following)
        // from the cursor line upwards, so it is the lowest line shown.
        var blocks: [(index: Int, lines: [String], role: Role)] = []
        var used = 0
        if !m.isFollowing {
            var i = TableView.firstVisible(cursor: cursor, top: m.tops[.panel(.logs)] ?? 0, visible: rows, count: m.logs.count)
            while i < m.logs.count, used < rows {
                let b = block(i)
                blocks.append(b)
                used += b.lines.count
                i += 1
            }
        }
        var through = 0
        var cursorFits = false
        for b in blocks {
            through += b.lines.count
            if b.index == cursor {
                cursorFits = through <= rows
                break
            }
        }
        if !cursorFits {
            blocks = []
            used = 0
            var i = cursor
            while i >= 0, used < rows {
                let b = block(i)
                blocks.insert(b, at: 0)
                used += b.lines.count
                i -= 1
            }
            // The oldest block may not fit whole: keep its last lines.
            if used > rows, var first = blocks.first {
                first.lines = Array(first.lines.suffix(first.lines.count - (used - rows)))
                blocks[0] = first
            }
        }
        var y = ctx.contentY + 1
        for block in blocks {
            for line in block.lines where y < ctx.contentY + 1 + rows {
                grid.put(line, x: ctx.contentX, y: y, role: block.role)
                if !m.isFollowing, block.index == cursor { grid.paint(x: ctx.contentX - 1, y: y, count: width + 2, role: .tableCursor) }
                y += 1
            }
        }
    }

    /// `FOLLOW  WRAP  TIME   source: all  level: all  1,204 lines`.
    static func indicators(_ ctx: RenderContext, into grid: inout Grid) {
        let m = ctx.model
        let y = ctx.contentY
        var x = ctx.contentX
        func flag(_ text: String, _ on: Bool) {
            x += grid.put(" \(text) ", x: x, y: y, role: on ? .logsIndicatorOn : .logsIndicatorOff) + 1
        }
        flag(m.isFollowing ? "FOLLOW" : "PAUSED", m.isFollowing)
        flag(m.logsWrap ? "WRAP" : "NOWRAP", m.logsWrap)
        flag(m.logsTimestamps ? "TIME" : "NOTIME", m.logsTimestamps)
        let f = m.logs.filter
        var parts = ["source: \(f.source ?? "all")", "level: \(f.minLevel.map { $0 == .error ? "ERROR" : "\($0.rawValue)+" } ?? "all")"]
        if !f.text.isEmpty { parts.append("text: \(f.text.text)") }
        if !m.logsWrap, m.logsColumn > 0 { parts.append("col \(m.logsColumn + 1)") }
        grid.put(" " + parts.joined(separator: "  "), x: x, y: y, role: .dim, maxWidth: ctx.contentX + ctx.contentWidth - x)
    }

    /// One entry as text and the role its level is drawn in (the level word is always in the text).
    static func format(_ entry: LogEntry, _ ctx: RenderContext) -> (String, Role) {
        switch entry {
        case .mark(let at):
            let g = ctx.glyphs.horizontal
            return ("\(String(repeating: g, count: 4)) mark \(Format.clock(at)) \(String(repeating: g, count: 40))", .borderFocus)
        case .line(let l):
            let time = ctx.model.logsTimestamps ? Format.clockMillis(l.at) + " " : ""
            let rid = l.requestId.map { " " + String($0.prefix(8)) } ?? ""
            let level = l.level.rawValue.padding(5)
            let role: Role = l.level == .error ? .statusAlarm : l.level == .warn ? .statusWarn : l.level == .debug ? .dim : .body
            return ("\(time)\(level) \(l.source)\(rid) \(l.message)", role)
        }
    }

    /// Columns `from..<from+width` of a line (horizontal scroll).
    static func slice(_ text: String, from: Int, width: Int) -> String {
        var col = 0
        var out = ""
        for ch in text {
            let w = DisplayWidth.of(ch)
            if col >= from {
                if col + w - from > width { break }
                out.append(ch)
            }
            col += w
        }
        return out
    }

    /// Wraps at `width` display columns.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        var line = ""
        var w = 0
        for ch in text where ch != "\n" {
            let cw = DisplayWidth.of(ch)
            if w + cw > width {
                lines.append(line)
                line = ""
                w = 0
            }
            line.append(ch)
            w += cw
        }
        lines.append(line)
        return lines
    }
}

extension String {
    /// Pads with spaces on the right to `width` characters.
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
