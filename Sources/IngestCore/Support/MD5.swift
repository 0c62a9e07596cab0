/// MD5 (RFC 1321), which SQS uses for `MD5OfMessageBody` and `MD5OfMessageAttributes`. Not for security.
public enum MD5 {
    private static let shifts: [UInt32] = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                           5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
                                           4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                           6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21]
    /// `floor(abs(sin(i + 1)) * 2^32)`, as RFC 1321 defines the table.
    private static let table: [UInt32] = (0..<64).map { i in UInt32(truncatingIfNeeded: Int64(abs(sin(Double(i + 1))) * 4_294_967_296.0)) }

    /// The digest state over 64-byte blocks.
    private struct State {
        var a: UInt32 = 0x6745_2301, b: UInt32 = 0xefcd_ab89, c: UInt32 = 0x98ba_dcfe, d: UInt32 = 0x1032_5476

        mutating func block(_ p: UnsafeRawBufferPointer, _ k: UnsafeBufferPointer<UInt32>, _ s: UnsafeBufferPointer<UInt32>) {
            var m = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
                     UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
            withUnsafeMutableBytes(of: &m) { dst in
                for i in 0..<16 { dst.storeBytes(of: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)), toByteOffset: i * 4, as: UInt32.self) }
            }
            withUnsafeBytes(of: &m) { raw in
                let w = raw.bindMemory(to: UInt32.self)
                var a = self.a, b = self.b, c = self.c, d = self.d
                for i in 0..<64 {
                    var f: UInt32
                    let g: Int
                    switch i >> 4 {
                    case 0: f = (b & c) | (~b & d); g = i
                    case 1: f = (d & b) | (~d & c); g = (5 &* i &+ 1) & 15
                    case 2: f = b ^ c ^ d; g = (3 &* i &+ 5) & 15
                    default: f = c ^ (b | ~d); g = (7 &* i) & 15
                    }
                    f = f &+ a &+ k[i] &+ w[g]
                    a = d; d = c; c = b
                    b = b &+ ((f << s[i]) | (f >> (32 &- s[i])))
                }
                self.a &+= a; self.b &+= b; self.c &+= c; self.d &+= d
            }
        }
    }

    /// The 16-byte digest of `bytes`.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var state = State()
        table.withUnsafeBufferPointer { k in
            shifts.withUnsafeBufferPointer { s in
                let full = bytes.count / 64
                for i in 0..<full { state.block(UnsafeRawBufferPointer(rebasing: bytes[(i * 64)..<(i * 64 + 64)]), k, s) }
                var tail = [UInt8](repeating: 0, count: 128)
                let rest = bytes.count - full * 64
                for i in 0..<rest { tail[i] = bytes[full * 64 + i] }
                tail[rest] = 0x80
                let end = rest < 56 ? 64 : 128
                let bits = UInt64(bytes.count) &* 8
                for i in 0..<8 { tail[end - 8 + i] = UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i))) }
                tail.withUnsafeBytes { t in
                    state.block(UnsafeRawBufferPointer(rebasing: t[0..<64]), k, s)
                    if end == 128 { state.block(UnsafeRawBufferPointer(rebasing: t[64..<128]), k, s) }
                }
            }
        }
        var out = [UInt8](repeating: 0, count: 16)
        for (j, v) in [state.a, state.b, state.c, state.d].enumerated() {
            for i in 0..<4 { out[j * 4 + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) }
        }
        return out
    }

    /// The digest of a byte array.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] { bytes.withUnsafeBytes { digest($0) } }

    /// Lower-case hex digest of a string's UTF-8 bytes.
    public static func hex(_ s: String) -> String {
        var copy = s
        return copy.withUTF8 { hex(digest: digest(UnsafeRawBufferPointer($0))) }
    }

    /// Lower-case hex digest of bytes.
    public static func hex(bytes: [UInt8]) -> String { hex(digest: digest(bytes)) }

    static func hex(digest: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        for (i, b) in digest.enumerated() { out[2 * i] = digits[Int(b >> 4)]; out[2 * i + 1] = digits[Int(b & 15)] }
        return String(decoding: out, as: UTF8.self)
    }

    /// `MD5OfMessageAttributes` as SQS computes it: names sorted, each as length-prefixed name, type, a
    /// transport byte (1 string, 2 binary) and length-prefixed value.
    public static func ofAttributes(_ attributes: MessageAttributes) -> String? {
        guard !attributes.isEmpty else { return nil }
        var buf: [UInt8] = []
        func put(_ bytes: [UInt8]) {
            let n = UInt32(bytes.count)
            buf += [UInt8(n >> 24), UInt8((n >> 16) & 255), UInt8((n >> 8) & 255), UInt8(n & 255)]
            buf += bytes
        }
        for name in attributes.keys.sorted() {
            let v = attributes[name]!
            put(Array(name.utf8))
            put(Array(v.dataType.utf8))
            if let bin = v.binaryValue { buf.append(2); put(bin) } else { buf.append(1); put(Array((v.stringValue ?? "").utf8)) }
        }
        return hex(bytes: buf)
    }
}
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
