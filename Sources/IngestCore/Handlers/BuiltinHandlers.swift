/// The functions `ingest` can run: each template function maps to one of these by name.
public enum BuiltinHandlers {
    /// Every built-in handler's name.
    public static let names: [String] = [
        UserMetadataHandler.name,
        UserOnboardingHandler.name,
        UserOnboardingStreamHandler.name,
        FailHandler.name,
        SleepHandler.name,
    ]

    /// A handler by name, configured from a function's environment. Throws `HandlerError` for an unknown
    /// name (listing the available ones) or an unusable environment value.
    public static func make(_ name: String, environment: [String: String]) throws -> any Handler {
        switch name {
        case UserMetadataHandler.name: return try UserMetadataHandler(environment: environment)
        case UserOnboardingHandler.name: return try UserOnboardingHandler(environment: environment)
        case UserOnboardingStreamHandler.name: return try UserOnboardingStreamHandler(environment: environment)
        case FailHandler.name: return try FailHandler(environment: environment)
        case SleepHandler.name: return try SleepHandler(environment: environment)
        default:
            throw HandlerError("unknown handler '\(name)' (available: \(names.joined(separator: ", ")))")
        }
    }
}
