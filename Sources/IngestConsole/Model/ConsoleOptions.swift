/// How the console was started (from the command line flags).
public struct ConsoleOptions: Sendable, Hashable {
    /// `--readonly`: dangerous bindings and commands are removed from the key table.
    public var readOnly: Bool
    /// `--ascii`: boxes `+-|`, cursor `>`, ASCII sparklines.
    public var ascii: Bool
    /// Which engine the console shows (`local ~/.local/state/ingest`, `https://ops:7070`).
    public var sourceLabel: String
    /// `--refresh`: seconds between snapshots, clamped to 0.1...10.
    public var refreshSeconds: Double
    /// `--theme`: the theme the console starts with.
    public var themeName: String
    /// Lines the log view keeps (the ring buffer's capacity).
    public var logCapacity: Int
    /// Where changes land, named in every confirmation (`account 123456789012 in us-east-1`); `nil` for a local engine.
    public var changeTarget: String?
    /// Shown beside a dead-letter queue's messages when reading them has a cost (on AWS a look is a receive).
    public var peekNotice: String?

    public init(readOnly: Bool = false, ascii: Bool = false, sourceLabel: String = "local", refreshSeconds: Double = 0.5,
                themeName: String = "default", logCapacity: Int = 10_000, changeTarget: String? = nil, peekNotice: String? = nil) {
        self.readOnly = readOnly
        self.ascii = ascii
        self.sourceLabel = sourceLabel
        self.refreshSeconds = min(10, max(0.1, refreshSeconds))
        self.themeName = themeName
        self.logCapacity = max(100, logCapacity)
        self.changeTarget = changeTarget
        self.peekNotice = peekNotice
    }
}
