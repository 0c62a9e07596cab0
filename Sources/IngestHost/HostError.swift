/// Why the host could not start or keep running an engine: one line for the operator.
public struct HostError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The command line was wrong (a bad `--parameter`), rather than the engine refusing to start.
    public var isUsage = false

    public init(_ description: String) { self.description = description }

    /// A mistake in how the host was asked to start (exit code 2 in the CLI).
    public static func usage(_ description: String) -> HostError {
        var e = HostError(description)
        e.isUsage = true
        return e
    }
}
