/// The comparators of a condition expression.
public enum ConditionComparator: String, Sendable, Hashable, CaseIterable {
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// The boolean functions of a condition expression (`size` is an operand, not one of these).
public enum ConditionFunction: String, Sendable, Hashable, CaseIterable {
    case attributeExists = "attribute_exists"
    case attributeNotExists = "attribute_not_exists"
    case attributeType = "attribute_type"
    case beginsWith = "begins_with"
    case contains = "contains"

    var arity: Int {
        switch self {
        case .attributeExists, .attributeNotExists: return 1
        case .attributeType, .beginsWith, .contains: return 2
        }
    }
}

/// A condition as written: paths may hold `#names`, values are `:placeholders`.
indirect enum RawCondition: Sendable, Hashable {
    case comparison(RawOperand, ConditionComparator, RawOperand)
    case between(RawOperand, RawOperand, RawOperand)
    case within(RawOperand, [RawOperand])
    case and(RawCondition, RawCondition)
    case or(RawCondition, RawCondition)
    case not(RawCondition)
    case function(ConditionFunction, [RawOperand])
}

enum RawOperand: Sendable, Hashable {
    case path(RawPath)
    case value(String)
    case size(RawPath)
}

/// A condition expression parsed from its text alone, before `names` and `values` are bound: parse once,
/// bind (and evaluate) many times.
public struct ParsedConditionExpression: Sendable, Hashable {
    public let text: String
    let root: RawCondition
    /// The request member the expression came from, named in error messages (`KeyConditionExpression`).
    let kindName: String

    /// The keywords of the grammar: a syntax error where a path is expected, not a reserved-word error.
    static let keywords: Set<String> = ["AND", "OR", "NOT", "BETWEEN", "IN"]
    public static let kind = "ConditionExpression"

    /// Parses the text. Throws `ValidationException` for a syntax error (with its position), a bare reserved
    /// word, an unknown function, or a function used in the wrong place.
    public init(_ text: String, kind: String = ParsedConditionExpression.kind) throws(DynamoError) {
        self.text = text
        self.kindName = kind
        let lexer = try DynamoExpressionLexer(text, kind: kind)
        guard lexer.tokens.count > 1 else { throw lexer.error("The expression can not be empty;") }
        var parser = ConditionParser(cursor: DynamoTokenCursor(lexer))
        let root = try parser.parseOr()
        guard parser.cursor.peek.kind == .end else { throw parser.cursor.syntaxError() }
        self.root = root
    }

    /// Binds `#names` and `:values`, checking that every placeholder is defined and that literal operands
    /// suit their operators.
    public func bind(names: [String: String] = [:], values: [String: AttributeValue] = [:]) throws(DynamoError) -> ConditionExpression {
        var binder = ConditionBinder(names: names, values: values, kind: kindName)
        return ConditionExpression(text: text, root: try binder.bind(root))
    }
}

private struct ConditionParser {
    var cursor: DynamoTokenCursor

    mutating func parseOr() throws(DynamoError) -> RawCondition {
        var left = try parseAnd()
        while cursor.at(keyword: "OR") {
            cursor.next()
            left = .or(left, try parseAnd())
        }
        return left
    }

    mutating func parseAnd() throws(DynamoError) -> RawCondition {
        var left = try parseNot()
        while cursor.at(keyword: "AND") {
            cursor.next()
            left = .and(left, try parseNot())
        }
        return left
    }

    mutating func parseNot() throws(DynamoError) -> RawCondition {
        if cursor.at(keyword: "NOT") {
            cursor.next()
            return .not(try parseNot())
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(DynamoError) -> RawCondition {
        if cursor.peek.kind == .lparen {
            cursor.next()
            let inner = try parseOr()
            _ = try cursor.expect(.rparen)
            return inner
        }
        if cursor.peek.kind == .identifier, cursor.peek(1).kind == .lparen, let fn = ConditionFunction(rawValue: cursor.peek.text) {
            let nameToken = cursor.next()
            let args = try parseArguments()
            guard args.count == fn.arity else {
                throw cursor.error("Incorrect number of operands for operator or function; operator or function: \(fn.rawValue), number of operands: \(args.count)")
            }
            if case .path = args[0] {} else {
                throw cursor.error("Operator or function requires a document path; operator or function: \(fn.rawValue)")
            }
            if isComparisonAhead {
                throw cursor.error("The function is not allowed to be used this way in an expression; function: \(nameToken.text)")
            }
            return .function(fn, args)
        }
        let left = try parseOperand()
        let t = cursor.peek
        switch t.kind {
        case .eq, .ne, .lt, .le, .gt, .ge:
            cursor.next()
            let op = ConditionComparator(rawValue: t.text)!
            return .comparison(left, op, try parseOperand())
        case .identifier where t.text.uppercased() == "BETWEEN":
            cursor.next()
            let low = try parseOperand()
            try cursor.expect(keyword: "AND")
            return .between(left, low, try parseOperand())
        case .identifier where t.text.uppercased() == "IN":
            cursor.next()
            _ = try cursor.expect(.lparen)
            var list = [try parseOperand()]
            while cursor.peek.kind == .comma {
                cursor.next()
                list.append(try parseOperand())
            }
            _ = try cursor.expect(.rparen)
            guard list.count <= 100 else {
                throw cursor.error("The IN operator is provided with too many operands; number of operands: \(list.count)")
            }
            return .within(left, list)
        default:
            if case .size = left {
                throw cursor.error("The function is not allowed to be used this way in an expression; function: size")
            }
            throw cursor.syntaxError(t)
        }
    }

    var isComparisonAhead: Bool {
        switch cursor.peek.kind {
        case .eq, .ne, .lt, .le, .gt, .ge: return true
        case .identifier: return cursor.at(keyword: "BETWEEN") || cursor.at(keyword: "IN")
        default: return false
        }
    }

    /// `( operand, operand, ... )`.
    mutating func parseArguments() throws(DynamoError) -> [RawOperand] {
        _ = try cursor.expect(.lparen)
        var args = [try parseOperand()]
        while cursor.peek.kind == .comma {
            cursor.next()
            args.append(try parseOperand())
        }
        _ = try cursor.expect(.rparen)
        return args
    }

    /// A path, a `:value` or `size(path)`.
    mutating func parseOperand() throws(DynamoError) -> RawOperand {
        let t = cursor.peek
        switch t.kind {
        case .value:
            cursor.next()
            return .value(t.text)
        case .identifier where cursor.peek(1).kind == .lparen:
            if t.text == "size" {
                cursor.next()
                let args = try parseArguments()
                guard args.count == 1 else {
                    throw cursor.error("Incorrect number of operands for operator or function; operator or function: size, number of operands: \(args.count)")
                }
                guard case .path(let p) = args[0] else {
                    throw cursor.error("Operator or function requires a document path; operator or function: size")
                }
                return .size(p)
            }
            if ConditionFunction(rawValue: t.text) != nil {
                throw cursor.error("The function is not allowed to be used this way in an expression; function: \(t.text)")
            }
            if ParsedConditionExpression.keywords.contains(t.text.uppercased()) { throw cursor.syntaxError(t) }
            throw cursor.error("Invalid function name; function: \(t.text)")
        case .identifier, .name:
            return .path(try cursor.parsePath(grammarKeywords: ParsedConditionExpression.keywords))
        default:
            throw cursor.syntaxError(t)
        }
    }
}

/// Resolves placeholders and checks literal operands, producing the evaluable tree.
private struct ConditionBinder {
    let names: [String: String]
    let values: [String: AttributeValue]
    var resolved: [String: AttributeValue] = [:]
    let kind: String

    init(names: [String: String], values: [String: AttributeValue], kind: String) {
        self.names = names
        self.values = values
        self.kind = kind
    }

    func error(_ message: String) -> DynamoError { .validation("Invalid \(kind): \(message)") }

    mutating func bind(_ c: RawCondition) throws(DynamoError) -> ConditionNode {
        switch c {
        case .and(let a, let b): return .and(try bind(a), try bind(b))
        case .or(let a, let b): return .or(try bind(a), try bind(b))
        case .not(let a): return .not(try bind(a))
        case .comparison(let a, let op, let b):
            let x = try bind(a), y = try bind(b)
            if op != .equal, op != .notEqual {
                try requireOrderable(x, op.rawValue)
                try requireOrderable(y, op.rawValue)
            }
            return .comparison(x, op, y)
        case .between(let a, let low, let high):
            let x = try bind(a), lo = try bind(low), hi = try bind(high)
            try requireOrderable(x, "BETWEEN")
            try requireOrderable(lo, "BETWEEN")
            try requireOrderable(hi, "BETWEEN")
            if case .value(let l) = lo, case .value(let h) = hi {
                guard l.typeName == h.typeName else {
                    throw error("The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: \(DynamoValues.display(l)), upper bound operand: AttributeValue: \(DynamoValues.display(h))")
                }
                if let order = DynamoValues.compare(l, h), order > 0 {
                    throw error("The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: \(DynamoValues.display(l)), upper bound operand: AttributeValue: \(DynamoValues.display(h))")
                }
            }
            return .between(x, lo, hi)
        case .within(let a, let list):
            var out: [ConditionOperand] = []
            out.reserveCapacity(list.count)
            for e in list { out.append(try bind(e)) }
            return .within(try bind(a), out)
        case .function(let fn, let args):
            var out: [ConditionOperand] = []
            for a in args { out.append(try bind(a)) }
            switch fn {
            case .attributeType:
                guard case .value(let t) = out[1], case .s(let typeName) = t else {
                    throw error("Incorrect operand type for operator or function; operator or function: attribute_type, operand type: \(Self.typeName(out[1]))")
                }
                let valid = ["S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"]
                guard valid.contains(typeName) else {
                    throw error("Invalid attribute type name found; type: \(typeName), valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }")
                }
            case .beginsWith:
                if case .value(let v) = out[1] {
                    switch v {
                    case .s, .b: break
                    default:
                        throw error("Incorrect operand type for operator or function; operator or function: begins_with, operand type: \(v.typeName)")
                    }
                }
            default:
                break
            }
            return .function(fn, out)
        }
    }

    mutating func bind(_ o: RawOperand) throws(DynamoError) -> ConditionOperand {
        switch o {
        case .path(let p): return .path(try p.resolve(names, kind: kind))
        case .size(let p): return .size(try p.resolve(names, kind: kind))
        case .value(let placeholder):
            if let v = resolved[placeholder] { return .value(v) }
            let v = try resolveExpressionValue(placeholder, values, kind: kind)
            resolved[placeholder] = v
            return .value(v)
        }
    }

    func requireOrderable(_ o: ConditionOperand, _ op: String) throws(DynamoError) {
        if case .value(let v) = o, !DynamoValues.isOrderable(v) {
            throw error("Incorrect operand type for operator or function; operator: \(op), operand type: \(v.typeName)")
        }
    }

    static func typeName(_ o: ConditionOperand) -> String {
        switch o {
        case .path: return "PATH"
        case .size: return "N"
        case .value(let v): return v.typeName
        }
    }
}
