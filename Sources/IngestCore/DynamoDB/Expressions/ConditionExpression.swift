/// A DynamoDB condition expression, parsed and bound to its `#names` and `:values`, ready to evaluate
/// against any number of items.
///
/// Grammar: comparators `= <> < > <= >=`, `a BETWEEN b AND c`, `a IN (b, c, ...)`, `AND` (binding tighter
/// than `OR`), `NOT`, parentheses, the functions `attribute_exists(path)`, `attribute_not_exists(path)`,
/// `attribute_type(path, :t)`, `begins_with(path, :v)`, `contains(path, :v)` and the operand `size(path)`.
/// Operands are document paths (`a`, `#n`, `a.b`, `a[0]`) or `:values`.
///
/// Semantics follow DynamoDB: numbers compare by value, strings by UTF-8 bytes, binary by bytes; an
/// operand of another type, or a missing attribute, makes a comparison false, except `<>`, which is true
/// when either side is missing.
public struct ConditionExpression: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    let root: ConditionNode

    init(text: String, root: ConditionNode) {
        self.text = text
        self.root = root
    }

    /// Parses and binds. Throws `ValidationException` naming the problem.
    public init(_ text: String, names: [String: String] = [:], values: [String: AttributeValue] = [:]) throws(DynamoError) {
        self = try ParsedConditionExpression(text).bind(names: names, values: values)
    }

    /// Parses and binds a `ConditionSpec`.
    public init(_ spec: ConditionSpec) throws(DynamoError) {
        try self.init(spec.expression, names: spec.names, values: spec.values)
    }

    public var description: String { text }

    /// Whether the condition holds for `item` (`nil`: no item with that key exists).
    public func evaluate(_ item: Item?) -> Bool {
        ConditionEvaluator(item: item ?? [:]).holds(root)
    }
}

/// A bound condition.
indirect enum ConditionNode: Sendable, Hashable {
    case comparison(ConditionOperand, ConditionComparator, ConditionOperand)
    case between(ConditionOperand, ConditionOperand, ConditionOperand)
    case within(ConditionOperand, [ConditionOperand])
    case and(ConditionNode, ConditionNode)
    case or(ConditionNode, ConditionNode)
    case not(ConditionNode)
    case function(ConditionFunction, [ConditionOperand])
}

enum ConditionOperand: Sendable, Hashable {
    case path(AttributePath)
    case value(AttributeValue)
    case size(AttributePath)
}

struct ConditionEvaluator {
    let item: Item

    func holds(_ node: ConditionNode) -> Bool {
        switch node {
        case .and(let a, let b): return holds(a) && holds(b)
        case .or(let a, let b): return holds(a) || holds(b)
        case .not(let a): return !holds(a)
        case .comparison(let a, let op, let b):
            let x = value(a), y = value(b)
            guard let x, let y else { return op == .notEqual }
            switch op {
            case .equal: return DynamoValues.equal(x, y)
            case .notEqual: return !DynamoValues.equal(x, y)
            case .less: return DynamoValues.compare(x, y).map { $0 < 0 } ?? false
            case .lessOrEqual: return DynamoValues.compare(x, y).map { $0 <= 0 } ?? false
            case .greater: return DynamoValues.compare(x, y).map { $0 > 0 } ?? false
            case .greaterOrEqual: return DynamoValues.compare(x, y).map { $0 >= 0 } ?? false
            }
        case .between(let a, let low, let high):
            guard let x = value(a), let lo = value(low), let hi = value(high),
                  let c1 = DynamoValues.compare(x, lo), let c2 = DynamoValues.compare(x, hi) else { return false }
            return c1 >= 0 && c2 <= 0
        case .within(let a, let list):
            guard let x = value(a) else { return false }
            return list.contains { e in value(e).map { DynamoValues.equal(x, $0) } ?? false }
        case .function(let fn, let args):
            return call(fn, args)
        }
    }

    func value(_ o: ConditionOperand) -> AttributeValue? {
        switch o {
        case .value(let v): return v
        case .path(let p): return p.value(in: item)
        case .size(let p):
            guard let v = p.value(in: item), let n = Self.size(of: v) else { return nil }
            return .n(String(n))
        }
    }

    /// `size()`: string length in UTF-8 bytes, binary length, element count of sets, lists and maps.
    /// Numbers, booleans and null have no size.
    static func size(of v: AttributeValue) -> Int? {
        switch v {
        case .s(let s): return s.utf8.count
        case .b(let b): return b.count
        case .ss(let s): return s.count
        case .ns(let s): return s.count
        case .bs(let s): return s.count
        case .l(let l): return l.count
        case .m(let m): return m.count
        case .n, .bool, .null: return nil
        }
    }

    func call(_ fn: ConditionFunction, _ args: [ConditionOperand]) -> Bool {
        let subject = value(args[0])
        switch fn {
        case .attributeExists: return subject != nil
        case .attributeNotExists: return subject == nil
        case .attributeType:
            guard let subject, case .s(let t)? = value(args[1]) else { return false }
            return subject.typeName == t
        case .beginsWith:
            guard let subject, let prefix = value(args[1]) else { return false }
            switch (subject, prefix) {
            case (.s(let s), .s(let p)): return s.utf8.starts(with: p.utf8)
            case (.b(let s), .b(let p)): return s.starts(with: p)
            default: return false
            }
        case .contains:
            guard let subject, let operand = value(args[1]) else { return false }
            switch (subject, operand) {
            case (.s(let s), .s(let sub)):
                return sub.isEmpty || Self.containsBytes(Array(s.utf8), Array(sub.utf8))
            case (.b(let s), .b(let sub)):
                return sub.isEmpty || Self.containsBytes(s, sub)
            case (.ss(let set), .s(let e)): return set.contains(e)
            case (.bs(let set), .b(let e)): return set.contains(e)
            case (.ns(let set), .n(let e)): return set.contains { DynamoValues.equal(.n($0), .n(e)) }
            case (.l(let list), _): return list.contains { DynamoValues.equal($0, operand) }
            default: return false
            }
        }
    }

    static func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
