/// Ids and generated names derived from a seed (stack name, logical id, purpose), never random,
/// so loading the same template twice gives the same names, ARNs and URLs.
struct DeterministicID {
    private var state: UInt64

    /// A generator seeded with the FNV-1a hash of the parts.
    init(_ parts: String...) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        state = hash
    }

    /// SplitMix64.
    private mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let upperAlphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    static let lowerAlphanumeric = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    static let hexDigits = Array("0123456789abcdef")

    /// `count` characters drawn from `alphabet`.
    mutating func characters(_ count: Int, from alphabet: [Character]) -> String {
        var out = ""
        for _ in 0..<count { out.append(alphabet[Int(next() % UInt64(alphabet.count))]) }
        return out
    }

    /// A version-4-shaped UUID in lowercase hex.
    mutating func uuid() -> String {
        var hex = Array(characters(32, from: Self.hexDigits))
        hex[12] = "4"
        hex[16] = Array("89ab")[Int(next() % 4)]
        let s = String(hex)
        func part(_ from: Int, _ to: Int) -> Substring {
            s[s.index(s.startIndex, offsetBy: from)..<s.index(s.startIndex, offsetBy: to)]
        }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    /// The name CloudFormation would generate: `<stack>-<LogicalId>-<12 upper alphanumerics>`,
    /// with the readable part shortened so the whole fits in `maxLength`.
    static func generatedName(stack: String, logicalId: String, maxLength: Int = 80) -> String {
        var generator = DeterministicID(stack, logicalId, "name")
        let suffix = generator.characters(12, from: upperAlphanumeric)
        let readable = String("\(stack)-\(logicalId)".prefix(max(1, maxLength - 13)))
        return "\(readable)-\(suffix)"
    }
}
