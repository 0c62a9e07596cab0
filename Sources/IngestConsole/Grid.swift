/// One character cell of the screen: a grapheme and the role it is drawn in.
///
/// A wide grapheme (CJK, most emoji) occupies two cells: the first holds it, the second holds
/// ``Cell/continuation`` so that columns stay aligned.
public struct Cell: Sendable, Hashable {
    public var text: Character
    public var role: Role

    public init(_ text: Character = " ", role: Role = .body) {
        self.text = text
        self.role = role
    }

    /// The right half of a wide character; backends skip it when drawing.
    public static let continuationMark: Character = "\u{0}"
    public var isContinuation: Bool { text == Cell.continuationMark }
}

/// A screen's worth of cells, row-major: what the pure renderer produces and a terminal backend blits.
public struct Grid: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = Cell()) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// One row's cells.
    public func row(_ y: Int) -> ArraySlice<Cell> { cells[(y * width)..<((y + 1) * width)] }

    /// Writes `text` from column `x` of row `y` in `role`, clipped at `maxWidth` columns and at the right
    /// edge. Returns the number of columns written. Wide characters take two columns and are never split.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        var col = x
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            if col + w > limit { break }
            if col >= 0 {
                cells[y * width + col] = Cell(ch, role: role)
                if w == 2 { cells[y * width + col + 1] = Cell(Cell.continuationMark, role: role) }
            }
            col += w
        }
        return col - x
    }

    /// Sets the role of `count` cells from (`x`, `y`), keeping their text (cursor rows, highlights).
    public mutating func paint(x: Int, y: Int, count: Int, role: Role) {
        guard y >= 0, y < height else { return }
        for c in max(0, x)..<min(width, x + count) { cells[y * width + c].role = role }
    }

    /// Fills a rectangle with blanks in `role`.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, role: Role) {
        for row in max(0, y)..<min(height, y + h) {
            for c in max(0, x)..<min(width, x + w) { cells[row * width + c] = Cell(" ", role: role) }
        }
    }

    /// The grid as text, one line per row, trailing blanks kept: what snapshots compare.
    public var text: String {
        var out = ""
        out.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            for cell in row(y) where !cell.isContinuation { out.append(cell.text) }
            out.append("\n")
        }
        return out
    }

    /// One row as text (continuation cells skipped).
    public func line(_ y: Int) -> String {
        var out = ""
        for cell in row(y) where !cell.isContinuation { out.append(cell.text) }
        return out
    }
}

/// How many terminal columns a character takes: 0 for combining marks and controls, 2 for East Asian
/// wide and fullwidth characters and emoji presentation, 1 otherwise (the rules `wcwidth` applies).
public enum DisplayWidth {
    public static func of(_ ch: Character) -> Int {
        guard let first = ch.unicodeScalars.first else { return 0 }
        let v = first.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark { return 0 }
        if ch.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        if isWide(v) { return 2 }
        return 1
    }

    /// Columns a string takes.
    public static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
