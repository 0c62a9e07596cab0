/// Comparisons whose time depends only on the lengths compared, so it says nothing about how close a guess came.
public enum ConstantTime {
    public static func equals<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        let x = Array(a), y = Array(b)
        var diff = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            diff |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0xFF)
        }
        return diff == 0
    }

    public static func equals(_ a: String, _ b: String) -> Bool { equals(a.utf8, b.utf8) }
}
