import IngestCore

extension DefinitionMapper {
    /// The plans of a template, from its resolved `UsagePlan` and `UsagePlanKey` resources, with the names of
    /// the API keys (`apiKeys`, the mapped `ApiKey` resources) each plan's keys attach.
    func usagePlans(_ resources: [ResourceDefinition], apiKeys: [ApiKeyDefinition]) throws(TemplateMappingError) -> [UsagePlan] {
        let keyNameById = Dictionary(resources.filter { $0.type == "AWS::ApiGateway::ApiKey" }.map { r in
            (r.physicalId, apiKeys.first { $0.logicalId == r.logicalId }?.name ?? r.physicalId)
        }, uniquingKeysWith: { a, _ in a })
        var plans: [UsagePlan] = []
        for r in resources where r.type == "AWS::ApiGateway::UsagePlan" {
            let p = r.properties
            func number(_ v: JSONValue?, _ what: String) throws(TemplateMappingError) -> Double? {
                guard let v, v != .null else { return nil }
                guard let n = v.doubleValue ?? v.stringValue.flatMap(Double.init), n >= 0 else {
                    throw r.fail("\(what) must be a number ≥ 0")
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
                    throw r.fail("Quota.Period must be DAY, WEEK or MONTH, got \(text)")
                }
                period = q
            }
            if limit != nil, period == nil { throw r.fail("Quota.Period is required with Quota.Limit") }
            if let limit, offset >= limit, limit > 0 { throw r.fail("Quota.Offset must be below Quota.Limit") }
            let keys = resources.filter { $0.type == "AWS::ApiGateway::UsagePlanKey" && $0.properties["UsagePlanId"]?.stringValue == r.physicalId }
                .compactMap { $0.properties["KeyId"]?.stringValue.flatMap { keyNameById[$0] } }
            plans.append(UsagePlan(name: p["UsagePlanName"]?.stringValue ?? r.physicalId, rateLimit: rate, burstLimit: burst,
                                   quotaLimit: limit, quotaPeriod: period, quotaOffset: offset, keyNames: keys))
        }
        return plans
    }
}
