import CSpawn
import Foundation
import IngestCore
import Synchronization

/// Which pipe a line of a child's output came from.
enum OutputStream: Sendable {
    case stdout, stderr
}

/// How a child process ended.
struct ExitStatus: Sendable, Hashable, CustomStringConvertible {
    /// The exit code, when it exited.
    var code: Int32?
    /// The signal that ended it, when one did.
    var signal: Int32?

    /// As Lambda says it: `exit status 1`, `signal: killed`.
    var description: String {
        if let code { return "exit status \(code)" }
        switch signal {
        case SIGKILL: return "signal: killed"
        case SIGSEGV: return "signal: segmentation fault"
        case SIGABRT: return "signal: aborted"
        case SIGTERM: return "signal: terminated"
        case let s?: return "signal: \(s)"
        case nil: return "ended"
        }
    }
}

/// One running child process of an execution environment, started with `ingest_spawn` (its own process group, its
/// address-space limit, no inherited descriptors). A thread of its own reads its stdout and stderr line by line and
/// then reaps it, so nothing blocks the cooperative pool.
final class ChildProcess: Sendable {
    let pid: pid_t
    private let exited = Atomic<Bool>(false)

    /// The longest line kept; longer ones are cut (Lambda caps a log event at 256 KB).
    static let maxLine = 64 * 1024

    private init(pid: pid_t) { self.pid = pid }

    /// Starts `executable` (an absolute path). `onLine` gets each output line (without its newline) in order;
    /// `onExit` is called once, after the last line. The child is forked from a thread of its own, which reads its
    /// output and reaps it: the kernel kills the child when that thread ends, so no runtime process outlives the
    /// engine, even one killed with SIGKILL.
    static func start(executable: String, arguments: [String], environment: [String: String], directory: String, addressSpaceBytes: UInt64,
                      onLine: @escaping @Sendable (OutputStream, String) -> Void,
                      onExit: @escaping @Sendable (ExitStatus) -> Void) async throws(ProcessRuntimeError) -> ChildProcess {
        let argv = [executable] + arguments
        let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let started: Result<ChildProcess, ProcessRuntimeError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                var out: Int32 = -1
                var err: Int32 = -1
                let pid = withCStrings(argv) { cArgv in
                    withCStrings(envp) { cEnvp in
                        ingest_spawn(executable, cArgv, cEnvp, directory, addressSpaceBytes, &out, &err)
                    }
                }
                guard pid > 0 else {
                    continuation.resume(returning: .failure(ProcessRuntimeError("cannot start \(executable): \(String(cString: strerror(-pid)))")))
                    return
                }
                let child = ChildProcess(pid: pid)
                continuation.resume(returning: .success(child))
                child.pump(out: out, err: err, onLine: onLine, onExit: onExit)
            }
            thread.name = "ingest-runtime"
            thread.start()
        }
        return try started.get()
    }

    /// Kills the child's whole process group at once (SIGKILL). Harmless once it has exited.
    func kill() {
        guard !exited.load(ordering: .acquiring) else { return }
        _ = Glibc.kill(-pid, SIGKILL)
    }

    var hasExited: Bool { exited.load(ordering: .acquiring) }

    /// The process's peak resident memory (`VmHWM`), in MB, read from /proc while it runs.
    func maxMemoryUsedMB() -> Int? {
        guard let kb = ProcessMemory.peakResidentKB(of: String(pid)) else { return nil }
        return max(1, (kb + 1023) / 1024)
    }

    /// Reads both pipes until they close (and reaps the child; if it exits while a grandchild holds a pipe open,
    /// the group is killed), then reports the exit.
    private func pump(out: Int32, err: Int32, onLine: @Sendable (OutputStream, String) -> Void, onExit: @Sendable (ExitStatus) -> Void) {
        var fds: [Int32] = [out, err]
        var pending: [[UInt8]] = [[], []]
        var status: Int32 = 0
        var reaped = false
        // Polls since the child was reaped with a pipe still open (a grandchild outside its group holds it).
        var pollsSinceReap = 0
        var buffer = [UInt8](repeating: 0, count: 65_536)
        func emit(_ i: Int, _ bytes: ArraySlice<UInt8>) {
            var line = Array(bytes)
            if line.last == 0x0D { line.removeLast() }
            if line.count > Self.maxLine { line.removeLast(line.count - Self.maxLine) }
            onLine(i == 0 ? .stdout : .stderr, String(decoding: line, as: UTF8.self))
        }
        while fds[0] >= 0 || fds[1] >= 0 {
            let ready = ingest_poll2(fds[0], fds[1], 100)
            if ready == 0 || ready < 0 {
                if !reaped, ingest_try_reap(pid, &status) == 1 {
                    reaped = true
                    _ = Glibc.kill(-pid, SIGKILL)
                } else if reaped {
                    pollsSinceReap += 1
                    // Report the exit within a second even if something outside the group keeps a pipe open.
                    if pollsSinceReap >= 10 {
                        for i in 0..<2 where fds[i] >= 0 { close(fds[i]); fds[i] = -1 }
                    }
                }
                continue
            }
            for i in 0..<2 where fds[i] >= 0 && ready & (1 << i) != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[i], $0.baseAddress, $0.count) }
                if n <= 0 {
                    if n < 0, errno == EINTR || errno == EAGAIN { continue }
                    if !pending[i].isEmpty { emit(i, pending[i][...]); pending[i] = [] }
                    close(fds[i])
                    fds[i] = -1
                    continue
                }
                pending[i].append(contentsOf: buffer[0..<n])
                var start = 0
                while let nl = pending[i][start...].firstIndex(of: 0x0A) {
                    emit(i, pending[i][start..<nl])
                    start = nl + 1
                }
                pending[i].removeFirst(start)
                if pending[i].count > Self.maxLine {
                    emit(i, pending[i][...])
                    pending[i] = []
                }
            }
        }
        if !reaped {
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        exited.store(true, ordering: .releasing)
        let code = ingest_exit_code(status)
        let signal = ingest_term_signal(status)
        onExit(ExitStatus(code: code >= 0 ? code : nil, signal: signal > 0 ? signal : nil))
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for p in pointers { free(p) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
