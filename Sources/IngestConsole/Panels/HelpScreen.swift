/// The `?` screen: every binding of the active key table by scope, then the `:` commands. It comes from
/// the same table as dispatch, so read-only mode shows no dangerous key.
enum HelpScreen {
    static func lines(_ m: ConsoleModel) -> [DetailText.Line] {
        var out: [DetailText.Line] = []
        if m.isReadOnly { out.append(DetailText.Line("READ-ONLY: actions that change the engine are not available.", .danger)) }
        for scope in KeyScope.allCases {
            let bindings = m.keyTable.bindings(in: scope)
            if bindings.isEmpty { continue }
            if !out.isEmpty { out.append(DetailText.Line("")) }
            out.append(DetailText.Line(scope.title.uppercased(), .tableHeader))
            for b in bindings {
                out.append(DetailText.Line("  \(b.keyLabel.padding(22)) \(b.help)\(b.isDangerous ? "  [changes the engine: confirmed]" : "")",
                                           b.isDangerous ? .danger : .body))
            }
        }
        out.append(DetailText.Line(""))
        out.append(DetailText.Line("COMMANDS (:)", .tableHeader))
        for c in m.commands {
            let names = ([c.name] + c.aliases).map { ":" + $0 }.joined(separator: ", ") + (c.usage.isEmpty ? "" : " " + c.usage)
            out.append(DetailText.Line("  \(names.padding(22)) \(c.help)", c.isDangerous ? .danger : .body))
        }
        return out
    }

    static func draw(_ ctx: RenderContext, into grid: inout Grid) {
        let l = ctx.layout
        let x = 2, y = 1, w = l.width - 4, h = l.height - 2
        DialogView.frame(x: x, y: y, width: w, height: h, title: "Help: keys from the key table (Esc or ? closes, j/k scroll)",
                         ctx, into: &grid, role: .body)
        let lines = lines(ctx.model)
        let rows = h - 2
        let top = min(ctx.model.helpTop, max(0, lines.count - rows))
        for (r, line) in lines.dropFirst(top).prefix(rows).enumerated() {
            grid.put(line.text, x: x + 2, y: y + 1 + r, role: line.role, maxWidth: w - 4)
        }
    }
}
