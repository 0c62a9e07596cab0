import IngestCore

/// The demo's built-in Swift handlers, the zero-setup default for the bundled template: each template
/// function maps to one of these by name.
public enum BuiltinHandlers {
    /// A registry holding every built-in handler, in the order the CLI and the console list them.
    public static let registry: HandlerRegistry = {
        var r = HandlerRegistry()
        r.register(UserMetadataHandler.self)
        r.register(UserOnboardingHandler.self)
        r.register(UserOnboardingStreamHandler.self)
        r.register(FailHandler.self)
        r.register(SleepHandler.self)
        return r
    }()

    /// Every built-in handler's name.
    public static var names: [String] { registry.names }

    /// A handler by name, configured from a function's environment. Throws `HandlerError` for an unknown
    /// name (listing the available ones) or an unusable environment value.
    public static func make(_ name: String, environment: [String: String]) throws(HandlerError) -> any Handler {
        try registry.make(name, environment: environment)
    }
}
