#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import IngestCore
import Synchronization

/// A failure to open, write or rotate the access log.
public struct AccessLogWriterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being done: `open`, `write` or `rename`.
    public var operation: String
    public var path: String
    public var code: Int32

    public var description: String {
        "access log: cannot \(operation) \(path): \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// Appends access-log lines to `<directory>/access.log`, one request per line.
///
/// - **Rotation**: before a line would take the file past `maxBytes`, `access.log` becomes `access.log.1`,
///   `.1` becomes `.2`, and so on; the oldest beyond `keep` is dropped. A file exceeds `maxBytes` only when a
///   single line is larger than that.
/// - **Mode**: every file is `0600` (set even on a file that existed with a wider mode).
/// - **Buffering**: lines are gathered in memory and written when `flushThreshold` bytes are pending, at most
///   `flushInterval` after the first pending line (a one-shot task, so an idle writer never wakes), on
///   ``flush()`` and on ``close()``.
/// - **Concurrency**: safe to call from any number of tasks at once; a lock orders the lines.
/// - **Redaction**: ``append(_:requestId:)`` redacts and flattens line breaks; ``log(_:format:)`` writes what
///   ``AccessLogFormat/render(_:)`` gives, which is already redacted.
/// - **Sink**: each line (as written) is also handed to `sink` with its request id, for instance to put it in
///   the engine's log book under the source `gateway`. The sink is called outside the lock.
///
/// A write error never reaches the caller of `append` or `log` (a log line must not fail a request): the
/// pending lines are dropped and counted (``droppedLineCount``, ``lastError``), and the next flush tries again,
/// reopening the file if needed. ``flush()`` and ``close()`` do throw, so a caller that cares can see it.
public final class AccessLogWriter: Sendable {
    /// Receives each line (already redacted, without a line break) and the request id it belongs to.
    public typealias Sink = @Sendable (_ line: String, _ requestId: String?) -> Void

    public static let defaultMaxBytes = 10 * 1024 * 1024
    public static let defaultKeep = 5
    public static let defaultFlushThreshold = 64 * 1024
    public static let defaultFlushInterval = Duration.milliseconds(100)

    /// The directory holding the log files.
    public let directory: String
    /// The live file: `<directory>/access.log`.
    public let path: String
    public let maxBytes: Int
    /// Rotated files kept: `access.log.1` (newest) … `access.log.<keep>`.
    public let keep: Int
    public let flushInterval: Duration
    public let flushThreshold: Int

    private let sink: Sink?
    private let state: Mutex<State>

    /// Opens (creating if needed) `<directory>/<fileName>` for appending; creates the directory if it is missing.
    public init(directory: String, fileName: String = "access.log", maxBytes: Int = AccessLogWriter.defaultMaxBytes,
                keep: Int = AccessLogWriter.defaultKeep, flushInterval: Duration = AccessLogWriter.defaultFlushInterval,
                flushThreshold: Int = AccessLogWriter.defaultFlushThreshold, sink: Sink? = nil) throws {
        self.directory = directory
        self.path = (directory as NSString).appendingPathComponent(fileName)
        self.maxBytes = max(1, maxBytes)
        self.keep = max(0, keep)
        self.flushInterval = flushInterval
        self.flushThreshold = max(1, flushThreshold)
        self.sink = sink
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var s = State(path: path, maxBytes: self.maxBytes, keep: self.keep)
        try s.open()
        s.pending.reserveCapacity(self.flushThreshold + 4096)
        state = Mutex(s)
    }

    deinit {
        state.withLock { s in
            s.timer?.cancel()
            if !s.closed { try? s.flush(); s.closeFile() }
        }
    }

    /// Appends one line: redacted, line breaks written as `\n`, a line break added.
    public func append(_ line: String, requestId: String? = nil) {
        var text = Redaction.redact(line)
        if text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            text = text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
        }
        enqueue(text, requestId: requestId)
    }

    /// Renders a request's line in `format` and appends it.
    public func log(_ entry: AccessLogEntry, format: AccessLogFormat) {
        enqueue(format.render(entry), requestId: entry.requestId)
    }

    /// Writes every pending line to the file now.
    public func flush() throws {
        try state.withLock { s in try s.flush() }
    }

    /// Flushes, stops the timer and closes the file. Lines appended afterwards still reach the sink but no
    /// longer the file. Closing twice does nothing.
    public func close() throws {
        try state.withLock { s in
            guard !s.closed else { return }
            s.closed = true
            s.timer?.cancel()
            s.timer = nil
            defer { s.closeFile() }
            try s.flush()
        }
    }

    /// Lines lost to write errors or appended after ``close()``.
    public var droppedLineCount: Int { state.withLock { $0.dropped } }

    /// The most recent write error, if any.
    public var lastError: AccessLogWriterError? { state.withLock { $0.lastError } }

    /// Bytes appended but not yet written to the file.
    public var bufferedByteCount: Int { state.withLock { $0.pending.count } }

    private func enqueue(_ line: String, requestId: String?) {
        let interval = flushInterval
        state.withLock { s in
            guard !s.closed else { s.dropped += 1; return }
            let size = line.utf8.count + 1
            if s.fileSize + s.pending.count > 0, s.fileSize + s.pending.count + size > maxBytes {
                try? s.flush()
                s.rotate()
            }
            s.pending.append(contentsOf: line.utf8)
            s.pending.append(0x0A)
            s.pendingLines += 1
            if s.pending.count >= flushThreshold {
                try? s.flush()
                return
            }
            guard s.timer == nil else { return }
            s.timer = Task { [weak self] in
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                self?.timedFlush()
            }
        }
        sink?(line, requestId)
    }

    private func timedFlush() {
        state.withLock { s in
            s.timer = nil
            guard !s.closed else { return }
            try? s.flush()
        }
    }

    /// Everything the lock guards.
    private struct State {
        let path: String
        let maxBytes: Int
        let keep: Int
        var fd: Int32 = -1
        /// Bytes in the live file.
        var fileSize = 0
        var pending: [UInt8] = []
        var pendingLines = 0
        var timer: Task<Void, Never>?
        var closed = false
        var dropped = 0
        var lastError: AccessLogWriterError?

        init(path: String, maxBytes: Int, keep: Int) {
            self.path = path
            self.maxBytes = maxBytes
            self.keep = keep
        }

        mutating func open() throws {
            let fd = path.withCString { openForAppend($0) }
            guard fd >= 0 else { throw AccessLogWriterError(operation: "open", path: path, code: errno) }
            // The mode given to open(2) applies only to a new file; an existing one is narrowed too.
            _ = fchmod(fd, 0o600)
            var st = stat()
            fileSize = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
            self.fd = fd
        }

        mutating func closeFile() {
            if fd >= 0 { _ = systemClose(fd) }
            fd = -1
        }

        /// Writes the pending bytes; on failure drops them and counts the lines.
        mutating func flush() throws {
            guard !pending.isEmpty else { return }
            do {
                if fd < 0 { try open() }
                let fd = self.fd
                let code: Int32 = pending.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                        if n < 0 {
                            if errno == EINTR { continue }
                            return errno
                        }
                        offset += n
                    }
                    return 0
                }
                guard code == 0 else { throw AccessLogWriterError(operation: "write", path: path, code: code) }
                fileSize += pending.count
                pending.removeAll(keepingCapacity: true)
                pendingLines = 0
            } catch let error as AccessLogWriterError {
                lastError = error
                dropped += pendingLines
                pending.removeAll(keepingCapacity: true)
                pendingLines = 0
                throw error
            }
        }

        /// `access.log.<keep-1>` → `.<keep>`, …, `access.log` → `.1`, then a new empty `access.log`.
        mutating func rotate() {
            closeFile()
            if keep > 0 {
                for i in stride(from: keep - 1, through: 1, by: -1) {
                    _ = rename("\(path).\(i)", "\(path).\(i + 1)")
                }
                if rename(path, "\(path).1") != 0, errno != ENOENT {
                    lastError = AccessLogWriterError(operation: "rename", path: path, code: errno)
                }
            } else {
                _ = unlink(path)
            }
            fileSize = 0
            do { try open() } catch let error as AccessLogWriterError { lastError = error } catch {}
        }
    }
}

/// `open(2)` for appending, creating with mode 0600 (named so as not to clash with the state's `open()`).
private func openForAppend(_ path: UnsafePointer<CChar>) -> Int32 {
    open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
}

private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
