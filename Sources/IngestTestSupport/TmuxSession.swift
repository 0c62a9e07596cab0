import Foundation

/// A detached tmux session running a command on a real terminal, for end-to-end tests of the console:
/// send keys, read the screen, wait for text with a deadline (polling the pane, never a bare sleep).
public final class TmuxSession: @unchecked Sendable {
    // @unchecked: `name` is set once in init; everything else goes through the tmux server.
    public let name: String

    /// Whether tmux is installed (tests skip cleanly without it; CI installs it).
    public static var isAvailable: Bool {
        ProcessInfo.processInfo.environment["PATH", default: "/usr/bin:/bin"].split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/tmux") }
    }

    /// Starts `command` (run by /bin/sh) in a new detached session of `width`×`height`.
    public init(command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        name = "ingest-e2e-\(UUID().uuidString.prefix(8))"
        let env = environment.merging(["TERM": "xterm-256color", "LANG": "C.UTF-8"]) { mine, _ in mine }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        // new-session may start the tmux server, which would inherit (and hold open) a pipe: no output captured here.
        try Self.tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "env \(assignments) \(command)"], capture: false)
        // Keep the pane after the command exits, so a failure's last screen can still be read.
        _ = try? Self.tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    /// The screen as text, one line per row.
    public func capture(colors: Bool = false) -> String {
        (try? Self.tmux(["capture-pane", "-p", "-t", name] + (colors ? ["-e"] : []))) ?? ""
    }

    /// Sends keys, one tmux key name or literal per element (`"j"`, `"Enter"`, `"Escape"`, `"C-c"`).
    public func send(_ keys: String...) throws {
        for k in keys { try Self.tmux(["send-keys", "-t", name, k]) }
    }

    /// Types text literally, one character at a time (fast long strings can drop characters).
    public func type(_ text: String) throws {
        for ch in text { try Self.tmux(["send-keys", "-t", name, "-l", String(ch)]) }
    }

    public func resize(width: Int, height: Int) throws {
        try Self.tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits until the screen satisfies `condition`, polling every 100 ms; throws with the last screen after `seconds`.
    @discardableResult
    public func waitFor(_ what: String, seconds: Double = 20, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = capture()
        while !condition(screen) {
            guard Date() < deadline else { throw TmuxError.timedOut(what, screen) }
            Thread.sleep(forTimeInterval: 0.1)
            screen = capture()
        }
        return screen
    }

    /// Waits until `text` is on screen.
    @discardableResult
    public func waitFor(_ text: String, seconds: Double = 20) throws -> String {
        try waitFor("'\(text)' on screen", seconds: seconds) { $0.contains(text) }
    }

    /// Whether the command is still running in the pane.
    public var isRunning: Bool {
        ((try? Self.tmux(["display-message", "-p", "-t", name, "#{pane_dead}"])) ?? "1").trimmingCharacters(in: .whitespacesAndNewlines) == "0"
    }

    /// The exit status of the pane's command once it has ended.
    public var exitStatus: Int? {
        Int(((try? Self.tmux(["display-message", "-p", "-t", name, "#{pane_dead_status}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public func kill() {
        _ = try? Self.tmux(["kill-session", "-t", name])
    }

    deinit { kill() }

    @discardableResult
    static func tmux(_ args: [String], capture: Bool = true) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tmux"] + args
        let out = Pipe()
        p.standardOutput = capture ? out : FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        if !capture { try out.fileHandleForWriting.close() }
        let data = capture ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TmuxError.failed(args.joined(separator: " ")) }
        return String(decoding: data, as: UTF8.self)
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

public enum TmuxError: Error, CustomStringConvertible {
    case failed(String)
    case timedOut(String, String)
    public var description: String {
        switch self {
        case .failed(let c): return "tmux \(c) failed"
        case .timedOut(let what, let screen): return "timed out waiting for \(what); the screen was:\n\(screen)"
        }
    }
}
