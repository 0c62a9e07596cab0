import Foundation

/// The key reference as Markdown, generated from ``KeyTable`` and ``CommandSpec``: `docs/console.md`
/// embeds it between `<!-- keys:begin -->` and `<!-- keys:end -->`, and a test keeps the two equal.
public enum KeyReference {
    public static let beginMarker = "<!-- keys:begin -->"
    public static let endMarker = "<!-- keys:end -->"

    /// Every scope's keys, then the `:` commands.
    public static func markdown(table: KeyTable = .standard(readOnly: false)) -> String {
        var out = ""
        for scope in KeyScope.allCases {
            let bindings = table.bindings(in: scope)
            if bindings.isEmpty { continue }
            out += "### \(scope.title)\n\n| Key | Action id | What it does | Changes the engine |\n|---|---|---|---|\n"
            for b in bindings {
                let keys = b.keys.map { "`\(escape(KeyBinding.label($0)))`" }.joined(separator: " ")
                out += "| \(keys) | `\(b.id)` | \(escape(b.help)) | \(b.isDangerous ? "yes (confirmed; hidden with `--readonly`)" : "") |\n"
            }
            out += "\n"
        }
        out += "### Commands (`:`)\n\n| Command | What it does | Changes the engine |\n|---|---|---|\n"
        for c in CommandSpec.all {
            let names = ([c.name] + c.aliases).map { ":\($0)" }.joined(separator: ", ")
            let usage = c.usage.isEmpty ? "" : " \(c.usage)"
            out += "| `\(names)\(usage)` | \(escape(c.help)) | \(c.isDangerous ? "yes (confirmed; hidden with `--readonly`)" : "") |\n"
        }
        return out
    }

    /// Replaces the generated part of a document; `nil` when the markers are missing.
    public static func replacingGenerated(in document: String, with generated: String) -> String? {
        guard let begin = document.range(of: beginMarker), let end = document.range(of: endMarker),
              begin.upperBound <= end.lowerBound else { return nil }
        return String(document[..<begin.upperBound]) + "\n" + generated + String(document[end.lowerBound...])
    }

    static func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
