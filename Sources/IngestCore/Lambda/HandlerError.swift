/// A handler's environment or event cannot be used at all (the whole invocation fails).
public struct HandlerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
