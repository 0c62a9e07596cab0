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
}
