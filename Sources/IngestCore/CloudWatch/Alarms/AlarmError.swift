/// Why an alarm definition was rejected, naming the alarm.
public struct AlarmError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The alarm's name (or logical id when it has no name yet).
    public var alarm: String
    /// The CloudWatch error code: `ValidationError`, `MissingParameter`, `InvalidParameterValue`,
    /// `InvalidParameterCombination`, `LimitExceeded` or `NotSupported` (an AWS feature the engine does not emulate).
    public var code: String
    public var message: String

    public init(alarm: String, code: String, message: String) {
        self.alarm = alarm
        self.code = code
        self.message = message
    }

    public var description: String { "alarm \(alarm): \(message)" }

    /// A `ValidationError`.
    public static func validation(_ alarm: String, _ m: String) -> AlarmError { .init(alarm: alarm, code: "ValidationError", message: m) }
    /// A `MissingParameter` error for `property`.
    public static func missing(_ alarm: String, _ property: String) -> AlarmError {
        .init(alarm: alarm, code: "MissingParameter", message: "\(property) is required")
    }
    /// An `InvalidParameterValue` error.
    public static func invalid(_ alarm: String, _ m: String) -> AlarmError { .init(alarm: alarm, code: "InvalidParameterValue", message: m) }
    /// An `InvalidParameterCombination` error.
    public static func combination(_ alarm: String, _ m: String) -> AlarmError {
        .init(alarm: alarm, code: "InvalidParameterCombination", message: m)
    }
    /// A `NotSupported` error: an AWS feature the engine does not emulate.
    public static func notSupported(_ alarm: String, _ m: String) -> AlarmError { .init(alarm: alarm, code: "NotSupported", message: m) }
}
