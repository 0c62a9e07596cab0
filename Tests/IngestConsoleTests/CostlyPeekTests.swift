import IngestCore
import Testing
@testable import IngestConsole

/// A source where reading a DLQ page receives its messages (SQS on AWS) and where changes land somewhere
/// other than a local engine: the page is read only when asked, and every confirmation names the target.
@Suite("Console over a source where a look costs a receive")
struct CostlyPeekTests {
    static func model() -> ConsoleModel {
        var m = ConsoleModel(options: ConsoleOptions(sourceLabel: "aws 123456789012 us-east-1", changeTarget: "account 123456789012 in us-east-1",
                                                     peekNotice: "each look adds 1 to a message's receive count"))
        _ = m.receive(.snapshot(ConsoleFixtures.snapshot(step: 0)), now: ConsoleFixtures.now.adding(seconds: -10))
        _ = m.receive(.snapshot(ConsoleFixtures.snapshot(step: 1)), now: ConsoleFixtures.now)
        return m
    }

    static let read = ConsoleCommand.deadLetters(queue: "users-dlq", after: nil, limit: 100)

    @Test("an open page is never read again on the tick nor after a change; ^R reads it")
    func readOnlyWhenAsked() {
        var m = Self.model()
        #expect(m.press("3", .enter) == [.command(Self.read)])
        m.reply(Self.read, .deadLetters(ConsoleFixtures.deadLetterPage()))
        for s in [4, 8, 60] { #expect(m.tick(now: ConsoleFixtures.now.adding(seconds: s)) == [], "tick at +\(s) s") }
        // A change's reply refreshes the snapshot only: a peek now would hide messages from the move.
        let after = m.reply(.deleteMessage(queue: "users-dlq", messageId: "9f1c2b7e-1000-4b1e-a0f2-6c1d3e5f7a90"),
                            .deleted(queue: "users-dlq", messageId: "9f1c2b7e-1000-4b1e-a0f2-6c1d3e5f7a90"))
        #expect(after == [.refreshNow])
        #expect(m.press(.ctrl("r")) == [.refreshNow, .command(Self.read)])
    }

    @Test("every confirmation ends naming where the change lands, once")
    func dialogsNameTheTarget() {
        var m = Self.model()
        m.press("2", "j", "P")
        let d = try! #require(m.dialog)
        #expect(d.message.first == "Purge 8 messages from users-dlq?")
        #expect(d.message.last == "In account 123456789012 in us-east-1.")
        #expect(d.message.filter { $0.hasPrefix("In account") }.count == 1)
        m.press("u")
        #expect(m.dialog?.message.filter { $0.hasPrefix("In account") }.count == 1, "typing keeps one target line")
    }
}
