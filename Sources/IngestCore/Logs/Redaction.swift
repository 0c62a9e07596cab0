/// Masks personal data and secrets in text that goes to logs (seed flaw 10: full bodies, e-mails included,
/// sat in logs that never expire).
///
/// - An e-mail address keeps its first character and its domain: `jane.doe@example.com` → `j***@example.com`.
///   The form is stable (the same address always masks the same way) and hides the local part's length.
/// - An API-key-looking value after `x-api-key`, `apiKey`, `api_key` or `api-key` (any case, `:` or `=`,
///   optionally quoted as in JSON) becomes `****`.
///
/// It runs on every log line, so it scans the UTF-8 bytes once, compiles nothing, and returns the input
/// unchanged (no copy) when there is nothing to mask. Redacting twice gives the same text as redacting once.
public enum Redaction {
    /// The text with every e-mail address and API key masked.
    public static func redact(_ text: String) -> String {
        let result: String?? = text.utf8.withContiguousStorageIfAvailable { scan($0) }
        if let result { return result ?? text }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { scan($0) } ?? text
    }

    /// What replaces an API key.
    public static let keyMask = "****"

    /// An environment variable's value as a console may show it: masked whole when its name says it holds
    /// a secret (`DB_PASSWORD`, `API_TOKEN`, `STRIPE_SECRET_KEY`), else with e-mails and API keys redacted.
    public static func environmentValue(name: String, value: String) -> String {
        let upper = name.uppercased()
        let secretWords = ["SECRET", "PASSWORD", "PASSWD", "TOKEN", "PRIVATE", "CREDENTIAL", "API_KEY", "APIKEY", "ACCESS_KEY"]
        return secretWords.contains(where: upper.contains) ? keyMask : redact(value)
    }

    /// Returns the masked text, or `nil` when nothing needed masking. Bytes are copied only once a mask is
    /// needed, a run at a time.
    private static func scan(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        let n = b.count
        var out: [UInt8] = []
        // Input before `copied` is already in `out` (masked where needed).
        var copied = 0
        // Where the current run of e-mail local-part characters starts, in the input.
        var localStart = 0
        var i = 0
        while i < n {
            let c = b[i]
            if c == 0x40 /* @ */ {
                // Leading dots are punctuation, not part of the address.
                var first = localStart
                while first < i, b[first] == 0x2E { first += 1 }
                if first < i, let end = domainEnd(b, from: i + 1) {
                    if out.isEmpty { out.reserveCapacity(n) }
                    out.append(contentsOf: b[copied...first])
                    out.append(contentsOf: [0x2A, 0x2A, 0x2A, 0x40]) // ***@
                    out.append(contentsOf: b[(i + 1)..<end])
                    copied = end
                    i = end
                    localStart = end
                    continue
                }
                i += 1
                localStart = i
                continue
            }
            let lower = lowercased(c)
            if lower == 0x78 /* x */ || lower == 0x61 /* a */, let (valueStart, valueEnd) = apiKeyValue(b, at: i) {
                if out.isEmpty { out.reserveCapacity(n) }
                out.append(contentsOf: b[copied..<valueStart])
                out.append(contentsOf: keyMask.utf8)
                copied = valueEnd
                i = valueEnd
                localStart = valueEnd
                continue
            }
            i += 1
            if !isLocalChar(c) { localStart = i }
        }
        guard copied > 0 else { return nil }
        out.append(contentsOf: b[copied..<n])
        return String(decoding: out, as: UTF8.self)
    }

    /// `A-Z a-z 0-9 . _ % + -`: the characters of an address's local part.
    @inline(__always)
    private static func isLocalChar(_ c: UInt8) -> Bool {
        isAlnum(c) || c == 0x2E || c == 0x5F || c == 0x25 || c == 0x2B || c == 0x2D
    }

    @inline(__always)
    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    @inline(__always)
    private static func lowercased(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    @inline(__always)
    private static func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

    /// The end of a domain starting at `start` (`[A-Za-z0-9.-]+` with a dot and a final label of ≥2 letters),
    /// without trailing dots or hyphens; `nil` if there is no such domain.
    private static func domainEnd(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var end = start
        while end < b.count, isAlnum(b[end]) || b[end] == 0x2E || b[end] == 0x2D { end += 1 }
        while end > start, b[end - 1] == 0x2E || b[end - 1] == 0x2D { end -= 1 }
        guard end > start, isAlnum(b[start]) else { return nil }
        // The top-level label: letters after the last dot, at least two.
        var j = end
        while j > start, b[j - 1] != 0x2E { j -= 1 }
        guard j > start + 1, end - j >= 2 else { return nil }
        for k in j..<end where !isAlpha(b[k]) { return nil }
        return end
    }

    private static let keyNames: [[UInt8]] = ["x-api-key", "apikey", "api_key", "api-key"].map { Array($0.utf8) }

    /// If an API key name starts at `i` and is followed by a separator and a value, the value's range.
    private static func apiKeyValue(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Int, Int)? {
        var after = -1
        for name in keyNames where i + name.count <= b.count {
            var match = true
            for (k, ch) in name.enumerated() where lowercased(b[i + k]) != ch {
                match = false
                break
            }
            if match { after = i + name.count; break }
        }
        guard after >= 0 else { return nil }
        var j = after
        if j < b.count, b[j] == 0x22 || b[j] == 0x27 { j += 1 } // closing quote of a JSON key
        while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        guard j < b.count, b[j] == 0x3A || b[j] == 0x3D else { return nil }
        j += 1
        while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        if j < b.count, b[j] == 0x22 || b[j] == 0x27 { j += 1 } // opening quote of a value
        let start = j
        while j < b.count, !isValueTerminator(b[j]) { j += 1 }
        guard j > start else { return nil }
        // Already masked: leave it so that redaction is idempotent.
        if j - start == 4, b[start] == 0x2A, b[start + 1] == 0x2A, b[start + 2] == 0x2A, b[start + 3] == 0x2A { return nil }
        return (start, j)
    }

    /// Whitespace, quotes and the separators of query strings, headers and JSON end a key's value.
    @inline(__always)
    private static func isValueTerminator(_ c: UInt8) -> Bool {
        switch c {
        case 0x20, 0x09, 0x0A, 0x0D, 0x22, 0x27, 0x26, 0x2C, 0x3B, 0x7D, 0x5D, 0x29, 0x3E: return true
        default: return false
        }
    }
}
