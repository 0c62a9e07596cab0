import IngestCore

/// The top-level sections of a template, checked for what ingest supports.
struct TemplateSections {
    var description: String?
    var parameters: TemplateNode.Entry?
    var mappings: TemplateNode?
    var conditions: TemplateNode.Entry?
    var resources: TemplateNode.Entry
    var outputs: TemplateNode.Entry?
    /// Notes for the operator about sections that are read but not acted on.
    var warnings: [String] = []

    static let known: Set<String> = [
        "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Transform",
        "Resources", "Outputs",
    ]

    init(_ root: TemplateNode?, file: String) throws(TemplateError) {
        func fail(_ line: Int?, _ message: String) -> TemplateError { TemplateError(file: file, line: line, message: message) }
        guard let root else { throw fail(nil, "the template is empty") }
        guard let entries = root.entries else { throw fail(root.line, "a template must be a YAML mapping, got \(root.kindName)") }
        for entry in entries where !Self.known.contains(entry.key) {
            throw fail(entry.keyLine, "unknown top-level section '\(entry.key)' (a template has \(Self.known.sorted().joined(separator: ", ")))")
        }
        if let transform = root.entry("Transform") {
            let names = transform.value.items?.compactMap(\.text) ?? [transform.value.text ?? transform.value.kindName]
            throw fail(transform.keyLine, "Transform \(names.joined(separator: ", ")) is not supported: ingest does not expand macros")
        }
        if let version = root.entry("AWSTemplateFormatVersion"), version.value.text != "2010-09-09" {
            throw fail(version.keyLine, "AWSTemplateFormatVersion must be 2010-09-09, got '\(version.value.text ?? version.value.kindName)'")
        }
        if let entry = root.entry("Description") {
            guard let text = entry.value.text else { throw fail(entry.keyLine, "Description must be a string") }
            description = text
        }
        if root.entry("Rules") != nil {
            warnings.append("The template's Rules are not evaluated by ingest")
        }
        parameters = root.entry("Parameters")
        if let entry = root.entry("Mappings"), !entry.value.isNull {
            guard let maps = entry.value.entries else { throw fail(entry.keyLine, "Mappings must be a mapping") }
            for map in maps {
                guard let tops = map.value.entries else { throw fail(map.keyLine, "mapping \(map.key) must be a mapping of mappings") }
                for top in tops where top.value.entries == nil {
                    throw fail(top.keyLine, "mapping \(map.key).\(top.key) must be a mapping")
                }
            }
            mappings = entry.value
        }
        conditions = root.entry("Conditions")
        guard let resources = root.entry("Resources") else { throw fail(nil, "the template has no Resources section") }
        guard let list = resources.value.entries, !list.isEmpty else {
            throw fail(resources.keyLine, "Resources must be a mapping with at least one resource")
        }
        self.resources = resources
        outputs = root.entry("Outputs")
    }
}
