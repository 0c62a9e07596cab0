/// A table as the store keeps it when it was created at run time (through the AWS API): its definition,
/// enough to bring it back, with its items, at the next start.
public struct TableRecord: Sendable, Hashable, Codable {
    public var definition: TableDefinition
    public var createdAt: Timestamp
    /// Whether the definition is the template's (a template table is rebuilt from the template; only what
    /// changed at run time is kept) or one made through the API.
    public var fromTemplate: Bool

    public init(definition: TableDefinition, createdAt: Timestamp, fromTemplate: Bool) {
        self.definition = definition
        self.createdAt = createdAt
        self.fromTemplate = fromTemplate
    }

    public var name: String { definition.name }
}
