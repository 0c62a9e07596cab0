/// A DynamoDB number: exact decimal, up to 38 significant digits, magnitude from 1E-130 to below 1E+126.
///
/// Comparison is numeric (`1.0 == 1`, `-2 < 1E1`), addition is exact, and `text` is the canonical form
/// DynamoDB returns (no exponent, no leading or trailing zeros: `10.50` → `10.5`, `1E2` → `100`).
public struct DynamoNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whether the value is below zero (never true for zero).
    public private(set) var negative: Bool
    /// Significant digits (0–9), most significant first, without leading or trailing zeros; empty for zero.
    public private(set) var digits: [UInt8]
    /// The value is `digits × 10^exponent`.
    public private(set) var exponent: Int

    public static let zero = DynamoNumber(negative: false, digits: [], exponent: 0)
    public static let maxSignificantDigits = 38

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        var d = digits[...]
        while let f = d.first, f == 0 { d.removeFirst() }
        var e = exponent
        while let l = d.last, l == 0 { d.removeLast(); e += 1 }
        if d.isEmpty {
            self.negative = false
            self.digits = []
            self.exponent = 0
        } else {
            self.negative = negative
            self.digits = Array(d)
            self.exponent = e
        }
    }

    /// Parses decimal text such as `-12.50`, `1e3`, `.5` or `+7`; `nil` when the text is not a number.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        var i = 0
        var negative = false
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: [UInt8] = []
        var fractionDigits = 0
        var sawDigit = false
        var sawDot = false
        while i < b.count {
            let c = b[i]
            if c >= 48, c <= 57 {
                mantissa.append(c - 48)
                if sawDot { fractionDigits += 1 }
                sawDigit = true
            } else if c == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else {
                break
            }
            i += 1
        }
        guard sawDigit else { return nil }
        var exp = 0
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                expNegative = b[i] == UInt8(ascii: "-")
                i += 1
            }
            var sawExpDigit = false
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                // Clamp: anything this large is out of range anyway.
                if exp < 1_000_000 { exp = exp * 10 + Int(b[i] - 48) }
                sawExpDigit = true
                i += 1
            }
            guard sawExpDigit else { return nil }
            if expNegative { exp = -exp }
        }
        guard i == b.count else { return nil }
        self.init(negative: negative, digits: mantissa, exponent: exp - fractionDigits)
    }

    /// An integer.
    public init(_ value: Int) {
        let magnitude = value.magnitude
        self.init(negative: value < 0, digits: String(magnitude).utf8.map { $0 - 48 }, exponent: 0)
    }

    public var isZero: Bool { digits.isEmpty }

    /// The power of ten of the most significant digit (`123` → 2, `0.05` → -2).
    var adjustedExponent: Int { exponent + digits.count - 1 }

    /// Throws the ValidationException DynamoDB gives for a number it cannot store.
    public func checkRange() throws(DynamoError) {
        guard !isZero else { return }
        if digits.count > Self.maxSignificantDigits {
            throw .validation("Attempting to store more than 38 significant digits in a Number")
        }
        if adjustedExponent > 125 {
            throw .validation("Number overflow. Attempting to store a number with magnitude larger than supported range")
        }
        if adjustedExponent < -130 {
            throw .validation("Number underflow. Attempting to store a number with magnitude smaller than supported range")
        }
    }

    /// Parses and range-checks number text, as DynamoDB does for every `N` it receives.
    public static func validated(_ text: String) throws(DynamoError) -> DynamoNumber {
        guard let n = DynamoNumber(text) else {
            throw .validation("A value provided cannot be converted into a number")
        }
        try n.checkRange()
        return n
    }

    /// Canonical decimal text, without an exponent.
    public var text: String {
        if isZero { return "0" }
        var out = negative ? "-" : ""
        let ds = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        if exponent >= 0 {
            out += ds
            out += String(repeating: "0", count: exponent)
        } else {
            let point = digits.count + exponent
            if point > 0 {
                out += ds.prefix(point)
                out += "."
                out += ds.dropFirst(point)
            } else {
                out += "0."
                out += String(repeating: "0", count: -point)
                out += ds
            }
        }
        return out
    }

    public var description: String { text }

    /// Compares magnitudes: -1, 0 or 1.
    static func compareMagnitude(_ a: DynamoNumber, _ b: DynamoNumber) -> Int {
        if a.isZero || b.isZero { return a.isZero ? (b.isZero ? 0 : -1) : 1 }
        if a.adjustedExponent != b.adjustedExponent { return a.adjustedExponent < b.adjustedExponent ? -1 : 1 }
        for (x, y) in zip(a.digits, b.digits) where x != y { return x < y ? -1 : 1 }
        if a.digits.count == b.digits.count { return 0 }
        return a.digits.count < b.digits.count ? -1 : 1
    }

    public static func < (a: DynamoNumber, b: DynamoNumber) -> Bool {
        if a.negative != b.negative { return a.negative }
        let m = compareMagnitude(a, b)
        return a.negative ? m > 0 : m < 0
    }

    public static prefix func - (a: DynamoNumber) -> DynamoNumber {
        a.isZero ? a : DynamoNumber(negative: !a.negative, digits: a.digits, exponent: a.exponent)
    }

    public static func + (a: DynamoNumber, b: DynamoNumber) -> DynamoNumber {
        if a.isZero { return b }
        if b.isZero { return a }
        let e = min(a.exponent, b.exponent)
        // Little-endian digit arrays scaled to the common exponent.
        let x = Array(repeating: UInt8(0), count: a.exponent - e) + a.digits.reversed()
        let y = Array(repeating: UInt8(0), count: b.exponent - e) + b.digits.reversed()
        if a.negative == b.negative {
            var out: [UInt8] = []
            out.reserveCapacity(max(x.count, y.count) + 1)
            var carry: UInt8 = 0
            for i in 0..<max(x.count, y.count) {
                let s = (i < x.count ? x[i] : 0) + (i < y.count ? y[i] : 0) + carry
                out.append(s % 10)
                carry = s / 10
            }
            if carry > 0 { out.append(carry) }
            return DynamoNumber(negative: a.negative, digits: out.reversed(), exponent: e)
        }
        let m = compareMagnitude(a, b)
        if m == 0 { return .zero }
        let (big, small, sign) = m > 0 ? (x, y, a.negative) : (y, x, b.negative)
        var out: [UInt8] = []
        out.reserveCapacity(big.count)
        var borrow: Int = 0
        for i in 0..<big.count {
            var d = Int(big[i]) - borrow - (i < small.count ? Int(small[i]) : 0)
            if d < 0 { d += 10; borrow = 1 } else { borrow = 0 }
            out.append(UInt8(d))
        }
        return DynamoNumber(negative: sign, digits: out.reversed(), exponent: e)
    }

    public static func - (a: DynamoNumber, b: DynamoNumber) -> DynamoNumber { a + (-b) }
}
