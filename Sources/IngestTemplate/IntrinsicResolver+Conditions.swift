import IngestCore

extension IntrinsicResolver {
    /// The value of a declared condition.
    func condition(named name: String, line: Int, display: String) throws(TemplateError) -> Bool {
        if let value = conditions[name] { return value }
        if declaredConditions.contains(name) {
            throw fail(line, "\(display) uses condition '\(name)' before it is evaluated")
        }
        throw fail(line, "\(display) names unknown condition '\(name)'")
    }

    /// A condition operand: `{Condition: Name}`, `!Condition Name`, or a condition function.
    func resolveCondition(_ node: TemplateNode) throws(TemplateError) -> Bool {
        if let entries = node.entries, entries.count == 1, entries[0].key == "Condition" {
            guard let name = entries[0].value.scalar?.stringValue else {
                throw fail(entries[0].keyLine, "Condition takes a condition name")
            }
            return try condition(named: name, line: entries[0].keyLine, display: "Condition")
        }
        guard let call = Self.call(in: node) else {
            throw fail(node.line, "a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition, got \(node.kindName)")
        }
        switch call.name {
        case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition":
            return try conditionFunction(call)
        default:
            guard case .bool(let b)? = try resolve(node) else {
                throw fail(call.line, "\(call.display) does not give a condition (true or false)")
            }
            return b
        }
    }

    /// `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or` and `Condition`.
    func conditionFunction(_ call: Call) throws(TemplateError) -> Bool {
        switch call.name {
        case "Condition":
            guard let name = call.argument.scalar?.stringValue else { throw fail(call.line, "\(call.display) takes a condition name") }
            return try condition(named: name, line: call.line, display: call.display)
        case "Fn::Equals":
            let items = try arguments(call, count: 2...2, form: "[value, value]")
            return Self.same(try resolve(items[0]) ?? .null, try resolve(items[1]) ?? .null)
        case "Fn::Not":
            let items = try arguments(call, count: 1...1, form: "[condition]")
            return !(try resolveCondition(items[0]))
        case "Fn::And", "Fn::Or":
            let items = try arguments(call, count: 2...10, form: "a list of 2 to 10 conditions")
            var results: [Bool] = []
            for item in items { results.append(try resolveCondition(item)) }
            return call.name == "Fn::And" ? !results.contains(false) : results.contains(true)
        default:
            throw fail(call.line, "\(call.display) is not a condition function")
        }
    }

    /// Equality as `Fn::Equals` sees it: scalars compare as text, so `5` equals `"5"`.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        func scalarText(_ v: JSONValue) -> String? {
            switch v {
            case .string(let s), .number(let s): return s
            case .bool(let x): return x ? "true" : "false"
            default: return nil
            }
        }
        if let x = scalarText(a), let y = scalarText(b) { return x == y }
        return a == b
    }
}
