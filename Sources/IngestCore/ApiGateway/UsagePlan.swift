/// How often a usage-plan quota resets (UTC calendar windows).
public enum QuotaPeriod: String, Sendable, Hashable, Codable, CaseIterable {
    case day = "DAY", week = "WEEK", month = "MONTH"

    /// The start of the window holding `t`: UTC midnight, the Monday of the week, the 1st of the month.
    public func windowStart(_ t: Timestamp) -> Timestamp {
        let day: Int64 = 86_400_000
        let days = t.millis >= 0 ? t.millis / day : (t.millis - day + 1) / day
        switch self {
        case .day:
            return Timestamp(millis: days * day)
        case .week:
            // 1970-01-01 was a Thursday: Monday-based weekday = (days + 3) mod 7.
            let weekday = ((days + 3) % 7 + 7) % 7
            return Timestamp(millis: (days - weekday) * day)
        case .month:
            let (y, m, _, _, _, _) = ISO8601.civil(days * 86_400)
            return Timestamp(millis: Int64(ISO8601.daysFromCivil(y, m, 1)) * day)
        }
    }

    /// The start of the window after the one starting at `start`.
    public func nextWindow(after start: Timestamp) -> Timestamp {
        switch self {
        case .day: return start.adding(millis: 86_400_000)
        case .week: return start.adding(millis: 7 * 86_400_000)
        case .month:
            let (y, m, _, _, _, _) = ISO8601.civil(start.epochSeconds)
            let (ny, nm) = m == 12 ? (y + 1, 1) : (y, m + 1)
            return Timestamp(millis: Int64(ISO8601.daysFromCivil(ny, nm, 1)) * 86_400_000)
        }
    }
}

/// A usage plan with the names of the API keys attached to it.
public struct UsagePlan: Sendable, Hashable, Codable {
    public var name: String
    /// Tokens per second the bucket refills with; `nil` means no throttle.
    public var rateLimit: Double?
    /// The bucket's capacity (the burst).
    public var burstLimit: Int?
    public var quotaLimit: Int?
    public var quotaPeriod: QuotaPeriod?
    /// Requests subtracted from the limit in the first period.
    public var quotaOffset: Int
    /// Names of the API keys on the plan.
    public var keyNames: [String]

    public init(name: String, rateLimit: Double?, burstLimit: Int?, quotaLimit: Int?, quotaPeriod: QuotaPeriod?, quotaOffset: Int = 0,
                keyNames: [String]) {
        self.name = name
        self.rateLimit = rateLimit
        self.burstLimit = burstLimit
        self.quotaLimit = quotaLimit
        self.quotaPeriod = quotaPeriod
        self.quotaOffset = quotaOffset
        self.keyNames = keyNames
    }
}
