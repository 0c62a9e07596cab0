/// Why the AWS configuration could not give a profile, a region, an endpoint or credentials.
///
/// The description is one line and never holds a secret access key or a session token: messages name
/// files, lines, sections, keys and variables, never the values of secret ones.
public struct AWSConfigError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        // One line, whatever a caller passes (a child's stderr line, a path with a newline in it).
        self.description = description.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

extension AWSConfigError {
    static func profileNotFound(_ name: String) -> AWSConfigError {
        AWSConfigError("the config profile (\(name)) could not be found")
    }

    static let noCredentials = AWSConfigError(
        #"Unable to locate credentials. You can configure credentials by running "aws configure"."#)

    static let noRegion = AWSConfigError(
        #"You must specify a region. You can also configure your region by running "aws configure"."#)
}
