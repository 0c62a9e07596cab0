/// A template resource that maps to nothing runnable, with where it was declared.
public struct TemplateMappingError: Error, Sendable, CustomStringConvertible {
    /// Where the resource was declared, `file:line`.
    public var location: String
    public var logicalId: String
    public var message: String

    public init(location: String, logicalId: String, message: String) {
        self.location = location
        self.logicalId = logicalId
        self.message = message
    }

    public var description: String { "\(location): \(logicalId): \(message)" }
}
