/// The receipt handle of one receive: which message, which receive, and a check so that garbage is told
/// apart from a handle that is merely stale.
public struct ReceiptHandle: Sendable, Hashable {
    public var seq: UInt64
    public var token: UInt64

    public init(seq: UInt64, token: UInt64) {
        self.seq = seq
        self.token = token
    }

    /// The handle as text: `AQEB` + 32 hex digits + an 8-hex-digit check.
    public var encoded: String {
        let body = Self.hex(seq) + Self.hex(token)
        return "AQEB" + body + Self.hex32(Self.check(body))
    }

    /// Decodes a handle; `nil` when it is malformed (not one this engine issued).
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 4 + 32 + 8, text.hasPrefix("AQEB") else { return nil }
        let body = String(decoding: b[4..<36], as: UTF8.self)
        guard let seq = UInt64(String(decoding: b[4..<20], as: UTF8.self), radix: 16),
              let token = UInt64(String(decoding: b[20..<36], as: UTF8.self), radix: 16),
              let check = UInt32(String(decoding: b[36..<44], as: UTF8.self), radix: 16),
              check == Self.check(body) else { return nil }
        self.seq = seq
        self.token = token
    }

    private static func check(_ s: String) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for c in s.utf8 { h = (h ^ UInt32(c)) &* 16_777_619 }
        return h
    }

    private static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    private static func hex32(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }
}
