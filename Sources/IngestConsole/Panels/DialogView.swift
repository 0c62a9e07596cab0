/// The centered confirmation dialog: target and impact, options, the word to type, OK and Cancel.
enum DialogView {
    static func draw(_ d: Dialog, _ ctx: RenderContext, into grid: inout Grid) {
        let l = ctx.layout
        let w = min(76, l.width - 4)
        var body: [(String, Role)] = d.message.map { ($0, .dialog) }
        body.append(("", .dialog))
        for (i, o) in d.options.enumerated() {
            let value = o.values.indices.contains(o.index) ? o.values[o.index] : ""
            let focused = d.focus == i
            body.append(("\(focused ? ctx.glyphs.cursor : " ") \(o.label.padding(6)) \(ctx.glyphs.arrowLeft) \(value) \(ctx.glyphs.arrowRight)",
                         focused ? .tableCursor : .dialog))
        }
        if let word = d.confirmWord {
            if !d.options.isEmpty { body.append(("", .dialog)) }
            body.append(("Type \(word) to confirm: \(d.typed)\(ctx.glyphs.cursor == ">" ? "_" : "█")", d.isConfirmEnabled ? .dialog : .danger))
        }
        body.append(("", .dialog))
        let h = body.count + 4
        let x = (l.width - w) / 2
        let y = max(1, (l.height - h) / 2)
        frame(x: x, y: y, width: w, height: h, title: d.title, ctx, into: &grid, role: .dialog)
        for (r, line) in body.enumerated() {
            grid.put(Format.clip(line.0, w - 4), x: x + 2, y: y + 1 + r, role: line.1)
        }
        // Buttons: OK (disabled until the word is typed) and Cancel, the focused one reversed and marked.
        let ok = d.isConfirmEnabled ? "[ OK ]" : "[ OK (type to enable) ]"
        let cancel = "[ Cancel ]"
        let by = y + h - 2
        var bx = x + w - DisplayWidth.of(ok) - DisplayWidth.of(cancel) - 6
        let okRole: Role = d.focus == d.okIndex ? .tableCursor : d.isConfirmEnabled ? .dialog : .dim
        bx += grid.put((d.focus == d.okIndex ? ctx.glyphs.cursor : " ") + ok, x: bx, y: by, role: okRole) + 2
        grid.put((d.focus == d.cancelIndex ? ctx.glyphs.cursor : " ") + cancel, x: bx, y: by,
                 role: d.focus == d.cancelIndex ? .tableCursor : .dialog)
    }

    /// A filled box with a title, for dialogs and the help screen.
    static func frame(x: Int, y: Int, width w: Int, height h: Int, title: String, _ ctx: RenderContext, into grid: inout Grid,
                      role: Role) {
        grid.fill(x: x, y: y, width: w, height: h, role: role)
        BoxDrawing.outline(x: x, y: y, width: w, height: h, title: title, glyphs: ctx.glyphs, role: .borderFocus, into: &grid)
    }
}
