/// Box outlines for the panel, dialogs and the help screen.
enum BoxDrawing {
    /// Draws the outline of a `width`×`height` box at (`x`, `y`) and a title in its top border.
    static func outline(x: Int, y: Int, width w: Int, height h: Int, title: String, glyphs g: Glyphs, role: Role,
                        into grid: inout Grid) {
        guard w >= 2, h >= 2 else { return }
        for cx in (x + 1)..<(x + w - 1) {
            grid[cx, y] = Cell(g.horizontal, role: role)
            grid[cx, y + h - 1] = Cell(g.horizontal, role: role)
        }
        for cy in (y + 1)..<(y + h - 1) {
            grid[x, cy] = Cell(g.vertical, role: role)
            grid[x + w - 1, cy] = Cell(g.vertical, role: role)
        }
        grid[x, y] = Cell(g.topLeft, role: role)
        grid[x + w - 1, y] = Cell(g.topRight, role: role)
        grid[x, y + h - 1] = Cell(g.bottomLeft, role: role)
        grid[x + w - 1, y + h - 1] = Cell(g.bottomRight, role: role)
        grid.put(" " + Format.clip(title, w - 6) + " ", x: x + 2, y: y, role: .header)
    }
}
