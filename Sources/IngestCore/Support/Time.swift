import Foundation

/// A point in time as milliseconds since the Unix epoch: the resolution AWS timestamps use.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var millis: Int64

    public init(millis: Int64) { self.millis = millis }
    public init(seconds: Double) { self.millis = Int64((seconds * 1000).rounded()) }
    public init(date: Date) { self.millis = Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.millis < b.millis }

    public var date: Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
    /// Whole seconds since the epoch, rounded down.
    public var epochSeconds: Int64 { millis >= 0 ? millis / 1000 : (millis - 999) / 1000 }

    public func adding(seconds: Int) -> Timestamp { Timestamp(millis: millis + Int64(seconds) * 1000) }
    public func adding(millis ms: Int64) -> Timestamp { Timestamp(millis: millis + ms) }
    /// Milliseconds from `other` to `self`.
    public func millis(since other: Timestamp) -> Int64 { millis - other.millis }

    /// ISO-8601 UTC with milliseconds: `2024-03-16T12:16:45.770Z`.
    public var iso8601: String { ISO8601.format(self) }
    public var description: String { iso8601 }

    public static let distantFuture = Timestamp(millis: Int64.max / 4)
}

/// ISO-8601 formatting and parsing without Foundation formatters (which are slow and not Sendable).
public enum ISO8601 {
    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC.
    public static func format(_ t: Timestamp) -> String {
        let ms = Int(((t.millis % 1000) + 1000) % 1000)
        let secs = (t.millis - Int64(ms)) / 1000
        let (y, mo, d, h, mi, s) = civil(secs)
        return "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }

    /// Parses `2024-03-16T12:16:45Z`, with optional fraction and `Z` or `±hh:mm`; also a bare date `2024-03-16`.
    public static func parse(_ text: String) -> Timestamp? {
        let b = Array(text.utf8)
        func num(_ at: Int, _ len: Int) -> Int? {
            guard at + len <= b.count else { return nil }
            var v = 0
            for i in at..<(at + len) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = num(0, 4), b.count >= 10, b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var h = 0, mi = 0, s = 0, ms = 0, offset = 0
        var i = 10
        if b.count > 10 {
            guard b[10] == 84 || b[10] == 32, let hh = num(11, 2), b.count > 13, b[13] == 58, let mm = num(14, 2) else { return nil }
            h = hh; mi = mm; i = 16
            if i < b.count, b[i] == 58 { guard let ss = num(17, 2) else { return nil }; s = ss; i = 19 }
            if i < b.count, b[i] == 46 {
                i += 1
                var digits = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    if digits < 3 { ms = ms * 10 + Int(b[i] - 48) }
                    digits += 1; i += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<3 where digits < 3 { ms *= 10 }
            }
            if i < b.count {
                if b[i] == 90 { i += 1 } else if b[i] == 43 || b[i] == 45 {
                    let sign = b[i] == 43 ? 1 : -1
                    guard let oh = num(i + 1, 2) else { return nil }
                    var om = 0
                    var j = i + 3
                    if j < b.count, b[j] == 58 { j += 1 }
                    if let m = num(j, 2) { om = m; j += 2 }
                    offset = sign * (oh * 3600 + om * 60)
                    i = j
                } else { return nil }
            }
            guard i == b.count, h < 24, mi < 60, s < 61 else { return nil }
        }
        let days = daysFromCivil(y, mo, d)
        let secs = Int64(days) * 86_400 + Int64(h * 3600 + mi * 60 + s) - Int64(offset)
        return Timestamp(millis: secs * 1000 + Int64(ms))
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Calendar fields of a UTC epoch second (Howard Hinnant's civil-from-days algorithm).
    public static func civil(_ epochSeconds: Int64) -> (Int, Int, Int, Int, Int, Int) {
        var days = epochSeconds / 86_400
        var rem = epochSeconds % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d), Int(rem / 3600), Int(rem % 3600 / 60), Int(rem % 60))
    }

    /// Days since the epoch of a calendar date.
    public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// The time source every timer in the engine reads. Tests inject a manual clock.
public protocol EngineClock: Sendable {
    /// The current time.
    func now() -> Timestamp
    /// Suspends until `deadline` (or returns at once if it has passed). Throws `CancellationError` when cancelled.
    func sleep(until deadline: Timestamp) async throws
}

/// The wall clock.
public struct SystemClock: EngineClock {
    public init() {}

    public func now() -> Timestamp { Timestamp(date: Date()) }

    public func sleep(until deadline: Timestamp) async throws {
        let delta = deadline.millis - now().millis
        if delta > 0 { try await Task.sleep(for: .milliseconds(delta)) }
        try Task.checkCancellation()
    }
}
