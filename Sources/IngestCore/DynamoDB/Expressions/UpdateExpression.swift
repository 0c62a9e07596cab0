/// A DynamoDB update expression, parsed and bound, ready to apply to items:
/// `SET a = :v, b = b + :n, c = if_not_exists(c, :x), d = list_append(d, :l)`, `REMOVE a, b[0]`,
/// `ADD n :v` (numbers and sets), `DELETE s :v` (sets).
///
/// Every right-hand side reads the item as it was before the update. A key attribute cannot be updated.
public struct UpdateExpression: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    var sets: [UpdateSetAction] = []
    var removes: [AttributePath] = []
    var adds: [UpdateValueAction] = []
    var deletes: [UpdateValueAction] = []

    init(text: String) { self.text = text }

    /// Parses and binds. Throws `ValidationException` naming the problem.
    public init(_ text: String, names: [String: String] = [:], values: [String: AttributeValue] = [:]) throws(DynamoError) {
        self = try ParsedUpdateExpression(text).bind(names: names, values: values)
    }

    /// Parses and binds a `ConditionSpec` that carries an update expression.
    public init(_ spec: ConditionSpec) throws(DynamoError) {
        try self.init(spec.expression, names: spec.names, values: spec.values)
    }

    public var description: String { text }

    /// Whether the expression gives values (SET or ADD). One that only removes (REMOVE, DELETE) does not
    /// create a missing item, as in DynamoDB.
    public var writesValues: Bool { !sets.isEmpty || !adds.isEmpty }

    /// Every path the expression writes or removes, in clause order.
    public var targetPaths: [AttributePath] {
        sets.map(\.path) + removes + adds.map(\.path) + deletes.map(\.path)
    }

    /// Applies the update to `item` (for a new item: just its key). `keyAttributes` are the table's key
    /// attribute names, which no action may touch.
    public func apply(to item: Item, keyAttributes: Set<String> = []) throws(DynamoError) -> Item {
        for p in targetPaths where keyAttributes.contains(p.attributeName) {
            throw .validation("One or more parameter values were invalid: Cannot update attribute \(p.attributeName). This attribute is part of the key")
        }
        // Every value is computed from the item as it was.
        var setValues: [(AttributePath, AttributeValue)] = []
        setValues.reserveCapacity(sets.count)
        for s in sets { setValues.append((s.path, try evaluate(s.value, in: item))) }
        var addValues: [(AttributePath, AttributeValue)] = []
        for a in adds { addValues.append((a.path, try Self.add(a.value, to: a.path.value(in: item)))) }
        var deleteValues: [(AttributePath, AttributeValue?)] = []
        for d in deletes {
            guard let current = d.path.value(in: item) else { continue }
            deleteValues.append((d.path, try Self.delete(d.value, from: current)))
        }

        var out = item
        for (p, v) in setValues { try p.set(v, in: &out) }
        for p in removes.sorted(by: AttributePath.removalOrder) { p.remove(from: &out) }
        for (p, v) in addValues { try p.set(v, in: &out) }
        for (p, v) in deleteValues {
            if let v { try p.set(v, in: &out) } else { p.remove(from: &out) }
        }
        return out
    }

    static let wrongType = DynamoError.validation("An operand in the update expression has an incorrect data type")

    func evaluate(_ v: UpdateSetValue, in item: Item) throws(DynamoError) -> AttributeValue {
        switch v {
        case .operand(let o): return try evaluate(o, in: item)
        case .plus(let a, let b), .minus(let a, let b):
            guard case .n(let x) = try evaluate(a, in: item), case .n(let y) = try evaluate(b, in: item),
                  let p = DynamoNumber(x), let q = DynamoNumber(y) else { throw Self.wrongType }
            let result: DynamoNumber
            if case .plus = v { result = p + q } else { result = p - q }
            try result.checkRange()
            return .n(result.text)
        }
    }

    func evaluate(_ o: UpdateOperand, in item: Item) throws(DynamoError) -> AttributeValue {
        switch o {
        case .value(let v): return v
        case .path(let p):
            guard let v = p.value(in: item) else {
                throw .validation("The provided expression refers to an attribute that does not exist in the item")
            }
            return v
        case .ifNotExists(let p, let fallback):
            if let v = p.value(in: item) { return v }
            return try evaluate(fallback, in: item)
        case .listAppend(let a, let b):
            guard case .l(let x) = try evaluate(a, in: item), case .l(let y) = try evaluate(b, in: item) else { throw Self.wrongType }
            return .l(x + y)
        }
    }

    /// `ADD`: a number is added (a missing attribute counts as 0); a set gains the members.
    static func add(_ v: AttributeValue, to current: AttributeValue?) throws(DynamoError) -> AttributeValue {
        guard let current else { return v }
        switch (current, v) {
        case (.n(let x), .n(let y)):
            guard let p = DynamoNumber(x), let q = DynamoNumber(y) else { throw wrongType }
            let sum = p + q
            try sum.checkRange()
            return .n(sum.text)
        case (.ss(let x), .ss(let y)):
            return try DynamoValues.canonical(.ss(Array(Set(x).union(y))))
        case (.ns(let x), .ns(let y)):
            return try DynamoValues.canonical(.ns(Array(Set(x.map(canonicalNumber)).union(y.map(canonicalNumber)))))
        case (.bs(let x), .bs(let y)):
            return try DynamoValues.canonical(.bs(Array(Set(x).union(y))))
        default:
            throw wrongType
        }
    }

    /// `DELETE`: the set loses the members; an emptied set is removed (`nil`).
    static func delete(_ v: AttributeValue, from current: AttributeValue) throws(DynamoError) -> AttributeValue? {
        switch (current, v) {
        case (.ss(let x), .ss(let y)):
            let rest = Set(y)
            let kept = x.filter { !rest.contains($0) }
            return kept.isEmpty ? nil : .ss(kept)
        case (.ns(let x), .ns(let y)):
            let rest = Set(y.map(canonicalNumber))
            let kept = x.filter { !rest.contains(canonicalNumber($0)) }
            return kept.isEmpty ? nil : .ns(kept)
        case (.bs(let x), .bs(let y)):
            let rest = Set(y)
            let kept = x.filter { !rest.contains($0) }
            return kept.isEmpty ? nil : .bs(kept)
        default:
            throw wrongType
        }
    }

    static func canonicalNumber(_ text: String) -> String { DynamoNumber(text)?.text ?? text }
}

/// A bound update operand.
indirect enum UpdateOperand: Sendable, Hashable {
    case path(AttributePath)
    case value(AttributeValue)
    case ifNotExists(AttributePath, UpdateOperand)
    case listAppend(UpdateOperand, UpdateOperand)
}

enum UpdateSetValue: Sendable, Hashable {
    case operand(UpdateOperand)
    case plus(UpdateOperand, UpdateOperand)
    case minus(UpdateOperand, UpdateOperand)
}

struct UpdateSetAction: Sendable, Hashable {
    var path: AttributePath
    var value: UpdateSetValue
}

struct UpdateValueAction: Sendable, Hashable {
    var path: AttributePath
    var value: AttributeValue
}
