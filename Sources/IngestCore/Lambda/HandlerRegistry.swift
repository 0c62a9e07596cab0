/// A handler that a function can be bound to by name, made from the function's environment.
public protocol NamedHandler: Handler {
    /// The name a template (`Metadata.Ingest.Handler`, `--handler`) or an operator uses for it.
    static var name: String { get }
    /// Reads the handler's settings from the function's environment; throws for an unusable value.
    init(environment: [String: String]) throws(HandlerError)
}

/// The handlers the engine's functions can run, by name, in registration order. The host fills it
/// (the demo's built-in handlers today; process runtimes register the same way) and gives it to the
/// pipeline, so the function runtime never names a handler itself.
public struct HandlerRegistry: Sendable {
    /// Makes a handler from a function's environment.
    public typealias Factory = @Sendable (_ environment: [String: String]) throws(HandlerError) -> any Handler

    private var factories: [String: Factory] = [:]
    /// Every registered name, in the order registered.
    public private(set) var names: [String] = []

    /// An empty registry.
    public init() {}

    /// Adds a handler type under its name; a later registration of the same name replaces it.
    public mutating func register<H: NamedHandler>(_ type: H.Type) {
        register(H.name) { environment throws(HandlerError) in try H(environment: environment) }
    }

    /// Adds a factory under a name; a later registration of the same name replaces it.
    public mutating func register(_ name: String, factory: @escaping Factory) {
        if factories[name] == nil { names.append(name) }
        factories[name] = factory
    }

    /// Whether a handler of that name is registered.
    public func contains(_ name: String) -> Bool { factories[name] != nil }

    /// A handler by name, configured from a function's environment. Throws `HandlerError` for an unknown
    /// name (listing the available ones) or an unusable environment value.
    public func make(_ name: String, environment: [String: String]) throws(HandlerError) -> any Handler {
        guard let factory = factories[name] else {
            throw HandlerError("unknown handler '\(name)' (available: \(names.joined(separator: ", ")))")
        }
        return try factory(environment)
    }
}
