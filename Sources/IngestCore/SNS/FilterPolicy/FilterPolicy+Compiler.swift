/// Turns a filter policy's JSON into a `FilterProgram`, enforcing the SNS limits and operator rules.
///
/// Work happens in three passes so that the limit errors win over operator errors, as in SNS:
/// the shape of the policy (objects, arrays, `$or`), then the key and combination limits, then
/// each match condition.
struct FilterCompiler {
    let scope: FilterPolicyScope

    /// Field names that stop an `$or` array from being read as alternatives (the Ruler reserved words).
    static let reservedNames: Set<String> = [
        "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
        "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after",
        "date-on-or-after", "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range",
        "ip-address-not-in-range",
    ]

    /// A key of the policy before its conditions are compiled.
    indirect enum RawNode {
        case key(name: String, depth: Int, values: [JSONValue])
        case all([RawNode])
        case any([RawNode])
    }

    func compile(_ policy: JSONValue) throws -> FilterProgram {
        guard case .object(let root) = policy else {
            throw FilterPolicyError(message: "Filter policy must be a JSON object, not \(policy.kindName)")
        }
        if root.isEmpty { return FilterProgram(root: nil, slots: []) }
        let raw = try rawShape(root)

        let keys = Self.maxTopLevelKeys(root, inherited: [])
        if keys > FilterPolicy.maxKeys {
            throw FilterPolicyError(message: "Filter policy can not have more than \(FilterPolicy.maxKeys) keys")
        }
        let combinations = Self.combinations(raw)
        if combinations > FilterPolicy.maxCombinations {
            throw FilterPolicyError(message: "Filter policy is too complex")
        }

        var slots: [String] = []
        var slotIndex: [String: Int] = [:]
        let node = try conditions(raw, slots: &slots, slotIndex: &slotIndex)
        return FilterProgram(root: node, slots: slots)
    }

    // MARK: Shape

    /// The alternatives of an `$or`, or nil when SNS would read `$or` as an ordinary key name.
    ///
    /// SNS honours `$or` only for an array of at least two objects, none naming a reserved word.
    static func orAlternatives(_ value: JSONValue) -> [[String: JSONValue]]? {
        guard case .array(let items) = value, items.count >= 2 else { return nil }
        var result: [[String: JSONValue]] = []
        for item in items {
            guard case .object(let o) = item else { return nil }
            if o.keys.contains(where: { reservedNames.contains($0) }) { return nil }
            result.append(o)
        }
        return result
    }

    /// The shape of a whole (non-empty) policy object, before limits and conditions are checked.
    func rawShape(_ root: [String: JSONValue]) throws -> RawNode {
        try shape(of: root, path: [], depth: 1)
    }

    private func shape(of object: [String: JSONValue], path: [String], depth: Int) throws -> RawNode {
        var children: [RawNode] = []
        for key in object.keys.sorted() {
            let value = object[key]!
            if key == "$or", let alternatives = Self.orAlternatives(value) {
                var branches: [RawNode] = []
                for alternative in alternatives {
                    if alternative.isEmpty { throw FilterPolicyError(message: "Empty objects are not allowed") }
                    branches.append(try shape(of: alternative, path: path, depth: depth))
                }
                children.append(.any(branches))
                continue
            }
            switch value {
            case .object(let nested):
                if scope == .messageAttributes {
                    throw FilterPolicyError(message: "Filter policy scope MessageAttributes does not support nested filter policy")
                }
                if nested.isEmpty { throw FilterPolicyError(message: "Empty objects are not allowed") }
                children.append(try shape(of: nested, path: path + [key], depth: depth + 1))
            case .array(let values):
                let name = scope == .messageAttributes ? key : (path + [key]).joined(separator: ".")
                children.append(.key(name: name, depth: depth, values: values))
            default:
                throw FilterPolicyError(message: "\"\(key)\" must be an object or an array")
            }
        }
        return children.count == 1 ? children[0] : .all(children)
    }

    // MARK: Limits

    /// The most top-level keys any single `$or` alternative of the policy names.
    ///
    /// SNS counts keys at the top of the policy ("for a nested policy, only parent keys are counted").
    /// A policy with `$or` is counted per alternative: its own keys plus the keys of the branch taken.
    static func maxTopLevelKeys(_ object: [String: JSONValue], inherited: Set<String>) -> Int {
        var names = inherited
        var alternatives: [[String: JSONValue]]?
        for (key, value) in object {
            if key == "$or", let found = orAlternatives(value) {
                alternatives = found
            } else {
                names.insert(key)
            }
        }
        guard let alternatives else { return names.count }
        return alternatives.map { maxTopLevelKeys($0, inherited: names) }.max() ?? names.count
    }

    /// The number of value combinations, summed over the `$or` alternatives.
    ///
    /// Each key contributes its number of values times its nesting depth, as in the SNS documentation's
    /// nested example (`3 × 4 × 2 × 3 = 72`). The result saturates well above the limit.
    static func combinations(_ node: RawNode) -> Int {
        let cap = 1_000_000
        switch node {
        case .key(_, let depth, let values):
            return min(cap, depth * max(values.count, 1))
        case .all(let children):
            var product = 1
            for child in children { product = min(cap, product * combinations(child)) }
            return product
        case .any(let branches):
            var sum = 0
            for branch in branches { sum = min(cap, sum + combinations(branch)) }
            return sum
        }
    }

    // MARK: Conditions

    private func conditions(_ node: RawNode, slots: inout [String], slotIndex: inout [String: Int]) throws -> FilterNode {
        switch node {
        case .key(let name, _, let values):
            if values.isEmpty { throw FilterPolicyError(message: "Empty arrays are not allowed") }
            let slot: Int
            if let existing = slotIndex[name] {
                slot = existing
            } else {
                slot = slots.count
                slots.append(name)
                slotIndex[name] = slot
            }
            return .key(FilterKeyRule(slot: slot, conditions: try values.map(Self.condition)))
        case .all(let children):
            return .all(try children.map { try conditions($0, slots: &slots, slotIndex: &slotIndex) })
        case .any(let branches):
            return .any(try branches.map { try conditions($0, slots: &slots, slotIndex: &slotIndex) })
        }
    }

    static func condition(_ value: JSONValue) throws -> FilterCondition {
        switch value {
        case .string(let s): return .equalsString(s, ip: FilterIP.address(s))
        case .number(let text): return .equalsNumber(try policyNumber(text))
        case .bool(let b): return .equalsBool(b)
        case .null: return .equalsNull
        case .array: throw FilterPolicyError(message: "Match value must be String, number, true, false, or null")
        case .object(let o):
            guard o.count == 1, let (op, argument) = o.first else {
                throw FilterPolicyError(message: o.isEmpty ? "Match expression name not found" : "Only one key allowed in match expression")
            }
            return try operation(op, argument)
        }
    }

    private static func operation(_ op: String, _ argument: JSONValue) throws -> FilterCondition {
        switch op {
        case "prefix", "suffix", "equals-ignore-case":
            guard case .string(let s) = argument else {
                throw FilterPolicyError(message: "\(op) match pattern must be a string")
            }
            switch op {
            case "prefix": return .prefix(s)
            case "suffix": return .suffix(s)
            default: return .equalsIgnoreCase(FilterText.folded(s))
            }
        case "anything-but":
            return try anythingBut(argument)
        case "numeric":
            return try numeric(argument)
        case "exists":
            guard case .bool(let b) = argument else {
                throw FilterPolicyError(message: "exists match pattern must be either true or false.")
            }
            return .exists(b)
        case "cidr":
            guard case .string(let s) = argument else {
                throw FilterPolicyError(message: "cidr match pattern must be a string")
            }
            return .cidr(try FilterIPRange(cidr: s))
        default:
            throw FilterPolicyError(message: "Unrecognized match type \(op)")
        }
    }

    private static func anythingBut(_ argument: JSONValue) throws -> FilterCondition {
        switch argument {
        case .object(let o):
            guard o.count == 1, let (op, pattern) = o.first else {
                throw FilterPolicyError(message: o.isEmpty ? "Anything-But expression name not found" : "Only one key allowed in match expression")
            }
            switch op {
            case "prefix", "suffix":
                guard case .string(let s) = pattern else {
                    throw FilterPolicyError(message: "prefix/suffix match pattern must be a string")
                }
                if s.isEmpty { throw FilterPolicyError(message: "Null prefix/suffix not allowed") }
                return op == "prefix" ? .anythingButPrefix(s) : .anythingButSuffix(s)
            case "equals-ignore-case":
                let unsupported = "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."
                switch pattern {
                case .string(let s): return .anythingButIgnoreCase([FilterText.folded(s)])
                case .array(let items):
                    if items.isEmpty { throw FilterPolicyError(message: "Empty arrays are not allowed") }
                    return .anythingButIgnoreCase(try items.map { item in
                        guard case .string(let s) = item else { throw FilterPolicyError(message: unsupported) }
                        return FilterText.folded(s)
                    })
                default: throw FilterPolicyError(message: unsupported)
                }
            default:
                throw FilterPolicyError(message: "Unsupported anything-but pattern: \(op)")
            }
        case .array(let items):
            if items.isEmpty { throw FilterPolicyError(message: "Empty arrays are not allowed") }
            var strings: [String] = []
            var numbers: [Double] = []
            for item in items {
                switch item {
                case .string(let s): strings.append(s)
                case .number(let text): numbers.append(try policyNumber(text))
                default: throw FilterPolicyError(message: "Inside anything but list, start|null|boolean is not supported.")
                }
            }
            if !strings.isEmpty, !numbers.isEmpty {
                throw FilterPolicyError(message: "Inside anything but list, either all values are number or string, mixed type is not supported")
            }
            return .anythingBut(strings: strings, numbers: numbers)
        case .string(let s):
            return .anythingBut(strings: [s], numbers: [])
        case .number(let text):
            return .anythingBut(strings: [], numbers: [try policyNumber(text)])
        default:
            throw FilterPolicyError(message: "Value of anything-but must be an array or single string/number value.")
        }
    }

    /// Reads `[op, value]` or `[">"|">=", low, "<"|"<=", high]`, the only forms SNS accepts.
    private static func numeric(_ argument: JSONValue) throws -> FilterCondition {
        guard case .array(let items) = argument else {
            throw FilterPolicyError(message: "Value of numeric must be an array.")
        }
        func text(_ i: Int) -> String { i < items.count ? items[i].serialized() : "]" }
        func number(_ i: Int, for op: String) throws -> Double {
            guard i < items.count, case .number(let t) = items[i] else {
                throw FilterPolicyError(message: "Value of \(op == "=" ? "equals" : op) must be numeric")
            }
            return try policyNumber(t)
        }
        guard let first = items.first, case .string(let op) = first else {
            throw FilterPolicyError(message: "Invalid member in numeric match: \(text(0))")
        }
        switch op {
        case "=":
            let v = try number(1, for: op)
            if items.count > 2 { throw FilterPolicyError(message: "Too many elements in numeric expression") }
            return .numeric(FilterRange(lower: v, lowerInclusive: true, upper: v, upperInclusive: true))
        case "<", "<=":
            let v = try number(1, for: op)
            if items.count > 2 { throw FilterPolicyError(message: "Too many elements in numeric expression") }
            return .numeric(FilterRange(lower: nil, lowerInclusive: false, upper: v, upperInclusive: op == "<="))
        case ">", ">=":
            let low = try number(1, for: op)
            if items.count == 2 {
                return .numeric(FilterRange(lower: low, lowerInclusive: op == ">=", upper: nil, upperInclusive: false))
            }
            guard case .string(let op2) = items[2] else {
                throw FilterPolicyError(message: "Bad value in numeric range: \(text(2))")
            }
            guard op2 == "<" || op2 == "<=" else {
                throw FilterPolicyError(message: "Bad numeric range operator: \(op2)")
            }
            let high = try number(3, for: op2)
            if items.count > 4 { throw FilterPolicyError(message: "Too many terms in numeric range expression") }
            if high <= low { throw FilterPolicyError(message: "Bottom must be less than top") }
            return .numeric(FilterRange(lower: low, lowerInclusive: op == ">=", upper: high, upperInclusive: op2 == "<="))
        default:
            throw FilterPolicyError(message: "Unrecognized numeric range operator: \(op)")
        }
    }

    /// Checks a number written in a policy (within ±1e9, at most 5 decimal places) and returns it scaled.
    static func policyNumber(_ text: String) throws -> Double {
        guard let value = Double(text), value.isFinite else {
            throw FilterPolicyError(message: "Value \(text) is not a number")
        }
        if value < -1e9 || value > 1e9 {
            throw FilterPolicyError(message: "Value \(text) must be between -1.0E9 and 1.0E9, inclusive")
        }
        if decimalPlaces(text) > 5 {
            throw FilterPolicyError(message: "Value \(text) must have at most 5 digits after the decimal point")
        }
        return FilterNumber.scaled(value)
    }

    /// The number of significant digits after the decimal point of a JSON number's text.
    static func decimalPlaces(_ text: String) -> Int {
        let lower = text.lowercased()
        let parts = lower.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        var mantissa = Substring(parts[0])
        if mantissa.first == "-" || mantissa.first == "+" { mantissa = mantissa.dropFirst() }
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let fraction = pieces.count == 2 ? pieces[1] : ""
        var digits = Array(pieces[0] + fraction)
        var scale = fraction.count - exponent
        while digits.last == "0" {
            digits.removeLast()
            scale -= 1
        }
        if digits.isEmpty { return 0 }
        return max(0, scale)
    }
}
