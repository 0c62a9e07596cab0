/// An event source mapping as the status views show it.
public struct MappingSummary: Sendable, Hashable, Codable {
    public var logicalId: String
    public var uuid: String
    public var function: String
    public var source: String
    public var enabled: Bool
    public var batchSize: Int
    public var inFlightBatches: Int?
    public var stream: StreamConsumerStatus?

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(logicalId: String, uuid: String, function: String, source: String, enabled: Bool, batchSize: Int, inFlightBatches: Int? = nil, stream: StreamConsumerStatus? = nil) {
        self.logicalId = logicalId
        self.uuid = uuid
        self.function = function
        self.source = source
        self.enabled = enabled
        self.batchSize = batchSize
        self.inFlightBatches = inFlightBatches
        self.stream = stream
    }
}
