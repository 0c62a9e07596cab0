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

/// An `AWS::ApiGateway::UsagePlan` with the keys its `UsagePlanKey`s attach.
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

    /// The plans of a template, from its resolved `UsagePlan` and `UsagePlanKey` resources.
    public static func plans(in d: PipelineDefinition) throws(TemplateMappingError) -> [UsagePlan] {
        let keyNameById = Dictionary(d.resources.filter { $0.type == "AWS::ApiGateway::ApiKey" }.map { r in
            (r.physicalId, d.apiKeys.first { $0.logicalId == r.logicalId }?.name ?? r.physicalId)
        }, uniquingKeysWith: { a, _ in a })
        var plans: [UsagePlan] = []
        for r in d.resources where r.type == "AWS::ApiGateway::UsagePlan" {
            let p = r.properties
            func number(_ v: JSONValue?, _ what: String) throws(TemplateMappingError) -> Double? {
                guard let v, v != .null else { return nil }
                guard let n = v.doubleValue ?? v.stringValue.flatMap(Double.init), n >= 0 else {
                    throw TemplateMappingError(resource: r, message: "\(what) must be a number ≥ 0")
                }
                return n
            }
            let rate = try number(p["Throttle"]?["RateLimit"], "Throttle.RateLimit")
            let burst = try number(p["Throttle"]?["BurstLimit"], "Throttle.BurstLimit").map { Int($0) }
            let limit = try number(p["Quota"]?["Limit"], "Quota.Limit").map { Int($0) }
            let offset = try number(p["Quota"]?["Offset"], "Quota.Offset").map { Int($0) } ?? 0
            var period: QuotaPeriod?
            if let text = p["Quota"]?["Period"]?.stringValue {
                guard let q = QuotaPeriod(rawValue: text) else {
                    throw TemplateMappingError(resource: r, message: "Quota.Period must be DAY, WEEK or MONTH, got \(text)")
                }
                period = q
            }
            if limit != nil, period == nil { throw TemplateMappingError(resource: r, message: "Quota.Period is required with Quota.Limit") }
            if let limit, offset >= limit, limit > 0 { throw TemplateMappingError(resource: r, message: "Quota.Offset must be below Quota.Limit") }
            let keys = d.resources.filter { $0.type == "AWS::ApiGateway::UsagePlanKey" && $0.properties["UsagePlanId"]?.stringValue == r.physicalId }
                .compactMap { $0.properties["KeyId"]?.stringValue.flatMap { keyNameById[$0] } }
            plans.append(UsagePlan(name: p["UsagePlanName"]?.stringValue ?? r.physicalId, rateLimit: rate, burstLimit: burst,
                                   quotaLimit: limit, quotaPeriod: period, quotaOffset: offset, keyNames: keys))
        }
        return plans
    }
}
