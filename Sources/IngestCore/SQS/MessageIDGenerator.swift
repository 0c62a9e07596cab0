/// Makes version-4 UUIDs (lower case, as AWS prints them) from a xoshiro256** generator seeded by the
/// system's random source: no system call and no Foundation per id, so ids cost nanoseconds on the
/// hot path. Ids are unique, not secret: nothing here is used as a credential.
public struct MessageIDGenerator: Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init() {
        var sys = SystemRandomNumberGenerator()
        s0 = sys.next(); s1 = sys.next(); s2 = sys.next(); s3 = sys.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    private mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A new UUID such as `0f8fad5b-d9cb-469f-a165-70867728950e`.
    public mutating func uuid() -> String {
        var hi = next(), lo = next()
        hi = (hi & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var pos = 0
        for (word, groups) in [(hi, [8, 4, 4]), (lo, [4, 12])] {
            var shift: UInt64 = 64
            for g in groups {
                for _ in 0..<g {
                    shift -= 4
                    out[pos] = digits[Int((word >> shift) & 15)]
                    pos += 1
                }
                pos += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
