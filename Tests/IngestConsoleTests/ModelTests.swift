import IngestCore
import Testing
@testable import IngestConsole

@Suite("Console model")
struct ModelTests {
    @Test("rates per minute come from diffing counters between snapshots")
    func rates() {
        let m = ConsoleFixtures.model()
        // users-queue sent 1,204 → 1,244 in ten seconds: 240 a minute.
        #expect(m.samples.ratePerMinute("q.sent.users-queue", now: ConsoleFixtures.now) == 240)
        #expect(m.samples.ratePerMinute("q.received.users-queue", now: ConsoleFixtures.now) == 180)
        #expect(m.samples.recent("q.depth.users-queue", count: 12) == [16, 20])
        // Alone, a sample gives no rate.
        #expect(m.samples.ratePerMinute("q.sent.nope", now: ConsoleFixtures.now) == nil)
    }

    @Test("flash messages expire on the tick; errors stay longer")
    func flash() {
        var m = ConsoleFixtures.model()
        _ = m.receive(.reply(.purge(queue: "x"), .failure(ConsoleFailure("refused"))), now: ConsoleFixtures.now)
        _ = m.tick(now: ConsoleFixtures.now.adding(seconds: 5))
        #expect(m.flash?.text == "refused")
        _ = m.tick(now: ConsoleFixtures.now.adding(seconds: 12))
        #expect(m.flash == nil)
        m.press(":", "theme mono", .enter)
        _ = m.tick(now: ConsoleFixtures.now.adding(seconds: 4))
        #expect(m.flash == nil)
    }

    @Test("a disconnection shows in the header with the retry countdown; a snapshot reconnects")
    func disconnect() {
        var m = ConsoleFixtures.model()
        _ = m.receive(.disconnected(reason: "connection refused", retryIn: 2), now: ConsoleFixtures.now)
        let header = Renderer.render(m, width: 100, height: 30, now: ConsoleFixtures.now.adding(millis: 500)).line(0)
        #expect(header.contains("DISCONNECTED — retrying in 2s"))
        _ = m.receive(.snapshot(ConsoleFixtures.snapshot()), now: ConsoleFixtures.now.adding(seconds: 2))
        #expect(m.connection == .connected)
    }

    @Test("replies to changes flash and ask for a refresh; failures flash as errors")
    func replies() {
        var m = ConsoleFixtures.model()
        var purged = Blank.decode(PurgeResult.self, #"{"queue":"users-dlq","purged":8}"#)
        purged.purged = 8
        #expect(m.reply(.purge(queue: "users-dlq"), .purged(purged)) == [.refreshNow])
        #expect(m.flash?.text == "purged 8 messages from users-dlq")
        #expect(m.flash?.level == .info)
    }

    @Test("the model never shows state by colour alone: state words are in the text")
    func words() {
        var m = ConsoleFixtures.model()
        m.press("4")
        let text = Renderer.render(m, width: 160, height: 50, now: ConsoleFixtures.now).text
        for word in ["ALARM", "OK", "INSUFFICIENT_DATA"] { #expect(text.contains(word)) }
        m.press("1")
        let pipeline = Renderer.render(m, width: 160, height: 50, now: ConsoleFixtures.now).text
        #expect(pipeline.contains("DEGRADED") && pipeline.contains("FAILING"))
    }

    @Test("the benchmark builds its scale model and returns one timing per frame")
    func benchmark() {
        let model = ConsoleBenchmark.model(queues: 50, logLines: 1_000)
        let dead = model.snapshot?.status.queues.filter(\.isDeadLetterQueue).reduce(0) { $0 + $1.visible }
        #expect(dead == 1_000_000)
        #expect(ConsoleBenchmark.frameTimes(frames: 3, width: 80, height: 24, queues: 20).count == 3)
        let dlq = ConsoleBenchmark.model(queues: 10, logLines: 1_000, panel: .deadLetters)
        #expect(dlq.deadLetterRows.count == 100)
    }

    @Test("render is stable: the same model renders the same grid")
    func stable() {
        let m = ConsoleFixtures.model()
        #expect(Renderer.render(m, width: 120, height: 40, now: ConsoleFixtures.now)
                == Renderer.render(m, width: 120, height: 40, now: ConsoleFixtures.now))
    }
}

@Suite("Detail reloads")
struct DetailReloadTests {
    @Test("an open alarm reloads its history and metric every ten seconds; a table every five")
    func reloads() {
        var m = ConsoleFixtures.model()
        let now = ConsoleFixtures.now
        let opened = m.press(":", "alarm users-dlq-not-empty", .enter)
        #expect(m.breadcrumbs == ["Alarms", "users-dlq-not-empty"])
        #expect(opened.count == 2)
        for case .command(let c) in opened { _ = m.receive(.reply(c, .success(.alarmHistory([]))), now: now) }
        #expect(m.tick(now: now.adding(seconds: 5)) == [])
        #expect(m.tick(now: now.adding(seconds: 10)).count == 2)

        var t = ConsoleFixtures.model()
        let loads = t.press("7", .enter)
        #expect(loads == [.command(.tableItems(table: "users", limit: 20)), .command(.streamRecords(table: "users", limit: 20))])
        t.reply(.tableItems(table: "users", limit: 20), .tableItems(table: "users", items: []))
        t.reply(.streamRecords(table: "users", limit: 20), .streamRecords(table: "users", records: []))
        #expect(t.tick(now: now.adding(seconds: 4)) == [])
        #expect(t.tick(now: now.adding(seconds: 5)).count == 2)
    }

    @Test("a disconnected model asks for nothing on the tick")
    func quietWhenDisconnected() {
        var m = ConsoleFixtures.model()
        m.press("7", .enter)
        _ = m.receive(.disconnected(reason: "gone", retryIn: 1), now: ConsoleFixtures.now)
        #expect(m.tick(now: ConsoleFixtures.now.adding(seconds: 60)) == [])
    }
}
