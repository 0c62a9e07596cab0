import IngestCore

/// A loaded template: the pipeline definition plus what the template tells its operator
/// (resolved parameters and outputs).
public struct LoadedTemplate: Sendable, Hashable, Codable {
    public var definition: PipelineDefinition
    /// The template's `Description`.
    public var description: String?
    /// Parameter values after defaults and overrides, in template order.
    public var parameters: [TemplateParameterValue]
    /// Outputs whose condition holds, in template order, with values resolved.
    public var outputs: [TemplateOutput]
    /// Every resource with its resolved properties and metadata, in template order.
    public var resources: [ResourceDefinition]

    public init(definition: PipelineDefinition, description: String? = nil, parameters: [TemplateParameterValue] = [],
                outputs: [TemplateOutput] = [], resources: [ResourceDefinition] = []) {
        self.definition = definition
        self.description = description
        self.parameters = parameters
        self.outputs = outputs
        self.resources = resources
    }
}

/// A parameter's value as the template was loaded with it.
public struct TemplateParameterValue: Sendable, Hashable, Codable {
    public var name: String
    /// The value; list values are joined with commas; `NoEcho` values read `****`.
    public var value: String
    /// Whether the value came from an override rather than the default.
    public var overridden: Bool

    public init(name: String, value: String, overridden: Bool) {
        self.name = name
        self.value = value
        self.overridden = overridden
    }
}

/// One entry of a template's `Outputs`.
public struct TemplateOutput: Sendable, Hashable, Codable {
    public var name: String
    public var value: JSONValue
    public var description: String?
    /// `Export.Name`, resolved; ingest runs one stack, so nothing imports it.
    public var exportName: String?

    public init(name: String, value: JSONValue, description: String? = nil, exportName: String? = nil) {
        self.name = name
        self.value = value
        self.description = description
        self.exportName = exportName
    }

    /// The value as text: strings as they are, lists joined with commas.
    public var text: String {
        switch value {
        case .string(let s), .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .array(let items): return items.map { TemplateOutput(name: name, value: $0).text }.joined(separator: ",")
        default: return value.serialized()
        }
    }
}
