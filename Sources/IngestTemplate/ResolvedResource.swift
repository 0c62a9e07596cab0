import IngestCore

/// A resource after its condition, properties and metadata were resolved.
struct ResolvedResource: Sendable {
    var logicalId: String
    var type: String
    /// Line of the resource's logical id.
    var line: Int
    /// The unresolved `Properties` node, for the line of each property.
    var propertiesNode: TemplateNode?
    /// Resolved properties: always an object.
    var properties: JSONValue
    var metadata: JSONValue
    var identity: ResourceIdentity

    /// The line of property `key`, else of the resource.
    func line(of key: String?) -> Int {
        guard let key else { return line }
        return propertiesNode?.entry(key)?.keyLine ?? line
    }
}
