/// A Lambda error with its AWS error code and message, as `CreateFunction` or `CreateEventSourceMapping` would
/// answer a definition it refuses.
public struct LambdaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The short error code (`InvalidParameterValueException`).
    public var code: String
    /// The message AWS would send.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// A parameter whose value is refused.
    public static func invalidParameterValue(_ message: String) -> LambdaError {
        .init(code: "InvalidParameterValueException", message: message)
    }

    /// `name` must lie in `range`: `Timeout must be a whole number from 1 to 900, got 901`.
    static func check(_ value: Int, _ range: ClosedRange<Int>, _ name: String) throws(LambdaError) {
        guard range.contains(value) else {
            throw .invalidParameterValue("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
    }
}
