/// The `/` filter: a case-insensitive substring, inverted by a leading `!` (`/!timeout`).
public struct RowFilter: Sendable, Hashable {
    public var text: String

    public init(_ text: String) { self.text = text }

    public var isInverted: Bool { text.hasPrefix("!") }
    var needle: String { (isInverted ? String(text.dropFirst()) : text).lowercased() }
    public var isEmpty: Bool { needle.isEmpty }

    /// Whether a row whose searchable text is `haystack` passes.
    public func matches(_ haystack: String) -> Bool {
        let n = needle
        if n.isEmpty { return true }
        return haystack.lowercased().contains(n) != isInverted
    }

    /// `</timeout>` for panel titles.
    public var badge: String { "</\(text)>" }
}
