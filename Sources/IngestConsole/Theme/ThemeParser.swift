/// Reads the flat TOML subset themes use: one `"role" = "fg bg [attrs]"` per line, `#` comments and
/// blank lines. Keys may be bare (`body = ...`). Tables, arrays and multi-line strings are refused with
/// the line number.
public enum ThemeParser {
    /// Parses a theme file's text; throws ``ThemeError`` naming the line.
    public static func parse(_ text: String, name: String) throws -> Theme {
        var styles: [Role: Style] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = stripComment(String(raw)).trimming(" \t\r")
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                throw ThemeError(line: lineNumber, message: "tables are not supported; write flat \"role\" = \"fg bg [attrs]\" lines")
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw ThemeError(line: lineNumber, message: "expected \"role\" = \"fg bg [attrs]\"")
            }
            let key = try unquote(String(line[..<eq]).trimming(" \t"), line: lineNumber, what: "role")
            let value = try unquote(String(line[line.index(after: eq)...]).trimming(" \t"), line: lineNumber,
                                    what: "style", requireQuotes: true)
            guard let role = Role(rawValue: key) else {
                throw ThemeError(line: lineNumber, message: "unknown role '\(key)' (known: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if styles[role] != nil { throw ThemeError(line: lineNumber, message: "role '\(key)' is set twice") }
            styles[role] = try style(value, line: lineNumber)
        }
        return Theme(name: name, styles: styles)
    }

    /// `"fg bg [attrs]"`: two colours, then attribute words.
    static func style(_ value: String, line: Int) throws -> Style {
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count >= 2 else {
            throw ThemeError(line: line, message: "expected \"fg bg [attrs]\", got \"\(value)\"")
        }
        guard let fg = Color(parsing: words[0]) else { throw ThemeError(line: line, message: "unknown colour '\(words[0])'") }
        guard let bg = Color(parsing: words[1]) else { throw ThemeError(line: line, message: "unknown colour '\(words[1])'") }
        var style = Style(foreground: fg, background: bg)
        for attr in words.dropFirst(2) {
            switch attr.lowercased() {
            case "bold": style.bold = true
            case "dim": style.dim = true
            case "reverse": style.reverse = true
            case "underline": style.underline = true
            default:
                throw ThemeError(line: line, message: "unknown attribute '\(attr)' (known: \(Style.attributeNames.joined(separator: ", ")))")
            }
        }
        return style
    }

    /// Removes a `#` comment that is outside double quotes.
    static func stripComment(_ line: String) -> String {
        var inQuotes = false
        for (offset, ch) in line.enumerated() {
            if ch == "\"" { inQuotes.toggle() }
            if ch == "#", !inQuotes { return String(line.prefix(offset)) }
        }
        return line
    }

    static func unquote(_ text: String, line: Int, what: String, requireQuotes: Bool = false) throws -> String {
        if text.hasPrefix("\"") {
            guard text.count >= 2, text.hasSuffix("\"") else {
                throw ThemeError(line: line, message: "unterminated string in \(what)")
            }
            return String(text.dropFirst().dropLast())
        }
        if requireQuotes { throw ThemeError(line: line, message: "the \(what) must be a quoted string") }
        guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }) else {
            throw ThemeError(line: line, message: "bad \(what) name '\(text)'")
        }
        return text
    }
}

extension String {
    /// Trims the given characters from both ends (no Foundation needed).
    func trimming(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
