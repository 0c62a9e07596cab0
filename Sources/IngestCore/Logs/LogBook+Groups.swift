import Foundation

/// The log book seen as CloudWatch Logs: a log group `/aws/lambda/NAME` per function, and in it one log
/// stream per UTC day the function logged (`2026/12/04/[$LATEST]<hex>`, a stable name). Events are the
/// book's lines, already redacted; an event's id is its line id.
public enum LambdaLogGroups {
    public static let prefix = "/aws/lambda/"

    /// `/aws/lambda/NAME`.
    public static func groupName(function: String) -> String { prefix + function }

    /// The function of a group name, or nil when the name is not a Lambda group.
    public static func function(ofGroup name: String) -> String? {
        guard name.hasPrefix(prefix), name.count > prefix.count else { return nil }
        return String(name.dropFirst(prefix.count))
    }

    /// The day (days since the epoch) a line falls in.
    public static func day(of t: Timestamp) -> Int64 { MetricStore.floorDiv(t.millis, 86_400_000) }

    /// `2026/12/04/[$LATEST]` and 32 hex digits derived from the function and the day.
    public static func streamName(function: String, day: Int64) -> String {
        let (y, m, d, _, _, _) = ISO8601.civil(day * 86_400)
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var h1: UInt64 = 0xcbf2_9ce4_8422_2325, h2: UInt64 = 0x8422_2325_cbf2_9ce4
        for b in Array("\(function)/\(day)".utf8) {
            h1 = (h1 ^ UInt64(b)) &* 0x100_0000_01b3
            h2 = (h2 &+ UInt64(b)) &* 0x9e37_79b9_7f4a_7c15
        }
        let hex = String(format: "%016llx%016llx", h1, h2)
        return "\(y)/\(pad(m))/\(pad(d))/[$LATEST]\(hex)"
    }
}

/// One log stream of a group: a function's lines of one day.
public struct LogStreamInfo: Sendable, Hashable {
    public var name: String
    public var day: Int64
    public var firstEvent: Timestamp
    public var lastEvent: Timestamp
    public var storedBytes: Int
    public var eventCount: Int
}

extension LogBook {
    /// The streams of a function's group, oldest first.
    public func streams(function: String) -> [LogStreamInfo] {
        var byDay: [Int64: LogStreamInfo] = [:]
        for l in lines(where: { $0.source == function }) {
            let day = LambdaLogGroups.day(of: l.at)
            if var s = byDay[day] {
                s.firstEvent = min(s.firstEvent, l.at)
                s.lastEvent = max(s.lastEvent, l.at)
                s.storedBytes += l.message.utf8.count
                s.eventCount += 1
                byDay[day] = s
            } else {
                byDay[day] = LogStreamInfo(name: LambdaLogGroups.streamName(function: function, day: day), day: day, firstEvent: l.at,
                                           lastEvent: l.at, storedBytes: l.message.utf8.count, eventCount: 1)
            }
        }
        return byDay.values.sorted { $0.day < $1.day }
    }

    /// A function's lines in id order that fall in `[from, to]` (epoch milliseconds, either open), in the
    /// given days (all when nil), with an id in `(afterId, beforeId)`, and matching `pattern`. With `newest`,
    /// the last `limit` such lines, else the first `limit`; `more` tells whether lines were left out.
    public func events(function: String, from: Timestamp? = nil, to: Timestamp? = nil, days: Set<Int64>? = nil,
                       afterId: UInt64? = nil, beforeId: UInt64? = nil, pattern: LogFilterPattern? = nil,
                       newest: Bool = false, limit: Int) -> (lines: [LogLine], more: Bool) {
        let test = pattern?.matcher()
        let all = lines { l in
            guard l.source == function else { return false }
            if let from, l.at < from { return false }
            if let to, l.at > to { return false }
            if let afterId, l.id <= afterId { return false }
            if let beforeId, l.id >= beforeId { return false }
            if let days, !days.contains(LambdaLogGroups.day(of: l.at)) { return false }
            return test.map { $0(l.message) } ?? true
        }
        let n = max(0, limit)
        let chosen = newest ? Array(all.suffix(n)) : Array(all.prefix(n))
        return (chosen, all.count > chosen.count)
    }
}
