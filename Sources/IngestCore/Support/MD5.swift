import Crypto

/// MD5 digests as SQS and the engine use them (`MD5OfMessageBody`, stable short ids), computed by
/// swift-crypto's `Insecure.MD5`. Not for security.
public enum MD5 {
    /// The 16-byte digest of `bytes`.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] { Array(Insecure.MD5.hash(data: bytes)) }

    /// The digest of a byte array.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] { Array(Insecure.MD5.hash(data: bytes)) }

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
}
