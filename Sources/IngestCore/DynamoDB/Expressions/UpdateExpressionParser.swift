/// An update operand as written.
indirect enum RawUpdateOperand: Sendable, Hashable {
    case path(RawPath)
    case value(String)
    case ifNotExists(RawPath, RawUpdateOperand)
    case listAppend(RawUpdateOperand, RawUpdateOperand)
}

/// The right-hand side of a `SET` action as written.
enum RawSetValue: Sendable, Hashable {
    case operand(RawUpdateOperand)
    case plus(RawUpdateOperand, RawUpdateOperand)
    case minus(RawUpdateOperand, RawUpdateOperand)
}

struct RawSetAction: Sendable, Hashable {
    var path: RawPath
    var value: RawSetValue
}

struct RawValueAction: Sendable, Hashable {
    var path: RawPath
    var value: String
}

/// An update expression parsed from its text alone, before `names` and `values` are bound.
public struct ParsedUpdateExpression: Sendable, Hashable {
    public let text: String
    var sets: [RawSetAction] = []
    var removes: [RawPath] = []
    var adds: [RawValueAction] = []
    var deletes: [RawValueAction] = []

    static let kind = "UpdateExpression"
    static let clauses: Set<String> = ["SET", "REMOVE", "ADD", "DELETE"]

    /// Parses `SET a = :v, b = b + :n REMOVE c ADD n :one DELETE s :x`. Each clause may appear once, in any order.
    public init(_ text: String) throws(DynamoError) {
        self.text = text
        let lexer = try DynamoExpressionLexer(text, kind: Self.kind)
        guard lexer.tokens.count > 1 else { throw lexer.error("The expression can not be empty;") }
        var c = DynamoTokenCursor(lexer)
        var seen = Set<String>()
        while c.peek.kind != .end {
            let t = c.peek
            let clause = t.text.uppercased()
            guard t.kind == .identifier, Self.clauses.contains(clause) else { throw c.syntaxError(t) }
            guard seen.insert(clause).inserted else {
                throw c.error("The \"\(clause)\" section can only be used once in an update expression;")
            }
            c.next()
            while true {
                let path = try c.parsePath(grammarKeywords: Self.clauses)
                switch clause {
                case "SET":
                    _ = try c.expect(.eq)
                    sets.append(RawSetAction(path: path, value: try Self.parseSetValue(&c)))
                case "REMOVE":
                    removes.append(path)
                case "ADD", "DELETE":
                    let v = try c.expect(.value)
                    let action = RawValueAction(path: path, value: v.text)
                    if clause == "ADD" { adds.append(action) } else { deletes.append(action) }
                default:
                    break
                }
                guard c.peek.kind == .comma else { break }
                c.next()
            }
        }
    }

    static func parseSetValue(_ c: inout DynamoTokenCursor) throws(DynamoError) -> RawSetValue {
        let left = try parseOperand(&c)
        switch c.peek.kind {
        case .plus:
            c.next()
            return .plus(left, try parseOperand(&c))
        case .minus:
            c.next()
            return .minus(left, try parseOperand(&c))
        default:
            return .operand(left)
        }
    }

    static func parseOperand(_ c: inout DynamoTokenCursor) throws(DynamoError) -> RawUpdateOperand {
        let t = c.peek
        switch t.kind {
        case .value:
            c.next()
            return .value(t.text)
        case .identifier where c.peek(1).kind == .lparen:
            c.next()
            _ = try c.expect(.lparen)
            switch t.text {
            case "if_not_exists":
                let first = try parseOperand(&c)
                _ = try c.expect(.comma)
                let fallback = try parseOperand(&c)
                _ = try c.expect(.rparen)
                guard case .path(let p) = first else {
                    throw c.error("Operator or function requires a document path; operator or function: if_not_exists")
                }
                return .ifNotExists(p, fallback)
            case "list_append":
                let a = try parseOperand(&c)
                _ = try c.expect(.comma)
                let b = try parseOperand(&c)
                _ = try c.expect(.rparen)
                return .listAppend(a, b)
            default:
                if ConditionFunction(rawValue: t.text) != nil || t.text == "size" {
                    throw c.error("The function is not allowed in an update expression; function: \(t.text)")
                }
                throw c.error("Invalid function name; function: \(t.text)")
            }
        case .identifier, .name:
            return .path(try c.parsePath(grammarKeywords: clauses))
        default:
            throw c.syntaxError(t)
        }
    }

    /// Binds `#names` and `:values`: every placeholder must be defined, literal operands must suit their
    /// action, and no two actions may touch overlapping paths.
    public func bind(names: [String: String] = [:], values: [String: AttributeValue] = [:]) throws(DynamoError) -> UpdateExpression {
        var b = UpdateBinder(names: names, values: values)
        var out = UpdateExpression(text: text)
        for s in sets {
            let value: UpdateSetValue
            switch s.value {
            case .operand(let o): value = .operand(try b.bind(o))
            case .plus(let x, let y): value = .plus(try b.bindNumeric(x, "+"), try b.bindNumeric(y, "+"))
            case .minus(let x, let y): value = .minus(try b.bindNumeric(x, "-"), try b.bindNumeric(y, "-"))
            }
            out.sets.append(UpdateSetAction(path: try s.path.resolve(names, kind: Self.kind), value: value))
        }
        for r in removes { out.removes.append(try r.resolve(names, kind: Self.kind)) }
        for a in adds {
            let v = try b.value(a.value)
            switch v {
            case .n, .ss, .ns, .bs: break
            default: throw b.error("Incorrect operand type for operator or function; operator: ADD, operand type: \(v.typeName)")
            }
            out.adds.append(UpdateValueAction(path: try a.path.resolve(names, kind: Self.kind), value: v))
        }
        for d in deletes {
            let v = try b.value(d.value)
            switch v {
            case .ss, .ns, .bs: break
            default: throw b.error("Incorrect operand type for operator or function; operator: DELETE, operand type: \(v.typeName)")
            }
            out.deletes.append(UpdateValueAction(path: try d.path.resolve(names, kind: Self.kind), value: v))
        }
        let targets = out.targetPaths
        for i in targets.indices {
            for j in targets.indices where j > i && targets[i].overlaps(targets[j]) {
                throw b.error("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \(targets[i].bracketed), path two: \(targets[j].bracketed)")
            }
        }
        return out
    }
}

private struct UpdateBinder {
    let names: [String: String]
    let values: [String: AttributeValue]
    var resolved: [String: AttributeValue] = [:]

    init(names: [String: String], values: [String: AttributeValue]) {
        self.names = names
        self.values = values
    }

    func error(_ message: String) -> DynamoError { .validation("Invalid \(ParsedUpdateExpression.kind): \(message)") }

    mutating func value(_ placeholder: String) throws(DynamoError) -> AttributeValue {
        if let v = resolved[placeholder] { return v }
        let v = try resolveExpressionValue(placeholder, values, kind: ParsedUpdateExpression.kind)
        resolved[placeholder] = v
        return v
    }

    mutating func bind(_ o: RawUpdateOperand) throws(DynamoError) -> UpdateOperand {
        switch o {
        case .path(let p): return .path(try p.resolve(names, kind: ParsedUpdateExpression.kind))
        case .value(let placeholder): return .value(try value(placeholder))
        case .ifNotExists(let p, let fallback):
            return .ifNotExists(try p.resolve(names, kind: ParsedUpdateExpression.kind), try bind(fallback))
        case .listAppend(let a, let b):
            let x = try bind(a), y = try bind(b)
            for case .value(let v) in [x, y] {
                guard case .l = v else {
                    throw error("Incorrect operand type for operator or function; operator or function: list_append, operand type: \(v.typeName)")
                }
            }
            return .listAppend(x, y)
        }
    }

    mutating func bindNumeric(_ o: RawUpdateOperand, _ op: String) throws(DynamoError) -> UpdateOperand {
        let bound = try bind(o)
        if case .value(let v) = bound {
            guard case .n = v else {
                throw error("Incorrect operand type for operator or function; operator or function: \(op), operand type: \(v.typeName)")
            }
        }
        return bound
    }
}
