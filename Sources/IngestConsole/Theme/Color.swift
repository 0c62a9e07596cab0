/// A colour a theme names: the terminal's own (`default`), one of the 16 ANSI colours, or an RGB value
/// that applies on 256-colour terminals and falls back to the nearest ANSI colour elsewhere.
public enum Color: Sendable, Hashable, CustomStringConvertible {
    /// The terminal's own foreground or background (curses colour `-1` after `use_default_colors`).
    case terminalDefault
    /// One of the 16 ANSI colours, 0...15 (8...15 are the bright variants).
    case ansi(Int)
    /// `#rrggbb`; `fallback` is the ANSI colour used when the terminal has fewer than 256 colours.
    case rgb(red: Int, green: Int, blue: Int, fallback: Int)

    /// The ANSI colour names, in index order: `black`...`white`, then `bright-black`...`bright-white`.
    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan",
        "bright-white",
    ]

    /// Parses `default`, an ANSI name (also `grey`/`gray` for bright-black) or `#rrggbb`.
    public init?(parsing text: String) {
        let t = text.lowercased()
        if t == "default" { self = .terminalDefault; return }
        if t == "grey" || t == "gray" { self = .ansi(8); return }
        if let i = Color.ansiNames.firstIndex(of: t) { self = .ansi(i); return }
        guard t.hasPrefix("#"), t.count == 7, let v = Int(t.dropFirst(), radix: 16) else { return nil }
        let r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF
        self = .rgb(red: r, green: g, blue: b, fallback: Color.nearestANSI(r, g, b))
    }

    /// The curses colour number for a terminal with `colors` colours: `-1` for the terminal's own,
    /// 0...15 for ANSI (folded to 0...7 on 8-colour terminals), the xterm 256-colour cube index for RGB.
    public func cursesNumber(colors: Int) -> Int {
        switch self {
        case .terminalDefault: return -1
        case .ansi(let i): return colors >= 16 ? i : i % 8
        case .rgb(let r, let g, let b, let fallback):
            guard colors >= 256 else { return colors >= 16 ? fallback : fallback % 8 }
            func level(_ c: Int) -> Int { c < 48 ? 0 : c < 115 ? 1 : (c - 35) / 40 }
            return 16 + 36 * level(r) + 6 * level(g) + level(b)
        }
    }

    public var description: String {
        switch self {
        case .terminalDefault: return "default"
        case .ansi(let i): return Color.ansiNames[i]
        case .rgb(let r, let g, let b, _):
            let hex = String(r << 16 | g << 8 | b, radix: 16)
            return "#" + String(repeating: "0", count: 6 - hex.count) + hex
        }
    }

    /// The nearest of the 16 ANSI colours by squared distance to their xterm RGB values.
    static func nearestANSI(_ r: Int, _ g: Int, _ b: Int) -> Int {
        let palette: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
            (255, 255, 255),
        ]
        var best = 0, bestDistance = Int.max
        for (i, p) in palette.enumerated() {
            let d = (p.0 - r) * (p.0 - r) + (p.1 - g) * (p.1 - g) + (p.2 - b) * (p.2 - b)
            if d < bestDistance { best = i; bestDistance = d }
        }
        return best
    }
}
