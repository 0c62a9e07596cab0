import IngestCore

/// A gateway API key as `ingest keys` shows it.
public struct ApiKeyInfo: Sendable, Hashable, Codable {
    public var name: String
    public var id: String
    public var value: String
    public var enabled: Bool
    /// Where the value came from: "template" or "generated".
    public var source: String

    public init(name: String, id: String, value: String, enabled: Bool, source: String) {
        self.name = name
        self.id = id
        self.value = value
        self.enabled = enabled
        self.source = source
    }
}

/// The gateway URL and keys of a running engine.
public struct KeysInfo: Sendable, Hashable, Codable {
    public var gatewayURL: String?
    public var storeURL: String?
    public var topicArns: [String]
    public var keys: [ApiKeyInfo]
    /// Usage-plan throttle and quota of each key (filled in by `ingest keys`).
    public var usage: [KeyUsage]?

    public init(gatewayURL: String?, storeURL: String?, topicArns: [String], keys: [ApiKeyInfo], usage: [KeyUsage]? = nil) {
        self.gatewayURL = gatewayURL
        self.storeURL = storeURL
        self.topicArns = topicArns
        self.keys = keys
        self.usage = usage
    }
}
