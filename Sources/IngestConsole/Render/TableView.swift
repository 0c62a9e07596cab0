/// A table drawn inside a panel: fixed column widths per view (flexible columns share what is left), the
/// lowest-priority columns dropped when the screen is narrow, a column header, a cursor row kept visible.
struct TableView {
    struct Column {
        var title: String
        var width: Int
        var right = false
        /// Takes a share of the spare width (at least `width`), in proportion to `weight` among flexible columns.
        var flex = false
        var weight = 1
        /// Columns with a higher drop rank go first when the screen is too narrow (0 never goes).
        var drop = 0
    }

    struct Cell {
        var text: String
        var role: Role = .body
        init(_ text: String, _ role: Role = .body) {
            self.text = text
            self.role = role
        }
    }

    struct Row {
        var cells: [Cell]
        var selected = false
    }

    var columns: [Column]
    /// How many rows the table has; only the visible ones are ever built (a frame costs the same with
    /// ten rows or ten thousand).
    let count: Int
    let row: (Int) -> Row

    init(columns: [Column], rows: [Row]) {
        self.columns = columns
        count = rows.count
        row = { rows[$0] }
    }

    /// A table of `items`, each turned into a row by `make` when it is drawn.
    init<T>(columns: [Column], items: [T], row make: @escaping (T) -> Row) {
        self.columns = columns
        count = items.count
        row = { make(items[$0]) }
    }

    /// The columns kept and their widths for `width` columns (after the 2-column cursor gutter).
    func layout(width: Int) -> [(index: Int, width: Int)] {
        var kept = Array(columns.indices)
        func needed(_ idx: [Int]) -> Int { idx.reduce(0) { $0 + columns[$1].width } + max(0, idx.count - 1) }
        while needed(kept) > width, let worst = kept.filter({ columns[$0].drop > 0 }).max(by: { columns[$0].drop < columns[$1].drop }) {
            kept.removeAll { $0 == worst }
        }
        let flexes = kept.filter { columns[$0].flex }
        let spare = max(0, width - needed(kept))
        let weights = flexes.reduce(0) { $0 + max(1, columns[$1].weight) }
        // Shares in proportion to weight; the columns' rounding remainders go to the first flexible ones.
        var shares = flexes.map { spare * max(1, columns[$0].weight) / max(1, weights) }
        var left = spare - shares.reduce(0, +)
        for n in shares.indices where left > 0 {
            shares[n] += 1
            left -= 1
        }
        return kept.map { i in
            guard let n = flexes.firstIndex(of: i) else { return (i, columns[i].width) }
            return (i, columns[i].width + shares[n])
        }
    }

    /// Draws the header at `y` and the rows below it; returns the first row shown.
    @discardableResult
    func draw(into grid: inout Grid, x: Int, y: Int, width: Int, height: Int, cursor: Int?, top: Int, glyphs: Glyphs) -> Int {
        let cols = layout(width: width - 2)
        var line = "  "
        for (n, c) in cols.enumerated() {
            line += Format.fit(columns[c.index].title, c.width, right: columns[c.index].right) + (n < cols.count - 1 ? " " : "")
        }
        grid.put(Format.fit(line, width), x: x, y: y, role: .tableHeader)
        let bodyRows = max(0, height - 1)
        let first = TableView.firstVisible(cursor: cursor ?? 0, top: top, visible: bodyRows, count: count)
        for r in 0..<bodyRows {
            let i = first + r
            guard i < count else { break }
            let row = self.row(i)
            let ry = y + 1 + r
            let isCursor = cursor == i
            let marker = isCursor ? glyphs.cursor : (row.selected ? glyphs.selected : " ")
            grid.put(marker, x: x, y: ry, role: row.selected ? .tableSelected : .body)
            var cx = x + 2
            for c in cols {
                let cell = c.index < row.cells.count ? row.cells[c.index] : Cell("")
                grid.put(Format.fit(cell.text, c.width, right: columns[c.index].right), x: cx, y: ry,
                         role: row.selected && cell.role == .body ? .tableSelected : cell.role)
                cx += c.width + 1
            }
            if isCursor { grid.paint(x: x, y: ry, count: width, role: .tableCursor) }
        }
        return first
    }

    /// The first row to show so that `cursor` is visible, moving as little as possible from `top`.
    static func firstVisible(cursor: Int, top: Int, visible: Int, count: Int) -> Int {
        guard visible > 0, count > visible else { return 0 }
        var first = min(max(0, top), count - visible)
        if cursor < first { first = cursor }
        if cursor >= first + visible { first = cursor - visible + 1 }
        return max(0, min(first, count - visible))
    }
}
