import IngestCore
import Testing
@testable import IngestConsole

@Suite("Navigation")
struct NavigationTests {
    @Test("number keys, Tab and Shift-Tab switch panels; each resets the stack")
    func panels() {
        var m = ConsoleFixtures.model()
        #expect(m.panel == .pipeline)
        m.press("4")
        #expect(m.panel == .alarms)
        m.press(.tab)
        #expect(m.panel == .logs)
        m.press(.backTab, .backTab)
        #expect(m.panel == .deadLetters)
        m.press("8", .tab)
        #expect(m.panel == .pipeline)
        m.press(.backTab)
        #expect(m.panel == .moveTasks)
    }

    @Test("j/k, g/G, PgDn/PgUp move the cursor within the rows")
    func cursor() {
        var m = ConsoleFixtures.model()
        m.press("2")
        #expect(m.cursor == 0)
        #expect(m.queueRows.first?.name == "users-queue")
        m.press("j", "j")
        #expect(m.cursor == 2)
        m.press("k")
        #expect(m.cursor == 1)
        m.press("G")
        #expect(m.cursor == 4)
        m.press("j")
        #expect(m.cursor == 4)
        m.press("g")
        #expect(m.cursor == 0)
        m.press(.pageDown)
        #expect(m.cursor == 4)
        m.press(.pageUp)
        #expect(m.cursor == 0)
        m.press(.up)
        #expect(m.cursor == 0)
    }

    @Test("queues are sorted by backlog with the name as tie-breaker")
    func queueOrder() {
        let m = ConsoleFixtures.model()
        #expect(m.queueRows.map(\.name) == ["users-queue", "users-dlq", "metadata-dlq", "metadata-queue", "signup-topic-dlq"])
    }

    @Test("Enter drills down and Esc walks back through the breadcrumbs")
    func drillDown() {
        var m = ConsoleFixtures.model()
        var effects = m.press("2", .enter)
        #expect(m.breadcrumbs == ["Queues", "users-dlq"])
        #expect(effects == [.command(.deadLetters(queue: "users-dlq", after: nil, limit: 100))])
        m.reply(.deadLetters(queue: "users-dlq", after: nil, limit: 100), .deadLetters(ConsoleFixtures.deadLetterPage()))
        effects = m.press("j", .enter)
        let id = "9f1c2b7e-1001-4b1e-a0f2-6c1d3e5f7a90"
        #expect(m.breadcrumbs == ["Queues", "users-dlq", id])
        #expect(effects == [.command(.messageLogs(messageId: id))])
        m.press(.escape)
        #expect(m.breadcrumbs == ["Queues", "users-dlq"])
        #expect(m.cursor == 1)
        m.press(.escape)
        #expect(m.breadcrumbs == ["Queues"])
        m.press(.escape)
        #expect(m.breadcrumbs == ["Queues"])
    }

    @Test("l jumps between a queue and its DLQ")
    func linked() {
        var m = ConsoleFixtures.model()
        m.press("2", "l")
        #expect(m.queueRows[m.cursor].name == "users-dlq")
        m.press("l")
        #expect(m.queueRows[m.cursor].name == "users-queue")
    }

    @Test("DLQ pages are read a page at a time with the cursor of the previous page")
    func paging() {
        var m = ConsoleFixtures.model()
        m.press(":", "dlq users-dlq", .enter)
        #expect(m.breadcrumbs == ["DLQ browser", "users-dlq"])
        m.reply(.deadLetters(queue: "users-dlq", after: nil, limit: 100),
                .deadLetters(ConsoleFixtures.deadLetterPage(count: 8, total: 1_204, next: 107)))
        #expect(m.press("]") == [.command(.deadLetters(queue: "users-dlq", after: 107, limit: 100))])
        #expect(m.deadLetters?.pageNumber == 2)
        #expect(m.press("[") == [.command(.deadLetters(queue: "users-dlq", after: nil, limit: 100))])
        #expect(m.deadLetters?.pageNumber == 1)
    }

    @Test("space toggles selection and moves down; a toggles the page")
    func selection() {
        var m = ConsoleFixtures.model()
        m.press("3", .enter)
        m.reply(.deadLetters(queue: "users-dlq", after: nil, limit: 100), .deadLetters(ConsoleFixtures.deadLetterPage()))
        m.press(.space, .space)
        #expect(m.deadLetters?.selected.count == 2)
        #expect(m.cursor == 2)
        m.press("k", .space)
        #expect(m.deadLetters?.selected.count == 1)
        m.press("a")
        #expect(m.deadLetters?.selected.count == 8)
        m.press("a")
        #expect(m.deadLetters?.selected.isEmpty == true)
    }

    @Test("an open DLQ page is read again on the tick when stale, never twice while pending")
    func periodicReload() {
        var m = ConsoleFixtures.model()
        m.press("3", .enter)
        let read = ConsoleCommand.deadLetters(queue: "users-dlq", after: nil, limit: 100)
        #expect(m.tick(now: ConsoleFixtures.now.adding(seconds: 5)) == [])
        m.reply(read, .deadLetters(ConsoleFixtures.deadLetterPage()))
        #expect(m.tick(now: ConsoleFixtures.now.adding(seconds: 1)) == [])
        #expect(m.tick(now: ConsoleFixtures.now.adding(seconds: 4)) == [.command(read)])
        #expect(m.tick(now: ConsoleFixtures.now.adding(seconds: 8)) == [])
    }

    @Test("q and Ctrl-C quit; Ctrl-Z suspends; Ctrl-R refreshes")
    func quitAndFriends() {
        var m = ConsoleFixtures.model()
        #expect(m.press(.ctrl("z")) == [.suspend])
        #expect(m.press(.ctrl("r")) == [.refreshNow])
        #expect(m.press("q") == [.quit])
        #expect(m.shouldQuit)
        var n = ConsoleFixtures.model()
        #expect(n.press(.ctrl("c")) == [.quit])
    }

    @Test("? shows help from the key table; Esc closes it")
    func help() {
        var m = ConsoleFixtures.model()
        m.press("?")
        #expect(m.isHelpShown)
        m.press("j")
        m.press(.escape)
        #expect(!m.isHelpShown)
    }
}

@Suite("Cursor identity")
struct CursorIdentityTests {
    @Test("the cursor stays on the same queue when a refresh reorders the rows")
    func followsRow() {
        var m = ConsoleFixtures.model()
        m.press("2", "j")
        #expect(m.queueRows[m.cursor].name == "users-dlq")
        var s = ConsoleFixtures.snapshot()
        s.status.queues = s.status.queues.map { q in
            var q = q
            if q.name == "metadata-queue" { q.visible = 500 }
            return q
        }
        _ = m.receive(.snapshot(s), now: ConsoleFixtures.now.adding(seconds: 1))
        #expect(m.queueRows.first?.name == "metadata-queue")
        #expect(m.queueRows[m.cursor].name == "users-dlq")
        // A purge now still names the queue under the cursor.
        m.press("P")
        #expect(m.dialog?.confirmWord == "users-dlq")
    }

    @Test("when the row under the cursor goes away, the cursor stays within the rows")
    func rowGone() {
        var m = ConsoleFixtures.model()
        m.press("2", "G")
        var s = ConsoleFixtures.snapshot()
        s.status.queues.removeAll { $0.name == "signup-topic-dlq" || $0.name == "metadata-queue" }
        _ = m.receive(.snapshot(s), now: ConsoleFixtures.now.adding(seconds: 1))
        #expect(m.cursor == 2)
    }
}
