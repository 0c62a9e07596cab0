import Foundation
import IngestConsole
import IngestCore

/// Ctrl-S in the log view: writes the filtered lines (already redacted by the log book) to a file, mode 0600.
enum LogSaver {
    static func save(_ lines: [LogLine], directory: String, at now: Timestamp) -> ConsoleInput {
        let stamp = now.iso8601.replacingOccurrences(of: ":", with: "")
        let path = (directory as NSString).appendingPathComponent("logs-\(stamp).log")
        let text = lines.map { "\($0.at.iso8601) \($0.level.rawValue) \($0.source) \($0.requestId ?? "-") \($0.message)\n" }.joined()
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            return .saved(path: nil, error: "cannot write \(path)")
        }
        return .saved(path: path, error: nil)
    }
}
