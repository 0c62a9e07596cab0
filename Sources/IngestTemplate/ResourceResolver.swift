import IngestCore

/// Resolves the `Resources` section: checks each declaration, orders resources by their references,
/// applies `Condition`, resolves properties and metadata, and derives each resource's identity.
struct ResourceResolver {
    var file: String
    var context: AWSContext

    /// One resource as declared.
    struct Declaration {
        var logicalId: String
        var type: String
        var line: Int
        var body: TemplateNode
    }

    static let attributes: Set<String> = [
        "Type", "Properties", "Metadata", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy", "CreationPolicy",
        "UpdatePolicy",
    ]

    private func fail(_ line: Int?, _ id: String?, _ message: String) -> TemplateError {
        TemplateError(file: file, line: line, logicalId: id, message: message)
    }

    /// Checks every declaration and registers the types with the resolver, so conditions can tell
    /// a resource from an unknown name.
    func declare(_ section: TemplateNode.Entry, parameters: ResolvedParameters,
                 into resolver: inout IntrinsicResolver) throws(TemplateError) -> [Declaration] {
        var declarations: [Declaration] = []
        for entry in section.value.entries ?? [] {
            let id = entry.key
            guard isAlphanumeric(id) else { throw fail(entry.keyLine, id, "logical ids must be alphanumeric (A-Z, a-z, 0-9)") }
            guard parameters.values[id] == nil else {
                throw fail(entry.keyLine, id, "a resource and a parameter are both named \(id)")
            }
            guard let body = entry.value.entries else {
                throw fail(entry.keyLine, id, "a resource must be a mapping with a Type")
            }
            for attribute in body where !Self.attributes.contains(attribute.key) {
                throw fail(attribute.keyLine, id, "unknown resource attribute '\(attribute.key)'")
            }
            guard let typeEntry = entry.value.entry("Type"), let type = typeEntry.value.scalar?.stringValue, !type.isEmpty else {
                throw fail(entry.keyLine, id, "the resource has no Type")
            }
            declarations.append(Declaration(logicalId: id, type: type, line: entry.keyLine, body: entry.value))
            resolver.resourceTypes[id] = type
        }
        return declarations
    }

    /// Resolves every resource whose condition holds, in dependency order; returns them in template order.
    func resolve(_ declarations: [Declaration], with resolver: inout IntrinsicResolver) throws(TemplateError) -> [ResolvedResource] {
        var byId: [String: Declaration] = [:]
        for d in declarations { byId[d.logicalId] = d }

        var edges: [String: [String]] = [:]
        for d in declarations {
            var targets: [String] = []
            for section in ["Properties", "Metadata"] {
                guard let node = d.body[section] else { continue }
                targets += DependencyGraph.references(in: node).map(\.name).filter { byId[$0] != nil }
            }
            if let dependsOn = d.body.entry("DependsOn") {
                let nodes = dependsOn.value.items ?? [dependsOn.value]
                for node in nodes {
                    guard let name = node.scalar?.stringValue else {
                        throw fail(node.line, d.logicalId, "DependsOn takes a resource name or a list of them")
                    }
                    guard byId[name] != nil else { throw fail(node.line, d.logicalId, "DependsOn names unknown resource '\(name)'") }
                    targets.append(name)
                }
            }
            edges[d.logicalId] = targets
        }

        let order: [String]
        switch DependencyGraph.order(declarations.map(\.logicalId), edges: edges) {
        case .success(let o): order = o
        case .failure(let cycle):
            let first = cycle.path[0]
            throw fail(byId[first]?.line, first, "circular dependency between resources: \(cycle.description)")
        }

        var resolved: [String: ResolvedResource] = [:]
        for id in order {
            guard let d = byId[id] else { continue }
            resolver.scope = id
            if let entry = d.body.entry("Condition") {
                guard let name = entry.value.scalar?.stringValue else { throw fail(entry.keyLine, id, "Condition takes a condition name") }
                if try !resolver.condition(named: name, line: entry.keyLine, display: "Condition") {
                    resolver.omitted[id] = name
                    continue
                }
            }
            let properties = try section("Properties", of: d, resolver)
            let metadata = d.body["Metadata"] == nil ? JSONValue.null : try section("Metadata", of: d, resolver)
            let identity: ResourceIdentity
            do {
                identity = try ResourceCatalog.identity(type: d.type, logicalId: id, properties: properties, context: context)
            } catch {
                throw fail(d.body["Properties"]?.entry(error.key ?? "")?.keyLine ?? d.line, id, error.message)
            }
            resolver.resources[id] = identity
            resolved[id] = ResolvedResource(logicalId: id, type: d.type, line: d.line, propertiesNode: d.body["Properties"],
                                            properties: properties, metadata: metadata,
                                            identity: identity)
        }
        resolver.scope = nil
        return declarations.compactMap { resolved[$0.logicalId] }
    }

    /// A resolved `Properties` or `Metadata` section: an object, empty when absent.
    private func section(_ name: String, of d: Declaration, _ resolver: IntrinsicResolver) throws(TemplateError) -> JSONValue {
        guard let entry = d.body.entry(name), !entry.value.isNull else { return .object([:]) }
        guard let value = try resolver.resolve(entry.value) else { return .object([:]) }
        guard case .object = value else { throw fail(entry.keyLine, d.logicalId, "\(name) must be a mapping, got \(value.kindName)") }
        return value
    }
}
