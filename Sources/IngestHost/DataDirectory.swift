import Foundation
import IngestCore
#if canImport(Glibc)
import Glibc
#endif

/// The engine's data directory: where the control socket, the lock and generated keys live.
public struct DataDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// `--data-dir`, else `INGEST_DATA_DIR`, else `$XDG_STATE_HOME/ingest`, else `~/.local/state/ingest`.
    public static func resolve(_ option: String?) -> DataDirectory {
        if let option, !option.isEmpty { return DataDirectory(path: absolute(option)) }
        let env = ProcessInfo.processInfo.environment
        if let d = env["INGEST_DATA_DIR"], !d.isEmpty { return DataDirectory(path: absolute(d)) }
        if let s = env["XDG_STATE_HOME"], !s.isEmpty { return DataDirectory(path: absolute(s) + "/ingest") }
        let home = env["HOME"] ?? NSHomeDirectory()
        return DataDirectory(path: home + "/.local/state/ingest")
    }

    public static func absolute(_ p: String) -> String {
        let expanded = (p as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return (expanded as NSString).standardizingPath }
        return ((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
    }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Creates the directory with mode 0700 (and tightens an existing one).
    public func create() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(path, 0o700)
    }

    /// Takes the engine lock, or explains who holds it. The descriptor stays open for the process's life.
    public func lock() throws -> Int32 {
        let lockPath = file("engine.lock")
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HostError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            close(fd)
            throw HostError("another engine (pid \(holder.isEmpty ? "?" : holder)) is already running on data directory \(path)")
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        return fd
    }

    /// Releases a lock `lock()` took. The explicit `LOCK_UN` matters: a flock belongs to the open file
    /// description, which a child forked in this process shares until its exec closes the O_CLOEXEC copy,
    /// so `close` alone could leave the lock held for a moment after the engine stopped.
    public static func unlock(_ descriptor: Int32) {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Writes a file readable by its owner only.
    public func writePrivate(_ name: String, _ contents: String) throws {
        do { try PrivateFile.write(Data(contents.utf8), to: file(name)) } catch { throw HostError(error.description) }
    }
}
