import Synchronization

/// What the gateway does with a request after its key was accepted.
public enum Admission: Sendable, Hashable {
    case admitted
    /// The key's token bucket is empty: 429 `Too Many Requests`.
    case throttled
    /// The key's quota for the current period is used up: 429 `Limit Exceeded`.
    case quotaExceeded
}

/// A key's usage as `ingest keys` shows it.
public struct KeyUsage: Sendable, Hashable, Codable {
    public var keyName: String
    public var plan: String?
    public var rateLimit: Double?
    public var burstLimit: Int?
    /// Requests admitted in the current quota window.
    public var used: Int
    public var quotaLimit: Int?
    public var remaining: Int?
    public var period: QuotaPeriod?
    public var resetsAt: Timestamp?
    public var throttled: Int
    public var quotaRefused: Int
}

/// A key's quota window as the store keeps it, so a restart does not hand out a fresh quota.
public struct QuotaUsage: Sendable, Hashable, Codable {
    public var keyName: String
    public var windowStart: Timestamp
    public var used: Int
    /// Whether this is the key's first window (the plan's offset applies to it).
    public var firstWindow: Bool

    public init(keyName: String, windowStart: Timestamp, used: Int, firstWindow: Bool) {
        self.keyName = keyName
        self.windowStart = windowStart
        self.used = used
        self.firstWindow = firstWindow
    }
}

/// Usage-plan throttling and quotas per API key, on the engine clock: a token bucket of capacity
/// `burstLimit` refilled at `rateLimit` tokens per second (starting full, one token per request), then a
/// quota per UTC calendar window. Throttle before quota, and a refused request consumes neither.
public final class UsageLimiter: Sendable {
    struct KeyState {
        var tokens: Double
        var refilledAt: Timestamp
        var window: Timestamp?
        var used = 0
        var firstWindow = true
        var throttled = 0
        var quotaRefused = 0
    }

    let plans: [String: UsagePlan]
    let clock: any EngineClock
    let store: any PipelineStore
    private let state: Mutex<[String: KeyState]>

    public init(plans: [UsagePlan], clock: any EngineClock, store: any PipelineStore = MemoryStore()) {
        var byKey: [String: UsagePlan] = [:]
        for p in plans { for k in p.keyNames where byKey[k] == nil { byKey[k] = p } }
        self.plans = byKey
        self.clock = clock
        self.store = store
        state = Mutex([:])
    }

    /// The plan a key is on, if any.
    public func plan(forKey name: String) -> UsagePlan? { plans[name] }

    /// Decides one request of the key named `name`.
    public func admit(key name: String) -> Admission {
        guard let plan = plans[name] else { return .admitted }
        let now = clock.now()
        let (decision, persist) = state.withLock { all -> (Admission, QuotaUsage?) in
            var s = all[name] ?? KeyState(tokens: Double(plan.burstLimit ?? 0), refilledAt: now)
            defer { all[name] = s }
            if let rate = plan.rateLimit, let burst = plan.burstLimit {
                let elapsed = Double(max(0, now.millis(since: s.refilledAt))) / 1000
                s.tokens = min(Double(burst), s.tokens + elapsed * rate)
                s.refilledAt = now
                guard s.tokens >= 1 else { s.throttled += 1; return (.throttled, nil) }
            }
            if let limit = plan.quotaLimit, let period = plan.quotaPeriod {
                let start = period.windowStart(now)
                if s.window != start {
                    if s.window != nil { s.firstWindow = false }
                    s.window = start
                    s.used = 0
                }
                let allowed = limit - (s.firstWindow ? plan.quotaOffset : 0)
                guard s.used < allowed else { s.quotaRefused += 1; return (.quotaExceeded, nil) }
                s.used += 1
                if plan.rateLimit != nil, plan.burstLimit != nil { s.tokens -= 1 }
                return (.admitted, QuotaUsage(keyName: name, windowStart: start, used: s.used, firstWindow: s.firstWindow))
            }
            if plan.rateLimit != nil, plan.burstLimit != nil { s.tokens -= 1 }
            return (.admitted, nil)
        }
        if let persist, store.recordsChanges { _ = store.enqueue([.quota(persist)]) }
        return decision
    }

    /// Puts back quota windows the store kept; a window that has ended starts afresh.
    public func restore(_ usage: [QuotaUsage]) {
        let now = clock.now()
        state.withLock { all in
            for u in usage {
                guard let plan = plans[u.keyName] else { continue }
                var s = all[u.keyName] ?? KeyState(tokens: Double(plan.burstLimit ?? 0), refilledAt: now)
                s.window = u.windowStart
                s.used = u.used
                s.firstWindow = u.firstWindow
                all[u.keyName] = s
            }
        }
    }

    /// Every planned key's usage right now.
    public func usage() -> [KeyUsage] {
        let now = clock.now()
        let snapshot = state.withLock { $0 }
        return plans.keys.sorted().map { name in
            let plan = plans[name]!
            let s = snapshot[name]
            var used = 0
            var resets: Timestamp?
            var limit: Int?
            if let l = plan.quotaLimit, let period = plan.quotaPeriod {
                let start = period.windowStart(now)
                let first = s.map { $0.window == nil || ($0.window == start && $0.firstWindow) } ?? true
                used = s?.window == start ? s!.used : 0
                limit = l - (first ? plan.quotaOffset : 0)
                resets = period.nextWindow(after: start)
            }
            return KeyUsage(keyName: name, plan: plan.name, rateLimit: plan.rateLimit, burstLimit: plan.burstLimit, used: used,
                            quotaLimit: plan.quotaLimit, remaining: limit.map { max(0, $0 - used) }, period: plan.quotaPeriod,
                            resetsAt: resets, throttled: s?.throttled ?? 0, quotaRefused: s?.quotaRefused ?? 0)
        }
    }
}
