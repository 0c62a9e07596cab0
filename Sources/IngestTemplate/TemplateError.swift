/// A problem in a template, with where it is: file, line and the logical id it concerns.
///
/// Its description reads `user-ingestion.yaml:42: MetadataQueue: !GetAtt names unknown resource 'Foo'`;
/// the parts that are unknown are left out.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The template file, as it was given to the loader.
    public var file: String
    /// The 1-based line the problem is on, when it can be placed.
    public var line: Int?
    /// The logical id (resource, parameter, condition or output) the problem concerns.
    public var logicalId: String?
    /// What is wrong.
    public var message: String

    public init(file: String, line: Int? = nil, logicalId: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.logicalId = logicalId
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += text.isEmpty ? "line \(line)" : ":\(line)" }
        if !text.isEmpty { text += ": " }
        if let logicalId { text += "\(logicalId): " }
        return text + message
    }
}
