import IngestCore
import IngestTestSupport
import Testing

/// Writes only note new and removed keys; the next query or scan brings the key order up to date. These
/// interleave writes and reads the way a busy table sees them and compare every read with the keys sorted
/// from scratch.
@Suite("Table key order after interleaved writes", .timeLimit(.minutes(1)))
struct TableKeyOrderTests {
    let clock = ManualClock(start: DDBFixture.t0)

    func sks(_ page: TablePage) -> [Int] { page.items.compactMap { if case .n(let n)? = $0["sk"] { return Int(n) } else { return nil } } }

    @Test("puts, deletes and puts again of the same keys, with scans and queries in between: every read is in key order, each key once")
    func interleaved() async throws {
        let s = TableService(definitions: [DDBFixture.composite(.newAndOldImages)], clock: clock)
        var live: Set<Int> = []
        var rng = SplitMix(seed: 7)
        for round in 0..<40 {
            for _ in 0..<50 {
                let sk = Int(rng.next() % 200)
                if rng.next() % 3 == 0 {
                    _ = try await s.deleteItem(table: "events", key: ["pk": .s("a"), "sk": .n(String(sk))], condition: nil)
                    live.remove(sk)
                } else {
                    _ = try await s.putItem(table: "events", item: ["pk": .s("a"), "sk": .n(String(sk)), "round": .n(String(round))], condition: nil)
                    live.insert(sk)
                }
            }
            let scanned = sks(try await s.scan(table: "events", limit: nil, start: nil))
            #expect(scanned == live.sorted(), "round \(round): scan")
            let queried = sks(try await s.query(table: "events", hashKey: .s("a"), limit: nil, exclusiveStartKey: nil, ascending: false))
            #expect(queried == live.sorted().reversed(), "round \(round): query, descending")
            #expect(try await s.table(named: "events").itemCount == live.count)
        }
        // Paging from a start key after more writes lands on the keys after it.
        _ = try await s.putItem(table: "events", item: ["pk": .s("a"), "sk": .n("1000")], condition: nil)
        live.insert(1000)
        let sorted = live.sorted()
        let page = try await s.scan(table: "events", limit: 5, start: ["pk": .s("a"), "sk": .n(String(sorted[3]))])
        #expect(sks(page) == Array(sorted[4..<9]))
    }
}
