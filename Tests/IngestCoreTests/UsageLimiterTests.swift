import IngestCore
import IngestTestSupport
import Testing

@Suite("Usage plans: per-key token bucket and quotas on the engine clock", .timeLimit(.minutes(1)))
struct UsageLimiterTests {
    let clock = ManualClock()   // 2026-01-01T00:00:00Z, a Thursday

    func limiter(rate: Double? = 5, burst: Int? = 10, quota: Int? = nil, period: QuotaPeriod? = nil, offset: Int = 0) -> UsageLimiter {
        UsageLimiter(plans: [UsagePlan(name: "plan", rateLimit: rate, burstLimit: burst, quotaLimit: quota, quotaPeriod: period,
                                       quotaOffset: offset, keyNames: ["k"])], clock: clock)
    }

    func admitted(_ l: UsageLimiter, _ n: Int) -> Int { (0..<n).filter { _ in l.admit(key: "k") == .admitted }.count }

    @Test("burst b plus k instant requests: b admitted, k throttled; tokens refill at the rate")
    func burstThenRefill() {
        let l = limiter(rate: 5, burst: 10)
        #expect(admitted(l, 13) == 10)
        #expect(l.usage()[0].throttled == 3)
        clock.advance(seconds: 0.199)
        #expect(l.admit(key: "k") == .throttled)   // 0.995 of a token
        clock.advance(seconds: 0.001)
        #expect(l.admit(key: "k") == .admitted)    // exactly one token at 200 ms
        clock.advance(seconds: 60)
        #expect(admitted(l, 20) == 10)             // refilled to the burst, never beyond
    }

    @Test("a key on no plan and a plan without a throttle are never throttled")
    func noPlanNoThrottle() {
        let l = limiter(rate: nil, burst: nil)
        #expect(admitted(l, 1_000) == 1_000)
        #expect(l.admit(key: "other") == .admitted)
    }

    @Test("the quota refuses with Limit Exceeded once used up, and throttled requests do not count against it")
    func quotaAfterThrottle() {
        let l = limiter(rate: 1, burst: 3, quota: 5, period: .day)
        #expect(admitted(l, 10) == 3)              // 7 throttled, none counted
        #expect(l.usage()[0].used == 3)
        clock.advance(seconds: 2)
        #expect(admitted(l, 2) == 2)
        clock.advance(seconds: 10)
        #expect(l.admit(key: "k") == .quotaExceeded)
        let u = l.usage()[0]
        #expect(u.used == 5)
        #expect(u.remaining == 0)
        #expect(u.quotaRefused == 1)
        #expect(u.resetsAt == Timestamp(millis: 1_767_225_600_000 + 86_400_000))
    }

    @Test("DAY, WEEK and MONTH quotas reset at the next UTC midnight, Monday and 1st")
    func windows() {
        #expect(QuotaPeriod.day.windowStart(ISO8601.parse("2026-03-15T17:30:00Z")!) == ISO8601.parse("2026-03-15T00:00:00Z"))
        #expect(QuotaPeriod.week.windowStart(ISO8601.parse("2026-03-15T17:30:00Z")!) == ISO8601.parse("2026-03-09T00:00:00Z"))   // a Sunday → its Monday
        #expect(QuotaPeriod.week.windowStart(ISO8601.parse("2026-03-16T00:00:00Z")!) == ISO8601.parse("2026-03-16T00:00:00Z"))
        #expect(QuotaPeriod.month.windowStart(ISO8601.parse("2026-02-28T23:59:59Z")!) == ISO8601.parse("2026-02-01T00:00:00Z"))
        #expect(QuotaPeriod.month.nextWindow(after: ISO8601.parse("2026-12-01T00:00:00Z")!) == ISO8601.parse("2027-01-01T00:00:00Z"))

        let l = limiter(rate: nil, burst: nil, quota: 2, period: .week)
        #expect(admitted(l, 3) == 2)
        clock.advance(seconds: 3 * 86_400 + 23 * 3600)          // Sunday 23:00: same week
        #expect(l.admit(key: "k") == .quotaExceeded)
        clock.advance(seconds: 3600)                            // Monday 00:00
        #expect(admitted(l, 3) == 2)
    }

    @Test("the offset shortens only the first period")
    func offset() {
        let l = limiter(rate: nil, burst: nil, quota: 10, period: .day, offset: 4)
        #expect(admitted(l, 10) == 6)
        #expect(l.usage()[0].remaining == 0)
        clock.advance(seconds: 86_400)
        #expect(admitted(l, 12) == 10)
    }

    @Test("the quota used survives a restart through the store; a window that ended starts afresh")
    func acrossRestart() {
        let l = limiter(rate: nil, burst: nil, quota: 5, period: .day)
        #expect(admitted(l, 4) == 4)
        let kept = [QuotaUsage(keyName: "k", windowStart: QuotaPeriod.day.windowStart(clock.now()), used: 4, firstWindow: true)]
        let restarted = limiter(rate: nil, burst: nil, quota: 5, period: .day)
        restarted.restore(kept)
        #expect(admitted(restarted, 3) == 1)
        let later = limiter(rate: nil, burst: nil, quota: 5, period: .day)
        clock.advance(seconds: 86_400)
        later.restore(kept)
        #expect(admitted(later, 6) == 5)
    }
}
