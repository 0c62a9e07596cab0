import Foundation
import IngestConsole
import IngestCore

/// Ctrl-S in the log view: writes the filtered lines (already redacted by the log book) to a file, mode 0600.
enum LogSaver {
    static func save(_ lines: [LogLine], directory: String, at now: Timestamp) -> ConsoleInput {
        let stamp = now.iso8601.replacingOccurrences(of: ":", with: "") + "-\(getpid())"
        let path = (directory as NSString).appendingPathComponent("logs-\(stamp).log")
        let text = lines.map { "\($0.at.iso8601) \($0.level.rawValue) \($0.source) \($0.requestId ?? "-") \($0.message)\n" }.joined()
        // Created 0600 and never over an existing file: the lines may hold personal data the redaction missed.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return .saved(path: nil, error: "cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return .saved(path: nil, error: "cannot write \(path): \(String(cString: strerror(errno)))") }
            written += n
        }
        return .saved(path: path, error: nil)
    }
}
