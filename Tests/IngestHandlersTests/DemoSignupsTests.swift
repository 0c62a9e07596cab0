import IngestCore
import IngestHandlers
import Testing

@Suite("Demo sign-ups")
struct DemoSignupsTests {
    @Test("valid demo sign-ups pass the workers' validation; poison ones fail it for the reason their kind names")
    func kindsMatchValidation() {
        var gen = DemoSignups(poisonRatio: 0.5, seed: 42)
        var seen: [DemoSignups.Kind: Int] = [:]
        for _ in 0..<2_000 {
            let s = gen.next()
            seen[s.kind, default: 0] += 1
            let outcome: String
            do {
                _ = try SignupRecord.parse(body: s.body)
                outcome = "valid"
            } catch {
                outcome = error.message
            }
            switch s.kind {
            case .valid: #expect(outcome == "valid", "\(s.body)")
            case .badJSON: #expect(outcome.contains("not JSON"), "\(s.body)")
            case .missingUserId: #expect(outcome == "user_id is missing", "\(s.body)")
            case .badEmail: #expect(outcome.contains("email must contain exactly one @"), "\(s.body)")
            }
        }
        #expect(Set(seen.keys) == Set(DemoSignups.Kind.allCases))
        // About half are poison.
        #expect((800...1_200).contains(seen[.valid] ?? 0))
    }

    @Test("the same seed gives the same sign-ups; user ids are unique")
    func deterministic() {
        var a = DemoSignups(poisonRatio: 0.1, seed: 7), b = DemoSignups(poisonRatio: 0.1, seed: 7)
        let x = (0..<500).map { _ in a.next() }, y = (0..<500).map { _ in b.next() }
        #expect(x == y)
        let ids = x.compactMap { try? SignupRecord.parse(body: $0.body).userId }
        #expect(Set(ids).count == ids.count)
        #expect(DemoSignups(poisonRatio: 0, seed: 1).poisonRatio == 0)
        var none = DemoSignups(poisonRatio: 0, seed: 3)
        #expect((0..<200).allSatisfy { _ in none.next().kind == .valid })
    }
}
