import IngestAPI
import IngestCore
import Testing
@testable import IngestConsole

@Suite("Logs view")
struct LogsTests {
    static func snapshot(ids: ClosedRange<Int>) -> ConsoleSnapshot {
        var s = ConsoleFixtures.snapshot()
        s.logs = ConsoleFixtures.logLines(ids, at: ConsoleFixtures.now)
        s.lastLogId = UInt64(ids.upperBound)
        return s
    }

    @Test("follows by default; scrolling up pauses; G resumes; scrolling back to the bottom resumes")
    func followPauseResume() {
        var m = ConsoleFixtures.model()
        m.press("5")
        #expect(m.isFollowing)
        #expect(m.cursor == 29)
        m.press("k")
        #expect(!m.isFollowing)
        _ = m.receive(.snapshot(Self.snapshot(ids: 31...35)), now: ConsoleFixtures.now)
        #expect(m.cursor == 28, "a paused view keeps its place while lines arrive")
        m.press("G")
        #expect(m.isFollowing)
        #expect(m.cursor == 34)
        m.press("k", "k", "j")
        #expect(!m.isFollowing)
        m.press("j")
        #expect(m.isFollowing)
        _ = m.receive(.snapshot(Self.snapshot(ids: 36...36)), now: ConsoleFixtures.now)
        #expect(m.cursor == 35)
        let grid = Renderer.render(m, width: 80, height: 24, now: ConsoleFixtures.now)
        #expect(grid.text.contains("FOLLOW"))
        m.press(.end)
        m.press(.pageUp)
        #expect(Renderer.render(m, width: 80, height: 24, now: ConsoleFixtures.now).text.contains("PAUSED"))
    }

    @Test("logsAfter is the newest id received, and lines are not appended twice")
    func logsAfter() {
        var m = ConsoleModel(options: ConsoleOptions())
        #expect(m.logsAfter == nil)
        _ = m.receive(.snapshot(Self.snapshot(ids: 1...10)), now: ConsoleFixtures.now)
        #expect(m.logsAfter == 10)
        _ = m.receive(.snapshot(Self.snapshot(ids: 5...12)), now: ConsoleFixtures.now)
        #expect(m.logsAfter == 12)
        #expect(m.logs.count == 12)
    }

    @Test("the ring is bounded")
    func ringBound() {
        var m = ConsoleModel(options: ConsoleOptions(logCapacity: 100))
        for start in stride(from: 1, through: 400, by: 50) {
            _ = m.receive(.snapshot(Self.snapshot(ids: start...(start + 49))), now: ConsoleFixtures.now)
        }
        #expect(m.logs.count <= 125)
        #expect(m.logs.count >= 100)
        #expect(m.logs[m.logs.count - 1].line?.id == 400)
    }

    @Test("filters: source with s, level with v, text with /, inverted with /!; Esc clears")
    func filters() {
        var m = ConsoleFixtures.model()
        m.press("5", "s")
        #expect(m.logs.filter.source == "engine")
        #expect(m.logs.filtered.allSatisfy { $0.line?.source == "engine" })
        m.press("s", "s")
        #expect(m.logs.filter.source == "user-metadata")
        m.press(.escape)
        #expect(!m.logs.filter.isActive)
        m.press("v", "v")
        #expect(m.logs.filter.minLevel == .warn)
        #expect(m.logs.filtered.allSatisfy { ($0.line?.level ?? .error) >= .warn })
        m.press(.escape, "/", "conditional", .enter)
        #expect(m.logs.count == 5)
        m.press("/", .ctrl("u"), "!conditional", .enter)
        #expect(m.logs.count == 25)
        m.press(.escape)
        #expect(m.logs.count == 30)
    }

    @Test("w, t and m: wrap, timestamps, marks")
    func toggles() {
        var m = ConsoleFixtures.model()
        m.press("5", "w", "t", "m")
        #expect(m.logsWrap)
        #expect(!m.logsTimestamps)
        #expect(m.logs.count == 31)
        let text = Renderer.render(m, width: 80, height: 24, now: ConsoleFixtures.now).text
        #expect(text.contains("mark 13:00:00"))
        #expect(text.contains("WRAP") && text.contains("NOTIME"))
    }

    @Test("Enter on a line with a request id opens that invocation's lines")
    func jumpToRequest() {
        var m = ConsoleFixtures.model()
        m.press("5")
        let effects = m.press(.enter)
        #expect(m.breadcrumbs == ["Logs", "request req-1010"])
        #expect(effects == [.command(.logs(LogQuery(requestId: "req-1010", limit: 500)))])
        let text = Renderer.render(m, width: 100, height: 30, now: ConsoleFixtures.now).text
        #expect(text.contains("LOG LINES OF REQUEST req-1010"))
    }

    @Test("Ctrl-S saves the filtered lines")
    func save() {
        var m = ConsoleFixtures.model()
        m.press("5", "v", "v", "v")
        let effects = m.press(.ctrl("s"))
        guard case .saveLogs(let lines)? = effects.first else {
            Issue.record("expected saveLogs")
            return
        }
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.level == .error })
        _ = m.receive(.saved(path: "/tmp/ingest-logs.txt", error: nil), now: ConsoleFixtures.now)
        #expect(m.flash?.text.contains("/tmp/ingest-logs.txt") == true)
    }
}
