import Foundation

/// Request targets: escaping on the way out, reading back on the way in (what a router does).
public enum ControlTarget {
    /// Characters left as they are in a path segment or a query value.
    static let unreserved = CharacterSet.alphanumerics.union(.init(charactersIn: "-_.~"))

    /// A value escaped as one path segment or one query value (`/`, `|`, spaces and `%` escaped).
    public static func escaped(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// The pattern with each `:name` segment replaced by its escaped value, with a leading slash.
    public static func path(_ pattern: String, values: [String: String]) -> String {
        let segments = pattern.split(separator: "/").map { s in
            s.hasPrefix(":") ? escaped(values[String(s.dropFirst())] ?? "") : String(s)
        }
        return "/" + segments.joined(separator: "/")
    }

    /// `?a=1&b=2`, or nothing when there are no items.
    public static func query(_ items: [QueryItem]) -> String {
        items.isEmpty ? "" : "?" + items.map { "\($0.name)=\(escaped($0.value))" }.joined(separator: "&")
    }

    /// A path value as a router hands it over (still escaped), unescaped.
    public static func unescaped(_ segment: String) -> String { segment.removingPercentEncoding ?? segment }

    /// The parts of a target for a pattern, as the server reads them; `nil` when the path does not match.
    public static func parts(of target: String, pattern: String, body: Data? = nil) -> ControlRequest? {
        let (path, queryText) = target.firstIndex(of: "?").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) }
            ?? (target, "")
        let have = path.split(separator: "/", omittingEmptySubsequences: true)
        let want = pattern.split(separator: "/", omittingEmptySubsequences: true)
        guard have.count == want.count else { return nil }
        var values: [String: String] = [:]
        for (h, w) in zip(have, want) {
            if w.hasPrefix(":") { values[String(w.dropFirst())] = unescaped(String(h)) } else if h != w { return nil }
        }
        let items = queryText.split(separator: "&").map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return QueryItem(String(kv[0]), kv.count > 1 ? unescaped(String(kv[1])) : "")
        }
        return ControlRequest(pathValues: values, query: items, body: body)
    }
}
