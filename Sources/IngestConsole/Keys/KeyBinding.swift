/// One entry of the key table: the single source of dispatch, header hints, the `?` screen and the key
/// reference in `docs/console.md`.
public struct KeyBinding: Sendable, Hashable {
    public var action: KeyAction
    public var keys: [Key]
    /// What the help screen and the reference say.
    public var help: String
    public var scope: KeyScope
    /// Changes the engine: confirmed before it runs, and removed entirely with `--readonly`.
    public var isDangerous: Bool
    /// The short word for the header hints (`purge` in `<P>purge`); `nil` keeps it out of the hints.
    public var hint: String?

    /// The action id, e.g. `queues.purge`.
    public var id: String { action.rawValue }

    public init(_ action: KeyAction, _ keys: [Key], _ help: String, scope: KeyScope, isDangerous: Bool = false,
                hint: String? = nil) {
        self.action = action
        self.keys = keys
        self.help = help
        self.scope = scope
        self.isDangerous = isDangerous
        self.hint = hint
    }

    /// The keys as the help screen writes them: `j/↓`.
    public var keyLabel: String { keys.map(KeyBinding.label).joined(separator: "/") }

    /// `<P>purge`, from the first key.
    public var hintText: String? {
        guard let hint, let first = keys.first else { return nil }
        return "<\(KeyBinding.label(first))>\(hint)"
    }

    /// How a key is written for people (`ctrl-c`, `space`, `G`).
    public static func label(_ key: Key) -> String { key.description }
}
