/// DynamoDB's rules for attribute values: which are valid, when two are equal, how scalars order.
enum DynamoValues {
    /// Checks a value the way DynamoDB checks one it receives (numbers parse and fit, sets are neither empty
    /// nor hold duplicates) and returns its canonical form: numbers in canonical text, sets sorted, so that
    /// `==` on canonical values is DynamoDB's equality. The error message has no prefix.
    static func canonical(_ value: AttributeValue) throws(DynamoError) -> AttributeValue {
        switch value {
        case .s, .b, .bool, .null:
            return value
        case .n(let text):
            return .n(try DynamoNumber.validated(text).text)
        case .ss(let set):
            guard !set.isEmpty else { throw .validation("One or more parameter values were invalid: An string set  may not be empty") }
            let sorted = set.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            try checkDuplicates(sorted, display: set)
            return .ss(sorted)
        case .ns(let set):
            guard !set.isEmpty else { throw .validation("One or more parameter values were invalid: An number set  may not be empty") }
            var numbers: [DynamoNumber] = []
            numbers.reserveCapacity(set.count)
            for text in set { numbers.append(try DynamoNumber.validated(text)) }
            numbers.sort()
            try checkDuplicates(numbers, display: set)
            return .ns(numbers.map(\.text))
        case .bs(let set):
            guard !set.isEmpty else { throw .validation("One or more parameter values were invalid: Binary sets should not be empty") }
            let sorted = set.sorted { $0.lexicographicallyPrecedes($1) }
            try checkDuplicates(sorted, display: set.map { "\($0)" })
            return .bs(sorted)
        case .l(let list):
            var out: [AttributeValue] = []
            out.reserveCapacity(list.count)
            for v in list { out.append(try canonical(v)) }
            return .l(out)
        case .m(let map):
            var out: [String: AttributeValue] = [:]
            out.reserveCapacity(map.count)
            for (k, v) in map { out[k] = try canonical(v) }
            return .m(out)
        }
    }

    private static func checkDuplicates<T: Equatable, D>(_ sorted: [T], display: [D]) throws(DynamoError) {
        for i in sorted.indices.dropFirst() where sorted[i] == sorted[i - 1] {
            let shown = display.map { "\($0)" }.joined(separator: ", ")
            throw .validation("One or more parameter values were invalid: Input collection [\(shown)] contains duplicates.")
        }
    }

    /// DynamoDB equality: numbers by value, sets regardless of order, lists and maps element by element.
    static func equal(_ a: AttributeValue, _ b: AttributeValue) -> Bool {
        switch (a, b) {
        case (.n(let x), .n(let y)):
            if x == y { return true }
            guard let p = DynamoNumber(x), let q = DynamoNumber(y) else { return false }
            return p == q
        case (.ss(let x), .ss(let y)):
            return Set(x) == Set(y)
        case (.bs(let x), .bs(let y)):
            return Set(x) == Set(y)
        case (.ns(let x), .ns(let y)):
            let p = Set(x.map { DynamoNumber($0)?.text ?? $0 })
            let q = Set(y.map { DynamoNumber($0)?.text ?? $0 })
            return p == q
        case (.l(let x), .l(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.m(let x), .m(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x {
                guard let w = y[k], equal(v, w) else { return false }
            }
            return true
        default:
            return a == b
        }
    }

    /// The order of two scalars of the same type: strings by UTF-8 bytes, numbers by value, binary by bytes.
    /// `nil` for different types or for types without an order.
    static func compare(_ a: AttributeValue, _ b: AttributeValue) -> Int? {
        switch (a, b) {
        case (.s(let x), .s(let y)):
            return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        case (.b(let x), .b(let y)):
            return x == y ? 0 : (x.lexicographicallyPrecedes(y) ? -1 : 1)
        case (.n(let x), .n(let y)):
            guard let p = DynamoNumber(x), let q = DynamoNumber(y) else { return nil }
            return p == q ? 0 : (p < q ? -1 : 1)
        default:
            return nil
        }
    }

    /// Whether a value is a scalar that `<`, `>`, `BETWEEN` and key ordering apply to.
    static func isOrderable(_ v: AttributeValue) -> Bool {
        switch v {
        case .s, .n, .b: return true
        default: return false
        }
    }

    /// `{N:5}`-style text of a value for error messages.
    static func display(_ v: AttributeValue) -> String {
        switch v {
        case .s(let s): return "{S:\(s)}"
        case .n(let n): return "{N:\(n)}"
        case .b(let b): return "{B:\(b.count) bytes}"
        case .bool(let x): return "{BOOL:\(x)}"
        case .null: return "{NULL:true}"
        case .l(let l): return "{L:[\(l.map(display).joined(separator: ","))]}"
        case .m(let m): return "{M:{\(m.keys.sorted().map { "\($0)=\(display(m[$0]!))" }.joined(separator: ","))}}"
        case .ss(let s): return "{SS:[\(s.joined(separator: ","))]}"
        case .ns(let s): return "{NS:[\(s.joined(separator: ","))]}"
        case .bs(let s): return "{BS:\(s.count) values}"
        }
    }
}
