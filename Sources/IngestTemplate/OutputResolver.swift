import IngestCore

/// Resolves the `Outputs` section after the resources.
struct OutputResolver {
    var file: String

    static let attributes: Set<String> = ["Value", "Description", "Export", "Condition"]

    func resolve(_ section: TemplateNode.Entry?, with resolver: inout IntrinsicResolver) throws(TemplateError) -> [TemplateOutput] {
        guard let section, !section.value.isNull else { return [] }
        guard let entries = section.value.entries else {
            throw TemplateError(file: file, line: section.keyLine, message: "Outputs must be a mapping")
        }
        var outputs: [TemplateOutput] = []
        for entry in entries {
            let name = entry.key
            resolver.scope = name
            func fail(_ line: Int, _ message: String) -> TemplateError {
                TemplateError(file: file, line: line, logicalId: name, message: message)
            }
            guard isAlphanumeric(name) else { throw fail(entry.keyLine, "output names must be alphanumeric") }
            guard let body = entry.value.entries else { throw fail(entry.keyLine, "an output must be a mapping with a Value") }
            for attribute in body where !Self.attributes.contains(attribute.key) {
                throw fail(attribute.keyLine, "unknown output attribute '\(attribute.key)'")
            }
            if let condition = entry.value.entry("Condition") {
                guard let conditionName = condition.value.scalar?.stringValue else { throw fail(condition.keyLine, "Condition takes a condition name") }
                if try !resolver.condition(named: conditionName, line: condition.keyLine, display: "Condition") { continue }
            }
            guard let valueEntry = entry.value.entry("Value") else { throw fail(entry.keyLine, "the output has no Value") }
            let value = try resolver.value(valueEntry.value, "the Value of output \(name)")
            var output = TemplateOutput(name: name, value: value)
            if let description = entry.value.entry("Description") {
                output.description = try resolver.text(try resolver.value(description.value, "Description"), "Description", line: description.keyLine)
            }
            if let export = entry.value["Export"] {
                guard let nameNode = export["Name"] else { throw fail(export.line, "Export needs a Name") }
                output.exportName = try resolver.text(try resolver.value(nameNode, "Export Name"), "Export Name", line: nameNode.line)
            }
            outputs.append(output)
        }
        resolver.scope = nil
        return outputs
    }
}
