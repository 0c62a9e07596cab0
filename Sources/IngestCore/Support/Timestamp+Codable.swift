extension Timestamp {
    /// Encodes as an ISO-8601 string; decodes from that or from epoch milliseconds.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let ms = try? c.decode(Int64.self) { self.init(millis: ms); return }
        let s = try c.decode(String.self)
        guard let t = ISO8601.parse(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO-8601 time: \(s)")
        }
        self = t
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso8601)
    }
}
