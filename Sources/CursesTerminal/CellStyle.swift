/// How a terminal draws one role: colours as curses numbers (-1 is the terminal's own, 0–15 the ANSI
/// colours, 16–255 the xterm palette) and attributes. The console's theme resolves roles to these.
public struct CellStyle: Sendable, Hashable {
    public var foreground: Int16
    public var background: Int16
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(foreground: Int16 = -1, background: Int16 = -1, bold: Bool = false, reverse: Bool = false,
                underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    /// The style with its colours dropped: what a terminal without colours (or `NO_COLOR`) draws.
    public var withoutColor: CellStyle {
        CellStyle(bold: bold, reverse: reverse, underline: underline, dim: dim)
    }
}
