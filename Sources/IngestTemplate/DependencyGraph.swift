/// References between logical ids, and an order that resolves each id after the ones it uses.
enum DependencyGraph {
    /// A name a node refers to, with the line of the reference.
    struct Reference: Equatable {
        var name: String
        var line: Int
    }

    /// Names that `Ref`, `Fn::GetAtt` and `Fn::Sub` inside `node` refer to (every branch, as CloudFormation does).
    static func references(in node: TemplateNode) -> [Reference] {
        var out: [Reference] = []
        collect(node, into: &out)
        return out
    }

    private static func collect(_ node: TemplateNode, into out: inout [Reference]) {
        if let call = IntrinsicResolver.call(in: node) {
            switch call.name {
            case "Ref":
                if let name = call.argument.scalar?.stringValue { out.append(Reference(name: name, line: call.line)) }
                return
            case "Fn::GetAtt":
                if let text = call.argument.scalar?.stringValue {
                    out.append(Reference(name: String(text.prefix { $0 != "." }), line: call.line))
                    return
                }
                if let first = call.argument.items?.first?.scalar?.stringValue {
                    out.append(Reference(name: first, line: call.line))
                }
                for item in call.argument.items?.dropFirst() ?? [] { collect(item, into: &out) }
                return
            case "Fn::Sub":
                var template: String?
                var variables: Set<String> = []
                if let text = call.argument.scalar?.stringValue {
                    template = text
                } else if let items = call.argument.items {
                    template = items.first?.scalar?.stringValue
                    if items.count > 1, let entries = items[1].entries {
                        variables = Set(entries.map(\.key))
                        for entry in entries { collect(entry.value, into: &out) }
                    }
                }
                for case .variable(let name) in SubTemplate.parse(template ?? "") where !variables.contains(name) {
                    out.append(Reference(name: String(name.prefix { $0 != "." }), line: call.line))
                }
                return
            default:
                collect(call.argument, into: &out)
                return
            }
        }
        switch node.kind {
        case .scalar: break
        case .sequence(let items): for item in items { collect(item, into: &out) }
        case .mapping(let entries): for entry in entries { collect(entry.value, into: &out) }
        }
    }

    /// Condition names used by `{Condition: Name}` and `!Condition Name` inside `node`.
    static func conditionReferences(in node: TemplateNode) -> [Reference] {
        var out: [Reference] = []
        collectConditions(node, into: &out)
        return out
    }

    private static func collectConditions(_ node: TemplateNode, into out: inout [Reference]) {
        if node.tag == "!Condition", let name = node.scalar?.stringValue {
            out.append(Reference(name: name, line: node.line))
            return
        }
        switch node.kind {
        case .scalar: break
        case .sequence(let items): for item in items { collectConditions(item, into: &out) }
        case .mapping(let entries):
            if entries.count == 1, entries[0].key == "Condition", let name = entries[0].value.scalar?.stringValue {
                out.append(Reference(name: name, line: entries[0].keyLine))
                return
            }
            for entry in entries { collectConditions(entry.value, into: &out) }
        }
    }

    /// `names` ordered so that every name comes after the names it depends on, keeping template
    /// order otherwise; or the first cycle found, as a path that ends where it starts.
    static func order(_ names: [String], edges: [String: [String]]) -> Result<[String], Cycle> {
        var state: [String: Bool] = [:]  // false: on the current path, true: done
        var path: [String] = []
        var ordered: [String] = []

        func visit(_ name: String) -> Cycle? {
            if state[name] == true { return nil }
            if state[name] == false {
                let start = path.firstIndex(of: name) ?? 0
                return Cycle(path: Array(path[start...]) + [name])
            }
            state[name] = false
            path.append(name)
            for next in edges[name] ?? [] {
                if let cycle = visit(next) { return cycle }
            }
            path.removeLast()
            state[name] = true
            ordered.append(name)
            return nil
        }

        for name in names {
            if let cycle = visit(name) { return .failure(cycle) }
        }
        return .success(ordered)
    }

    struct Cycle: Error, Equatable {
        var path: [String]
        var description: String { path.joined(separator: " -> ") }
    }
}
