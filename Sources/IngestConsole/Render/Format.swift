import IngestCore

/// Number, time and size formatting for the console, deterministic and locale-free.
enum Format {
    /// `1,204`.
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A rate or value with one decimal below 100, whole above: `12.5`, `1,204`; `–` for `nil`.
    static func number(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "–" }
        // Beyond what an Int holds exactly, print it as Swift does rather than trap on the conversion.
        if v.magnitude >= 1e15 { return String(v) }
        if v.magnitude >= 100 || v == v.rounded() { return count(Int(v.rounded())) }
        let tenths = Int((v * 10).rounded())
        return "\(tenths < 0 && tenths > -10 ? "-" : "")\(tenths / 10).\(abs(tenths % 10))"
    }

    /// An age or duration in seconds: `45s`, `3m12s`, `2h05m`, `3d04h`.
    static func age(seconds s: Int64) -> String {
        let s = max(0, s)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(pad2(s % 60))s" }
        if s < 86_400 { return "\(s / 3600)h\(pad2(s % 3600 / 60))m" }
        return "\(s / 86_400)d\(pad2(s % 86_400 / 3600))h"
    }

    /// Age from a timestamp to now.
    static func age(_ t: Timestamp, now: Timestamp) -> String { age(seconds: now.millis(since: t) / 1000) }

    /// Uptime `02:14:09`, with days in front when over a day: `3d 02:14:09`.
    static func uptime(seconds s: Int64) -> String {
        let s = max(0, s)
        let clock = "\(pad2(s % 86_400 / 3600)):\(pad2(s % 3600 / 60)):\(pad2(s % 60))"
        return s >= 86_400 ? "\(s / 86_400)d \(clock)" : clock
    }

    /// Time of day in UTC: `13:02:11`.
    static func clock(_ t: Timestamp) -> String {
        let (_, _, _, h, m, s) = ISO8601.civil(t.epochSeconds)
        return "\(pad2(Int64(h))):\(pad2(Int64(m))):\(pad2(Int64(s)))"
    }

    /// Time of day with milliseconds: `13:02:11.042`.
    static func clockMillis(_ t: Timestamp) -> String {
        let ms = ((t.millis % 1000) + 1000) % 1000
        return clock(t) + "." + String(repeating: "0", count: 3 - String(ms).count) + String(ms)
    }

    /// Minutes in words: `5 min`, `1 h`, `24 h`.
    static func minutes(_ m: Int) -> String { m < 60 ? "\(m) min" : "\(m / 60) h" }

    /// The last `:` or `/` separated part of an ARN or URL: the resource name.
    static func lastComponent(_ arn: String) -> String {
        String(arn.split(whereSeparator: { $0 == ":" || $0 == "/" }).last ?? Substring(arn))
    }

    /// Milliseconds: `12 ms`, `1.2 s`; `–` for `nil`.
    static func millis(_ v: Double?) -> String {
        guard let v else { return "–" }
        return v >= 1000 ? "\(number(v / 1000)) s" : "\(number(v)) ms"
    }

    /// Clips to `width` display columns, ending with `…` when cut.
    static func clip(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(s) <= width { return s }
        var out = ""
        var w = 0
        for ch in s {
            let cw = DisplayWidth.of(ch)
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return out + "…"
    }

    /// Pads (or clips) to exactly `width` columns, right-aligned when `right`.
    static func fit(_ s: String, _ width: Int, right: Bool = false) -> String {
        let c = clip(s, width)
        let pad = String(repeating: " ", count: max(0, width - DisplayWidth.of(c)))
        return right ? pad + c : c + pad
    }

    private static func pad2(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
