import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
        // After the command, the shell prints its exit status and keeps the pane, so a test can read both.
        let script = "env \(assignments) \(command); echo \"\(Self.exitMark)$?]\"; sleep 3600"
        try Self.tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "/bin/sh -c \(Self.quote(script))"], capture: false)
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
    public func waitFor(_ what: String, seconds: Double = 20, _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = capture()
        while !condition(screen) {
            guard Date() < deadline else { throw TmuxError.timedOut(what, screen) }
            try await Task.sleep(for: .milliseconds(100))
            screen = capture()
        }
        return screen
    }

    /// Waits until `text` is on screen.
    @discardableResult
    public func waitFor(_ text: String, seconds: Double = 20) async throws -> String {
        try await waitFor("'\(text)' on screen", seconds: seconds) { $0.contains(text) }
    }

    static let exitMark = "[ingest exited with status "
    /// The tmux server the tests use (`tmux -L ingest-e2e ls` to look at a running test).
    static let socketName = "ingest-e2e"

    /// Whether the command is still running in the pane.
    public var isRunning: Bool { exitStatus == nil }

    /// The exit status of the pane's command once it has ended (the shell prints it after the command).
    public var exitStatus: Int? {
        let screen = capture()
        guard let r = screen.range(of: Self.exitMark) else { return nil }
        return Int(screen[r.upperBound...].prefix { $0.isNumber })
    }

    public func kill() {
        _ = try? Self.tmux(["kill-session", "-t", name])
    }

    deinit { kill() }

    /// Runs tmux with posix_spawn and waitpid (Foundation's Process can miss the exit of a client whose
    /// server it just forked). Output is read only when `capture`; the server must not inherit a pipe.
    @discardableResult
    static func tmux(_ args: [String], capture: Bool = true) throws -> String {
        var fds: [Int32] = [-1, -1]
        if capture { guard pipe(&fds) == 0 else { throw TmuxError.failed("pipe") } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addclose(&actions, fds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // A server of our own, without the user's configuration or default shell.
        let argv = (["tmux", "-L", Self.socketName, "-f", "/dev/null"] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, nil, argv, environ)
        if capture { close(fds[1]) }
        guard spawned == 0 else {
            if capture { close(fds[0]) }
            throw TmuxError.failed(args.joined(separator: " "))
        }
        var data = [UInt8]()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = read(fds[0], &buffer, buffer.count)
                if n <= 0 { break }
                data += buffer[0..<n]
            }
            close(fds[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else { throw TmuxError.failed(args.joined(separator: " ")) }
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
