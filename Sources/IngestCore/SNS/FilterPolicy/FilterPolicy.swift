/// Where a subscription filter policy looks: the message attributes (the default) or the JSON message body.
public enum FilterPolicyScope: String, Sendable, Codable {
    case messageAttributes = "MessageAttributes"
    case messageBody = "MessageBody"
}

/// Why a filter policy was rejected, worded like the reason SNS gives after `FilterPolicy: `.
public struct FilterPolicyError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}

/// An SNS subscription filter policy, compiled once and matched against each published message.
///
/// AND across keys, OR within a key's list of conditions, and `$or` for alternatives between keys.
/// Supported conditions: exact strings, numbers, booleans and null, `prefix`, `suffix`,
/// `equals-ignore-case`, `anything-but` (a value, a list, or a prefix/suffix/equals-ignore-case
/// pattern), `numeric`, `exists` and `cidr`. The AWS limits (5 keys, 150 combinations, 256 KB,
/// numbers within ±1e9 with at most 5 decimal places) are enforced when the policy is created.
public struct FilterPolicy: Sendable, Hashable {
    /// The largest policy SNS accepts, in bytes.
    public static let maxSizeInBytes = 256 * 1024
    /// The most keys a policy (each `$or` alternative counted separately) may name at its top level.
    public static let maxKeys = 5
    /// The most value combinations a policy may describe.
    public static let maxCombinations = 150

    public let scope: FilterPolicyScope
    /// The policy as given.
    public let source: JSONValue
    let program: FilterProgram

    /// Parses and compiles a policy from its JSON text.
    public init(json: String, scope: FilterPolicyScope = .messageAttributes) throws {
        if json.utf8.count > Self.maxSizeInBytes {
            throw FilterPolicyError(message: "Filter policy is too large: \(json.utf8.count) bytes exceeds the 256 KB limit")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(json)
        } catch {
            throw FilterPolicyError(message: "Filter policy is not valid JSON: \(error)")
        }
        try self.init(validated: value, scope: scope)
    }

    /// Compiles a policy that is already parsed.
    public init(policy: JSONValue, scope: FilterPolicyScope = .messageAttributes) throws {
        let size = policy.serialized(sortedKeys: false).utf8.count
        if size > Self.maxSizeInBytes {
            throw FilterPolicyError(message: "Filter policy is too large: \(size) bytes exceeds the 256 KB limit")
        }
        try self.init(validated: policy, scope: scope)
    }

    private init(validated policy: JSONValue, scope: FilterPolicyScope) throws {
        self.scope = scope
        self.source = policy
        self.program = try FilterCompiler(scope: scope).compile(policy)
    }

    /// Whether a published message passes the policy.
    ///
    /// `body` is the published `Message`. Under the `MessageBody` scope it is parsed as JSON once per
    /// call, and a body that is not a JSON object never matches.
    public func matches(attributes: MessageAttributes, body: String) -> Bool {
        program.matches(attributes: attributes, body: body, scope: scope)
    }

    public static func == (lhs: FilterPolicy, rhs: FilterPolicy) -> Bool {
        lhs.scope == rhs.scope && lhs.source == rhs.source
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(scope)
        hasher.combine(source)
    }
}
