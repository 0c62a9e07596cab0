/// IP address literals for `cidr` conditions: IPv4 dotted quads and IPv6 (with `::` and an IPv4 tail).
enum FilterIP {
    /// The bytes of an address literal (4 for IPv4, 16 for IPv6), or nil when the text is not one.
    static func address(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty || bytes.count > 45 { return nil }
        return bytes.contains(UInt8(ascii: ":")) ? ipv6(bytes[...]) : ipv4(bytes[...])
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static func hexValue(_ b: UInt8) -> UInt16? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt16(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt16(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt16(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    static func ipv4(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(4)
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return nil }
            let value = part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard value <= 255 else { return nil }
            result.append(UInt8(value))
        }
        return result
    }

    /// Parses colon-separated groups; the last one may be an embedded IPv4 address worth two groups.
    private static func groups(_ bytes: ArraySlice<UInt8>, allowIPv4Tail: Bool) -> [UInt16]? {
        if bytes.isEmpty { return [] }
        let parts = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var result: [UInt16] = []
        for (i, part) in parts.enumerated() {
            if allowIPv4Tail, i == parts.count - 1, part.contains(UInt8(ascii: ".")) {
                guard let v4 = ipv4(part) else { return nil }
                result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                continue
            }
            guard (1...4).contains(part.count) else { return nil }
            var value: UInt16 = 0
            for b in part {
                guard let digit = hexValue(b) else { return nil }
                value = value << 4 | digit
            }
            result.append(value)
        }
        return result
    }

    static func ipv6(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        let colon = UInt8(ascii: ":")
        var doubleColon: Int?
        var i = bytes.startIndex
        while i < bytes.endIndex - 1 {
            if bytes[i] == colon, bytes[i + 1] == colon {
                if doubleColon != nil { return nil }
                doubleColon = i
                i += 2
                continue
            }
            i += 1
        }
        var words: [UInt16]
        if let at = doubleColon {
            guard let head = groups(bytes[bytes.startIndex..<at], allowIPv4Tail: false),
                  let tail = groups(bytes[(at + 2)...], allowIPv4Tail: true),
                  head.count + tail.count <= 7 else { return nil }
            words = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = groups(bytes, allowIPv4Tail: true), all.count == 8 else { return nil }
            words = all
        }
        var result: [UInt8] = []
        result.reserveCapacity(16)
        for word in words {
            result.append(UInt8(word >> 8))
            result.append(UInt8(word & 0xFF))
        }
        return result
    }
}

/// The addresses a `cidr` condition covers, as an inclusive byte range.
///
/// Like SNS, the range runs from the address as written to that address with all host bits set.
struct FilterIPRange: Sendable {
    let lower: [UInt8]
    let upper: [UInt8]

    init(cidr: String) throws {
        let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw FilterPolicyError(message: "Malformed CIDR, one '/' required") }
        guard let bits = Int(parts[1]) else {
            throw FilterPolicyError(message: "Malformed CIDR, mask bits must be an integer")
        }
        if bits < 0 { throw FilterPolicyError(message: "Malformed CIDR, mask bits must not be negative") }
        guard let base = FilterIP.address(String(parts[0])) else {
            throw FilterPolicyError(message: "Nonstandard IP address: \(parts[0])")
        }
        if base.count == 4, bits > 31 { throw FilterPolicyError(message: "IPv4 mask bits must be < 32") }
        if base.count == 16, bits > 127 { throw FilterPolicyError(message: "IPv6 mask bits must be < 128") }
        var top = base
        var hostBits = base.count * 8 - bits
        var index = top.count - 1
        while hostBits > 0, index >= 0 {
            top[index] |= hostBits >= 8 ? 0xFF : UInt8((1 << hostBits) - 1)
            hostBits -= 8
            index -= 1
        }
        self.lower = base
        self.upper = top
    }

    func contains(_ address: [UInt8]) -> Bool {
        address.count == lower.count
            && !address.lexicographicallyPrecedes(lower)
            && !upper.lexicographicallyPrecedes(address)
    }
}
