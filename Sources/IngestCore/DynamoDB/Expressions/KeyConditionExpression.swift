/// The sort-key part of a Query's key condition.
public enum SortKeyCondition: Sendable, Hashable {
    /// `sk = :v`, `sk < :v`, `sk <= :v`, `sk > :v`, `sk >= :v`.
    case compare(ConditionComparator, AttributeValue)
    /// `sk BETWEEN :lo AND :hi`.
    case between(AttributeValue, AttributeValue)
    /// `begins_with(sk, :prefix)`.
    case beginsWith(AttributeValue)

    /// Whether a sort-key value satisfies the condition.
    public func matches(_ v: AttributeValue) -> Bool {
        switch self {
        case .compare(let op, let x):
            guard let c = DynamoValues.compare(v, x) else { return false }
            switch op {
            case .equal: return c == 0
            case .less: return c < 0
            case .lessOrEqual: return c <= 0
            case .greater: return c > 0
            case .greaterOrEqual: return c >= 0
            case .notEqual: return c != 0
            }
        case .between(let lo, let hi):
            guard let a = DynamoValues.compare(v, lo), let b = DynamoValues.compare(v, hi) else { return false }
            return a >= 0 && b <= 0
        case .beginsWith(let p):
            switch (v, p) {
            case (.s(let s), .s(let prefix)): return s.utf8.starts(with: prefix.utf8)
            case (.b(let s), .b(let prefix)): return s.starts(with: prefix)
            default: return false
            }
        }
    }
}

/// A Query's `KeyConditionExpression`, checked against the table's key schema: an equality on the
/// partition key, and optionally one condition on the sort key (`= < <= > >=`, `BETWEEN`, `begins_with`)
/// joined with `AND`. Anything else (`OR`, `NOT`, `<>`, `IN`, other attributes) is a `ValidationException`.
public struct KeyCondition: Sendable, Hashable {
    public var partitionValue: AttributeValue
    public var sortKey: SortKeyCondition?

    public static let kind = "KeyConditionExpression"

    public init(partitionValue: AttributeValue, sortKey: SortKeyCondition? = nil) {
        self.partitionValue = partitionValue
        self.sortKey = sortKey
    }

    public init(_ spec: ConditionSpec, definition: TableDefinition) throws(DynamoError) {
        let bound = try ParsedConditionExpression(spec.expression, kind: Self.kind).bind(names: spec.names, values: spec.values)
        var parts: [ConditionNode] = []
        func flatten(_ n: ConditionNode) {
            if case .and(let a, let b) = n { flatten(a); flatten(b) } else { parts.append(n) }
        }
        flatten(bound.root)
        let unsupported = DynamoError.validation("Query key condition not supported")
        guard parts.count <= 2 else {
            throw .validation("Conditions can be of length 1 or 2 only")
        }
        var hash: AttributeValue?
        var sort: SortKeyCondition?
        let hashName = definition.hashKey.name
        let rangeName = definition.rangeKey?.name
        func keyName(_ o: ConditionOperand) throws(DynamoError) -> String? {
            guard case .path(let p) = o else { return nil }
            guard p.elements.count == 1 else {
                throw .validation("Invalid KeyConditionExpression: KeyConditionExpressions cannot contain nested attribute paths")
            }
            return p.attributeName
        }
        func typed(_ v: AttributeValue, _ attr: KeyAttribute) throws(DynamoError) -> AttributeValue {
            guard attr.accepts(v) else {
                throw .validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
            }
            return v
        }
        for part in parts {
            var name: String?
            var condition: SortKeyCondition?
            switch part {
            case .comparison(let a, let op, let b):
                guard op != .notEqual else { throw unsupported }
                if let n = try keyName(a), case .value(let v) = b {
                    name = n
                    condition = .compare(op, v)
                } else if let n = try keyName(b), case .value(let v) = a {
                    // `:v < sk` is `sk > :v`.
                    let flipped: [ConditionComparator: ConditionComparator] = [.equal: .equal, .less: .greater, .lessOrEqual: .greaterOrEqual,
                                                                               .greater: .less, .greaterOrEqual: .lessOrEqual]
                    name = n
                    condition = .compare(flipped[op]!, v)
                } else {
                    throw unsupported
                }
            case .between(let a, .value(let lo), .value(let hi)):
                guard let n = try keyName(a) else { throw unsupported }
                name = n
                condition = .between(lo, hi)
            case .function(.beginsWith, let args):
                guard let n = try keyName(args[0]), case .value(let v) = args[1] else { throw unsupported }
                name = n
                condition = .beginsWith(v)
            default:
                throw unsupported
            }
            guard let name, let condition else { throw unsupported }
            if name == hashName {
                guard case .compare(.equal, let v) = condition, hash == nil else { throw unsupported }
                hash = try typed(v, definition.hashKey)
            } else if let rangeName, name == rangeName, let range = definition.rangeKey {
                guard sort == nil else { throw unsupported }
                switch condition {
                case .compare(let op, let v): sort = .compare(op, try typed(v, range))
                case .between(let lo, let hi): sort = .between(try typed(lo, range), try typed(hi, range))
                case .beginsWith(let v):
                    guard range.type != .n else {
                        throw .validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")
                    }
                    sort = .beginsWith(try typed(v, range))
                }
            } else {
                throw .validation("Query condition missed key schema element: \(hashName)")
            }
        }
        guard let hash else { throw .validation("Query condition missed key schema element: \(hashName)") }
        self.init(partitionValue: hash, sortKey: sort)
    }
}
