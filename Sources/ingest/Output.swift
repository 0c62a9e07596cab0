import Foundation
import IngestCore

/// Printing results for people (aligned tables) and for scripts (JSON).
enum Output {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return e
    }()

    /// Prints a value as pretty JSON on stdout.
    static func json<T: Encodable>(_ value: T) throws {
        let data = try encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    /// Prints a value as one line of JSON (for following streams).
    static func jsonLine<T: Encodable>(_ value: T) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try e.encode(value), as: UTF8.self))
    }

    /// Prints rows as a table with a header, columns padded to their widest cell.
    static func table(_ header: [String], _ rows: [[String]], indent: String = "") {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            var out = indent
            for (i, c) in cells.enumerated() {
                out += i == cells.count - 1 ? c : c.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0)
            }
            return out
        }
        print(line(header))
        for r in rows { print(line(r)) }
    }

    /// `12s`, `4m10s`, `3h02m`, `2d03h`.
    static func age(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(String(format: "%02d", seconds % 60))s" }
        if seconds < 86_400 { return "\(seconds / 3600)h\(String(format: "%02d", seconds % 3600 / 60))m" }
        return "\(seconds / 86_400)d\(String(format: "%02d", seconds % 86_400 / 3600))h"
    }

    /// A body for a terminal: pretty JSON when it is JSON, cut to `limit` characters.
    static func body(_ s: String, limit: Int) -> String {
        var text = s
        if let v = try? JSONValue.parse(s), v.objectValue != nil || v.arrayValue != nil { text = v.pretty() }
        if text.count > limit { text = String(text.prefix(limit)) + "… (\(s.utf8.count) bytes)" }
        return text
    }

    /// Writes a line to stderr.
    static func note(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }

    /// Parses `2026-11-29T10:00:00Z`, a date, or a duration ago (`90s`, `10m`, `2h`, `1d`) relative to `now`.
    static func parseTime(_ s: String, now: Timestamp) -> Timestamp? {
        if let t = ISO8601.parse(s) { return t }
        guard let unit = s.last, let n = Int(s.dropLast()), n >= 0 else { return nil }
        let seconds: Int
        switch unit {
        case "s": seconds = n
        case "m": seconds = n * 60
        case "h": seconds = n * 3600
        case "d": seconds = n * 86_400
        default: return nil
        }
        return now.adding(seconds: -seconds)
    }
}
