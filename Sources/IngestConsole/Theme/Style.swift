/// How one ``Role`` is drawn: colours and attributes.
public struct Style: Sendable, Hashable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(foreground: Color = .terminalDefault, background: Color = .terminalDefault, bold: Bool = false,
                dim: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    /// The attribute names a theme file may use.
    public static let attributeNames = ["bold", "dim", "reverse", "underline"]

    /// The same attributes on the terminal's own colours: what `--no-color` and `NO_COLOR` draw.
    public var withoutColor: Style {
        Style(bold: bold, dim: dim, reverse: reverse, underline: underline)
    }
}
