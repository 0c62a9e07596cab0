/// The characters the renderer draws with: Unicode by default, plain ASCII with `--ascii`.
struct Glyphs: Sendable {
    let topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical: Character
    /// The cursor row marker.
    let cursor: String
    /// A row selected with space.
    let selected: String
    let arrowRight, arrowDown, arrowLeft, separator, crumb, dash, ellipsis: String
    /// Sparkline levels, lowest first.
    let spark: [Character]
    let barFull, barEmpty: Character
    let thresholdLine: Character

    static let unicode = Glyphs(topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│",
                                cursor: "▸", selected: "●", arrowRight: "→", arrowDown: "↓", arrowLeft: "←", separator: "·",
                                crumb: "›", dash: "—", ellipsis: "…", spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
                                barFull: "█", barEmpty: "░", thresholdLine: "┄")

    static let ascii = Glyphs(topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|",
                              cursor: ">", selected: "*", arrowRight: "->", arrowDown: "v", arrowLeft: "<-", separator: "-",
                              crumb: ">", dash: "-", ellipsis: "...", spark: ["_", ".", ",", "-", "~", "=", "+", "#"],
                              barFull: "#", barEmpty: ".", thresholdLine: "-")

    /// A sparkline of `values` scaled to their maximum, `width` characters, newest on the right.
    func sparkline(_ values: [Double], width: Int) -> String {
        let shown = values.suffix(width)
        let top = shown.max() ?? 0
        var out = String(repeating: " ", count: width - shown.count)
        for v in shown {
            let level = top <= 0 ? 0 : Int((v / top * Double(spark.count - 1)).rounded())
            out.append(spark[max(0, min(spark.count - 1, level))])
        }
        return out
    }

    /// A progress bar of `width` characters for `done` of `total`.
    func bar(done: Int, total: Int, width: Int) -> String {
        let filled = total <= 0 ? 0 : min(width, max(0, Int((Double(max(0, done)) / Double(total) * Double(width)).rounded(.down))))
        return String(repeating: barFull, count: filled) + String(repeating: barEmpty, count: width - filled)
    }

    /// Replaces what is left of non-ASCII text (ellipses from clipping, dashes, user data) so an
    /// `--ascii` screen holds nothing else: `…` becomes `~`, a wide character `??`, others `?`.
    static func asciify(_ grid: inout Grid) {
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                guard !cell.text.isASCII else { continue }
                let replacement: Character
                switch cell.text {
                case "…": replacement = "~"
                case "—", "–", "─", "┄": replacement = "-"
                case "·": replacement = "-"
                case "›", "▸", "→": replacement = ">"
                case "←": replacement = "<"
                default: replacement = "?"
                }
                grid[x, y] = Cell(replacement, role: cell.role)
            }
        }
    }
}
