import IngestCore

/// One resource of a loaded template, with its properties and metadata after intrinsic functions were resolved:
/// what the definition mappers read.
public struct ResourceDefinition: Sendable, Hashable, Codable {
    public var logicalId: String
    public var type: String
    /// The physical name or id the resource gets (queue name, topic name, function name, ...).
    public var physicalId: String
    /// The ARN of the resource where it has one.
    public var arn: String?
    public var status: ResourceStatus
    /// Properties with every intrinsic resolved.
    public var properties: JSONValue
    /// The resource's `Metadata`, resolved.
    public var metadata: JSONValue
    /// Where the resource was declared, `file:line`.
    public var location: String

    public init(logicalId: String, type: String, physicalId: String, arn: String?, status: ResourceStatus,
                properties: JSONValue, metadata: JSONValue = .null, location: String) {
        self.logicalId = logicalId
        self.type = type
        self.physicalId = physicalId
        self.arn = arn
        self.status = status
        self.properties = properties
        self.metadata = metadata
        self.location = location
    }

    /// What the pipeline definition keeps of it for reporting.
    public var summary: ResourceSummary {
        ResourceSummary(logicalId: logicalId, type: type, physicalId: physicalId, arn: arn, status: status, location: location)
    }

    /// A mapping error placed at this resource.
    func fail(_ message: String) -> TemplateMappingError {
        TemplateMappingError(location: location, logicalId: logicalId, message: message)
    }
}
