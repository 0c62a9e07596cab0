/// What the gateway takes from the template's REST API, stage and methods.
public struct GatewayDefinition: Sendable, Hashable, Codable {
    /// API Gateway's integration timeout when no method sets one, in milliseconds.
    public static let defaultIntegrationTimeoutMillis = 29_000

    /// The REST API's name (`ingest` when the template has none).
    public var apiName: String
    /// The stage's access-log format string as written, `nil` for the default JSON line.
    public var accessLogFormat: String?
    /// The longest integration timeout of the methods, in milliseconds.
    public var integrationTimeoutMillis: Int

    public init(apiName: String = "ingest", accessLogFormat: String? = nil,
                integrationTimeoutMillis: Int = GatewayDefinition.defaultIntegrationTimeoutMillis) {
        self.apiName = apiName
        self.accessLogFormat = accessLogFormat
        self.integrationTimeoutMillis = integrationTimeoutMillis
    }
}
