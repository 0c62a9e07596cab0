import Foundation

/// A console theme: a ``Style`` per semantic ``Role``. A role the theme leaves out is drawn like `body`.
public struct Theme: Sendable, Hashable {
    public var name: String
    /// The styles the theme sets; see ``style(_:)`` for the fallback.
    public private(set) var styles: [Role: Style]

    public init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The style of `role`, falling back to `body` (and to the terminal's own colours without `body`).
    public func style(_ role: Role) -> Style { styles[role] ?? styles[.body] ?? Style() }

    /// The themes built into the binary (from `themes/*.toml`).
    public static let builtinNames = ["default", "mono", "high-contrast"]

    /// A built-in theme by name; `nil` for an unknown name.
    public static func builtin(named name: String) -> Theme? {
        let bytes: [UInt8]
        switch name {
        case "default": bytes = PackageResources.default_toml
        case "mono": bytes = PackageResources.mono_toml
        case "high-contrast": bytes = PackageResources.high_contrast_toml
        default: return nil
        }
        // The shipped files are checked by the tests; a parse failure here would be a packaging bug.
        return try? ThemeParser.parse(String(decoding: bytes, as: UTF8.self), name: name)
    }

    /// Loads a theme file; its name is the file name without `.toml`.
    public static func load(path: String) throws -> Theme {
        let url = URL(fileURLWithPath: path)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ThemeError(path: path, line: nil, message: "cannot read the file")
        }
        let name = url.deletingPathExtension().lastPathComponent
        do {
            return try ThemeParser.parse(text, name: name)
        } catch var e as ThemeError {
            e.path = path
            throw e
        }
    }

    /// The same theme with every colour removed and the attributes kept (`--no-color`, `NO_COLOR`, `TERM=dumb`).
    public var withoutColor: Theme {
        Theme(name: name, styles: styles.mapValues(\.withoutColor))
    }
}

/// Why a theme file was refused, with the line it is about.
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String?
    public var line: Int?
    public var message: String

    public init(path: String? = nil, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `themes/x.toml:4: unknown colour 'purpel'`.
    public var description: String {
        var where_ = path ?? "theme"
        if let line { where_ += ":\(line)" }
        return "\(where_): \(message)"
    }
}
