import ArgumentParser
import Foundation

/// The console's flags, shared by `ingest up` and `ingest console`.
struct ConsoleFlags: ParsableArguments {
    @Option(name: .long, help: "Theme: default, mono, high-contrast, or a path to a .toml theme file.")
    var theme: String = "default"

    @Flag(name: .customLong("no-color"), help: "Draw without colours (also when NO_COLOR is set or TERM=dumb); state stays in words and attributes.")
    var noColor = false

    @Flag(name: .customLong("color"), help: "Draw in colour even when NO_COLOR is set.")
    var forceColor = false

    @Flag(name: .long, help: "ASCII boxes and glyphs only (automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(name: .long, help: "Hide every action that changes the engine; the control API refuses them from this console too.")
    var readonly = false

    @Option(name: .long, help: "Seconds between snapshots of the engine (0.1 to 10); keys are always read at once.")
    var refresh: Double = 0.5

    func validate() throws {
        guard refresh.isFinite, refresh > 0 else { throw ValidationError("--refresh takes seconds, e.g. 0.5") }
    }

    /// Whether to draw colours: `--color` wins, then `--no-color`, a non-empty `NO_COLOR`, and `TERM=dumb` turn them off.
    var useColor: Bool {
        if forceColor { return true }
        let env = ProcessInfo.processInfo.environment
        if noColor || !(env["NO_COLOR"] ?? "").isEmpty || env["TERM"] == "dumb" { return false }
        return true
    }
}
