import IngestCore
import Testing
@testable import IngestConsole

/// Thousands of pseudo-random keys (a fixed seed), replies and ticks: the model never traps, every frame
/// renders, and in read-only mode no change ever leaves the model.
@Suite("Random keys")
struct RandomKeysTests {
    static let keys: [Key] = [.up, .down, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab, .left, .right,
                              .backspace, .char(" "), .ctrl("d"), .ctrl("u"), .ctrl("s"), .resize]
        + "jkgGqh?/:123456789rRPpneEdHXcaslwtmfv]![".map { Key.char($0) }

    /// A small linear congruential generator, so a failure replays exactly.
    struct LCG {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    @Test("no trap, and read-only never emits a change", arguments: [false, true])
    func random(readOnly: Bool) {
        var m = ConsoleFixtures.model(readOnly: readOnly)
        var rng = LCG(state: readOnly ? 7 : 11)
        var now = ConsoleFixtures.now
        var changes = 0
        for step in 0..<4_000 {
            now = now.adding(millis: 50)
            let key = Self.keys[rng.next(Self.keys.count)]
            var effects = m.handle(key, now: now)
            if m.shouldQuit { m = ConsoleFixtures.model(readOnly: readOnly) }
            effects += m.tick(now: now)
            for e in effects {
                guard case .command(let c) = e else { continue }
                if c.isChange { changes += 1 }
                #expect(!(readOnly && c.isChange), "read-only emitted \(c)")
                // Answer reads the way the engine would, so detail views fill.
                if case .deadLetters(let q, _, _) = c {
                    var page = ConsoleFixtures.deadLetterPage(count: 8, total: 40, next: 200)
                    page.queue = q
                    _ = m.receive(.reply(c, .success(.deadLetters(page))), now: now)
                } else if c.isChange {
                    _ = m.receive(.reply(c, .failure(ConsoleFailure("refused in the test"))), now: now)
                }
            }
            if step % 40 == 0 { _ = m.receive(.snapshot(ConsoleFixtures.snapshot()), now: now) }
            if step % 7 == 0 {
                let size = [(80, 24), (160, 50), (100, 30), (79, 24)][rng.next(4)]
                _ = Renderer.render(m, width: size.0, height: size.1, now: now)
            }
        }
        if !readOnly { #expect(changes > 0, "the walk should reach some confirmations") }
    }
}
