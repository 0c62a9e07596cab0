import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a shell command ended and what it printed.
struct ShellOutcome: Sendable, Equatable {
    enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    var termination: Termination
    var stdout: [UInt8]
    var stderr: [UInt8]
}

/// Runs one command line through `/bin/sh -c` and waits for it, blocking the calling thread.
///
/// The child's stdout and stderr are unlinked temporary files, not pipes: the output is read after
/// `waitpid` returns, so a grandchild that keeps a descriptor open cannot delay us, and no other
/// child spawned meanwhile can inherit a pipe end of ours; on Linux the child also closes every other
/// descriptor it would inherit. stdin is `/dev/null` (a console owns the
/// terminal); signal dispositions and the signal mask are reset to the defaults.
enum ShellCommand {
    /// The most of each stream kept.
    static let outputLimit = 1 << 20

    static func run(_ command: String, environment: [String: String]) -> Result<ShellOutcome, AWSConfigError> {
        guard let out = temporaryFile(), let err = temporaryFile() else {
            return .failure(AWSConfigError("cannot create a temporary file in \(NSTemporaryDirectory()): \(lastError())"))
        }
        defer { close(out); close(err) }

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out, 1)
        posix_spawn_file_actions_adddup2(&actions, err, 2)
        #if canImport(Glibc)
        // No descriptor of this process but the three above: nothing of another subsystem's leaks in.
        _ = Self.addCloseFrom?(&actions, 3)
        #endif
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = ["/bin/sh", "-c", command]
        let variables = environment.filter { !$0.key.contains("=") && !$0.key.isEmpty }
            .map { "\($0.key)=\($0.value)" }.filter { !$0.utf8.contains(0) }
        var pid: pid_t = 0
        let spawned = withCStrings(arguments) { argv in
            withCStrings(variables) { envp in posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp) }
        }
        guard spawned == 0 else { return .failure(AWSConfigError("cannot run /bin/sh: \(String(cString: strerror(spawned)))")) }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .failure(AWSConfigError("cannot wait for /bin/sh (pid \(pid)): \(lastError())")) }
        }
        let signal = status & 0x7F
        let termination: ShellOutcome.Termination = signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
        return .success(ShellOutcome(termination: termination, stdout: contents(of: out), stderr: contents(of: err)))
    }

    /// A new file under the temporary directory, already unlinked, closed on exec.
    static func temporaryFile() -> Int32? {
        var directory = NSTemporaryDirectory()
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        let path = "\(directory)/ingest-credential-process-\(UUID().uuidString)"
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        unlink(path)
        return fd
    }

    /// What the child wrote to `fd`, from the start, up to `outputLimit` bytes.
    static func contents(of fd: Int32) -> [UInt8] {
        guard lseek(fd, 0, SEEK_SET) == 0 else { return [] }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < outputLimit {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) } else if n == 0 || errno != EINTR { break }
        }
        return Array(bytes.prefix(outputLimit))
    }

    #if canImport(Glibc)
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up because its declaration
    /// needs `_GNU_SOURCE`, which Swift's Glibc module does not define.
    static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()
    #endif

    static func lastError() -> String { String(cString: strerror(errno)) }

    /// A NULL-terminated array of C strings for the duration of `body`.
    static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}
