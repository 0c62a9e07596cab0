import Foundation
import DequeModule
import Synchronization

/// One line of the log book: what a function, the engine or the gateway said, stamped.
public struct LogLine: Sendable, Hashable, Codable {
    /// Increases by one with every line appended to the book.
    public var id: UInt64
    public var at: Timestamp
    public var level: LogLevel
    /// A function name, or `engine`, `gateway`, `alarms`.
    public var source: String
    public var requestId: String?
    /// Already redacted.
    public var message: String

    public init(id: UInt64, at: Timestamp, level: LogLevel, source: String, requestId: String?, message: String) {
        self.id = id
        self.at = at
        self.level = level
        self.source = source
        self.requestId = requestId
        self.message = message
    }
}

/// Which lines to read from the log book. Every set filter must match.
public struct LogQuery: Sendable, Hashable, Codable {
    /// Exact source (function name, `engine`, `gateway`).
    public var source: String?
    /// This level or more severe.
    public var minLevel: LogLevel?
    public var requestId: String?
    /// Lines stamped at or after this time.
    public var since: Timestamp?
    /// A substring of the message, compared without regard to case.
    public var contains: String?
    /// Only lines with a larger id, read forward from there (for following). When `nil`, the newest matches.
    public var afterId: UInt64?
    /// At most this many lines.
    public var limit: Int

    public init(source: String? = nil, minLevel: LogLevel? = nil, requestId: String? = nil, since: Timestamp? = nil,
                contains: String? = nil, afterId: UInt64? = nil, limit: Int = 100) {
        self.source = source
        self.minLevel = minLevel
        self.requestId = requestId
        self.since = since
        self.contains = contains
        self.afterId = afterId
        self.limit = limit
    }
}

/// The engine's log: a bounded ring of lines from functions, the engine and the gateway, safe to use from
/// any thread. Every message is redacted on the way in (seed flaw 10), so no reader ever sees an e-mail
/// address or an API key.
public final class LogBook: Sendable {
    private struct State {
        var lines: Deque<LogLine> = []
        var nextId: UInt64 = 1
        var waiters: [UInt64: (afterId: UInt64, continuation: CheckedContinuation<Void, Never>)] = [:]
        var nextWaiter: UInt64 = 0
    }

    /// The most lines kept; older ones are dropped.
    public let capacity: Int
    private let state: Mutex<State>
    /// Where lines are kept across restarts (enqueued, never awaited: a log line acknowledges nothing).
    private let store: any PipelineStore

    public init(capacity: Int = 50_000, store: any PipelineStore = MemoryStore()) {
        self.capacity = max(1, capacity)
        self.store = store
        state = Mutex(State())
    }

    /// Puts back lines the store kept (oldest first); new lines continue after the newest id.
    public func restore(_ lines: [LogLine]) {
        state.withLock { s in
            for l in lines.suffix(capacity) { s.lines.append(l) }
            while s.lines.count > capacity { s.lines.removeFirst() }
            s.nextId = max(s.nextId, (lines.last?.id ?? 0) + 1)
        }
    }

    /// Appends a line, redacting its message. Returns the line's id.
    @discardableResult
    public func append(level: LogLevel, source: String, requestId: String?, message: String, at: Timestamp) -> UInt64 {
        let redacted = Redaction.redact(message)
        let (line, wake) = state.withLock { s -> (LogLine, [CheckedContinuation<Void, Never>]) in
            let id = s.nextId
            s.nextId += 1
            let line = LogLine(id: id, at: at, level: level, source: source, requestId: requestId, message: redacted)
            s.lines.append(line)
            if s.lines.count > capacity { s.lines.removeFirst() }
            guard !s.waiters.isEmpty else { return (line, []) }
            var wake: [CheckedContinuation<Void, Never>] = []
            for (token, w) in s.waiters where w.afterId < id {
                wake.append(w.continuation)
                s.waiters.removeValue(forKey: token)
            }
            return (line, wake)
        }
        if store.recordsChanges { _ = store.enqueue([.logLine(line)]) }
        for w in wake { w.resume() }
        return line.id
    }

    /// The id of the newest line ever appended (0 before the first).
    public var lastId: UInt64 { state.withLock { $0.nextId - 1 } }

    /// Lines held right now (at most `capacity`).
    public var count: Int { state.withLock { $0.lines.count } }

    /// Matching lines, oldest first: with `afterId`, the first `limit` matches after it; without, the last `limit` matches.
    public func query(_ q: LogQuery) -> [LogLine] {
        let limit = max(0, q.limit)
        guard limit > 0 else { return [] }
        let needle = q.contains.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        func matches(_ l: LogLine) -> Bool {
            if let source = q.source, l.source != source { return false }
            if let minLevel = q.minLevel, l.level < minLevel { return false }
            if let requestId = q.requestId, l.requestId != requestId { return false }
            if let since = q.since, l.at < since { return false }
            if let needle, !l.message.lowercased().contains(needle) { return false }
            return true
        }
        return state.withLock { s -> [LogLine] in
            var found: [LogLine] = []
            guard let first = s.lines.first else { return found }
            if let afterId = q.afterId {
                // Ids are consecutive in the ring, so the start is a subtraction away.
                let start = afterId < first.id ? 0 : Int(min(afterId - first.id + 1, UInt64(s.lines.count)))
                var i = start
                while i < s.lines.count, found.count < limit {
                    if matches(s.lines[i]) { found.append(s.lines[i]) }
                    i += 1
                }
                return found
            }
            var i = s.lines.count - 1
            while i >= 0, found.count < limit {
                if matches(s.lines[i]) { found.append(s.lines[i]) }
                i -= 1
            }
            found.reverse()
            return found
        }
    }

    /// Every line that satisfies `include`, oldest first, filtered under the lock (no copy of the whole ring).
    func lines(where include: (LogLine) -> Bool) -> [LogLine] {
        state.withLock { s in s.lines.filter(include) }
    }

    /// Returns once a line with an id larger than `afterId` exists, or when the task is cancelled.
    /// Suspends on a continuation that the next `append` resumes; it never polls.
    public func wait(afterId: UInt64) async {
        let token = state.withLock { s -> UInt64 in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.nextId - 1 > afterId || Task.isCancelled { return true }
                    s.waiters[token] = (afterId, c)
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let c = state.withLock { $0.waiters.removeValue(forKey: token)?.continuation }
            c?.resume()
        }
    }

    /// A logger for a function invocation (or the engine) that appends redacted, stamped lines.
    public func logger(source: String, requestId: String?, clock: any EngineClock) -> any FunctionLogger {
        BookLogger(book: self, source: source, requestId: requestId, clock: clock)
    }
}

/// Appends to a log book with a fixed source and request id, stamped by a clock.
struct BookLogger: FunctionLogger {
    let book: LogBook
    let source: String
    let requestId: String?
    let clock: any EngineClock

    func log(_ level: LogLevel, _ message: String) {
        book.append(level: level, source: source, requestId: requestId, message: message, at: clock.now())
    }
}
