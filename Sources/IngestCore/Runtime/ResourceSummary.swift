/// What happens to a template resource when the pipeline runs.
public enum ResourceStatus: String, Sendable, Codable, Hashable {
    /// The engine runs it.
    case runs
    /// Parsed and understood; a later version of the engine runs it.
    case notYetRun = "not yet run"
    /// Accepted, but its rules (IAM, policies) are not enforced locally.
    case notEnforced = "not enforced locally"
    /// A type the engine does not know; listed with a warning, never dropped silently.
    case unknown
}

/// One resource of a loaded template, for reporting (`ingest template check`): what it is, what it is
/// called and what the engine does with it. Its properties stay with the template loader.
public struct ResourceSummary: Sendable, Hashable, Codable {
    public var logicalId: String
    /// The template's resource type, as written.
    public var type: String
    /// The physical name or id the resource gets (queue name, topic name, function name, ...).
    public var physicalId: String
    /// The ARN of the resource where it has one.
    public var arn: String?
    public var status: ResourceStatus
    /// Where the resource was declared, `file:line`.
    public var location: String

    public init(logicalId: String, type: String, physicalId: String, arn: String?, status: ResourceStatus, location: String) {
        self.logicalId = logicalId
        self.type = type
        self.physicalId = physicalId
        self.arn = arn
        self.status = status
        self.location = location
    }
}
