import IngestCore

/// Evaluates the `Conditions` section, each condition after those it uses.
struct ConditionEvaluator {
    var file: String

    func evaluate(_ section: TemplateNode.Entry?, into resolver: inout IntrinsicResolver) throws(TemplateError) {
        guard let section, !section.value.isNull else { return }
        guard let entries = section.value.entries else {
            throw TemplateError(file: file, line: section.keyLine, message: "Conditions must be a mapping")
        }
        var byName: [String: TemplateNode.Entry] = [:]
        for entry in entries {
            guard isAlphanumeric(entry.key) else {
                throw TemplateError(file: file, line: entry.keyLine, logicalId: entry.key, message: "condition names must be alphanumeric")
            }
            byName[entry.key] = entry
        }
        resolver.declaredConditions = Set(byName.keys)

        var edges: [String: [String]] = [:]
        for entry in entries {
            for reference in DependencyGraph.conditionReferences(in: entry.value) {
                guard byName[reference.name] != nil else {
                    throw TemplateError(file: file, line: reference.line, logicalId: entry.key,
                                        message: "Condition names unknown condition '\(reference.name)'")
                }
                edges[entry.key, default: []].append(reference.name)
            }
        }
        let order: [String]
        switch DependencyGraph.order(entries.map(\.key), edges: edges) {
        case .success(let o): order = o
        case .failure(let cycle):
            let first = cycle.path[0]
            throw TemplateError(file: file, line: byName[first]?.keyLine, logicalId: first,
                                message: "circular condition: \(cycle.description)")
        }
        for name in order {
            guard let entry = byName[name] else { continue }
            resolver.scope = name
            resolver.conditions[name] = try resolver.resolveCondition(entry.value)
        }
        resolver.scope = nil
    }
}
