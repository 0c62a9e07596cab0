/// What configuring a function left in place: the function and its event source mappings.
public struct FunctionConfiguration: Sendable, Hashable, Codable {
    public var function: FunctionSummary
    public var mappings: [MappingSummary]
    public init(function: FunctionSummary, mappings: [MappingSummary]) {
        self.function = function
        self.mappings = mappings
    }
}
