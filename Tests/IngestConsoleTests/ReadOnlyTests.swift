import IngestCore
import Testing
@testable import IngestConsole

@Suite("Read-only mode")
struct ReadOnlyTests {
    @Test("dangerous keys do nothing: no dialog, no effect")
    func keysDoNothing() {
        var m = ConsoleFixtures.model(readOnly: true)
        for (panel, keys) in [("2", ["P", "R"]), ("6", ["H", "E"]), ("7", ["X"]), ("8", ["c"]), ("1", ["r"])] {
            m.press(.text(panel))
            for k in keys {
                #expect(m.press(.text(k)) == [], "\(k) in panel \(panel)")
                #expect(m.dialog == nil && m.prompt == nil)
            }
        }
        m.press("3", .enter)
        m.reply(.deadLetters(queue: "users-dlq", after: nil, limit: 100), .deadLetters(ConsoleFixtures.deadLetterPage()))
        for k in ["r", "R", "e", "d", "P"] {
            #expect(m.press(.text(k)) == [])
            #expect(m.dialog == nil)
        }
        m.press(.enter)
        for k in ["r", "e", "d"] { #expect(m.press(.text(k)) == []) }
    }

    @Test("dangerous actions are not shown: header hints, help screen, command line")
    func notShown() {
        var m = ConsoleFixtures.model(readOnly: true)
        m.press("2")
        let header = Renderer.render(m, width: 160, height: 50, now: ConsoleFixtures.now).line(0)
        #expect(header.contains("READ-ONLY"))
        #expect(!header.contains("purge") && !header.contains("redrive"))
        m.press("?")
        let help = Renderer.render(m, width: 160, height: 50, now: ConsoleFixtures.now).text
        #expect(!help.contains("Purge") && !help.contains("changes the engine: confirmed"))
        m.press(.escape, ":", "purge users-dlq", .enter)
        #expect(m.dialog == nil)
        #expect(m.flash?.text == ":purge is not available in read-only mode")
        m.press(":", "pu", .tab)
        #expect(m.prompt?.text == "pu", "no completion to a hidden command")
    }

    @Test("an engine that reports read-only hides the dangerous bindings too")
    func engineReadOnly() {
        var m = ConsoleModel(options: ConsoleOptions())
        var s = ConsoleFixtures.snapshot()
        #expect(m.keyTable.contains(.purge))
        s.status.readOnly = true
        _ = m.receive(.snapshot(s), now: ConsoleFixtures.now)
        #expect(m.isReadOnly)
        #expect(!m.keyTable.contains(.purge))
    }
}
