/// An alarm as the store keeps it when it was created or reconfigured at run time (`PutMetricAlarm`):
/// its whole definition, so it comes back at the next start beside (or instead of) the template's.
public struct AlarmRecord: Sendable, Hashable, Codable {
    public var definition: AlarmDefinition
    /// When it was first created (a template alarm: when it was first reconfigured).
    public var createdAt: Timestamp
    /// When its configuration last changed.
    public var updatedAt: Timestamp
    /// Whether an alarm of the template has this name (its definition replaces the template's).
    public var fromTemplate: Bool

    public var name: String { definition.name }

    public init(definition: AlarmDefinition, createdAt: Timestamp, updatedAt: Timestamp, fromTemplate: Bool) {
        self.definition = definition
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.fromTemplate = fromTemplate
    }
}
