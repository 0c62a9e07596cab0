/// A one-line text input that has focus: plain-letter keys go into it, never to the key table.
public struct Prompt: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `/` on the current view; `previous` is restored by Esc.
        case filter(previous: String)
        /// `:`.
        case command
        /// The new handler of a function.
        case handler(function: String)
        /// Where to reset a table's stream consumer (`mapping`): a sequence number or an ISO-8601 time.
        case resetStream(table: String, mapping: String)
    }

    public var kind: Kind
    public var text: String
    /// Tab cycles through these (filled on the first Tab, cleared by typing).
    var completions: [String] = []
    var completionIndex = 0

    init(_ kind: Kind, text: String = "") {
        self.kind = kind
        self.text = text
    }

    /// What the prompt line shows before the text.
    public var label: String {
        switch kind {
        case .filter: return "/"
        case .command: return ":"
        case .handler(let f): return "handler for \(f) [NAME=VALUE ...], or code PATH (Tab completes): "
        case .resetStream(_, let m): return "reset \(m) to sequence number or time (2026-01-31T12:00:00Z): "
        }
    }
}
