import IngestCore
import Testing
@testable import IngestConsole

@Suite("Confirmations")
struct ConfirmationTests {
    @Test("purge: Cancel has focus, Enter is ignored until the queue name is typed, then exactly one purge")
    func purgeTypeToConfirm() {
        var m = ConsoleFixtures.model()
        m.press("2", "j")
        #expect(m.press("P") == [])
        let d = try! #require(m.dialog)
        #expect(d.focus == d.cancelIndex)
        #expect(d.message.first == "Purge 8 messages from users-dlq?")
        #expect(m.isPromptActive)
        // A reflexive Enter on the default focus cancels, never purges.
        #expect(m.press(.enter) == [])
        #expect(m.dialog == nil)
        m.press("P", "users-dl")
        #expect(m.dialog?.focus == m.dialog?.okIndex)
        #expect(m.press(.enter) == [])
        #expect(m.dialog != nil, "Enter with a partial name keeps the dialog")
        #expect(m.flash?.text == "type users-dlq to confirm")
        #expect(m.press("q") == [], "letters go to the field, q does not quit")
        #expect(!m.shouldQuit)
        m.press(.backspace)
        #expect(m.press("q") == [])
        m.press(.backspace, "q")
        #expect(m.dialog?.typed == "users-dlq")
        #expect(m.press(.enter) == [.command(.purge(queue: "users-dlq"))])
        #expect(m.dialog == nil)
    }

    @Test("delete message: Cancel default; irreversible, so OK needs the word delete")
    func deleteMessage() {
        var m = ConsoleFixtures.model()
        m.press("3", .enter)
        m.reply(.deadLetters(queue: "users-dlq", after: nil, limit: 100), .deadLetters(ConsoleFixtures.deadLetterPage()))
        m.press("d")
        #expect(m.dialog?.message.first == "Delete message 9f1c2b7e-1000-4b1e-a0f2-6c1d3e5f7a90 from users-dlq?")
        #expect(m.press(.enter) == [])
        #expect(m.dialog == nil)
        m.press("d", .tab)
        #expect(m.dialog?.focus == m.dialog?.okIndex)
        #expect(m.press(.enter) == [])
        #expect(m.press("delete", .enter) == [.command(.deleteMessage(queue: "users-dlq", messageId: "9f1c2b7e-1000-4b1e-a0f2-6c1d3e5f7a90"))])
    }

    @Test(":replay FROM TO offers the custom range first")
    func replayRange() {
        var m = ConsoleFixtures.model()
        m.press(":", "replay 2026-11-29T10:00:00Z 2026-11-29T11:00:00Z", .enter)
        #expect(m.dialog?.options[2].values.first == "2026-11-29T10:00:00.000Z to 2026-11-29T11:00:00.000Z")
        #expect(m.press(.up, .enter) == [.command(.replay(.init(topic: "user-signup", from: ISO8601.parse("2026-11-29T10:00:00Z")!,
                                                                to: ISO8601.parse("2026-11-29T11:00:00Z"), subscription: nil)))])
        m.press(":", "replay yesterday", .enter)
        #expect(m.dialog == nil)
        #expect(m.flash?.level == .error)
    }

    @Test("redrive selected: destination and rate chosen in the dialog, ids of the selection")
    func redriveSelected() {
        var m = ConsoleFixtures.model()
        m.press("3", .enter)
        m.reply(.deadLetters(queue: "users-dlq", after: nil, limit: 100), .deadLetters(ConsoleFixtures.deadLetterPage()))
        m.press(.space, .space, "r")
        #expect(m.dialog?.message.first == "Redrive 2 selected messages from users-dlq?")
        // Focus: To, Rate, OK, Cancel. Up to Rate, → twice (10/s); up to To, → once (first other queue).
        m.press(.up, .up, .right, .right, .up, .right, .tab, .tab)
        #expect(m.dialog?.focus == m.dialog?.okIndex)
        let effects = m.press(.enter)
        let ids = ["9f1c2b7e-1000-4b1e-a0f2-6c1d3e5f7a90", "9f1c2b7e-1001-4b1e-a0f2-6c1d3e5f7a90"]
        #expect(effects == [.command(.redrive(RedriveRequest(source: "users-dlq", destination: "metadata-queue", maxPerSecond: 10,
                                                             messageIds: ids)))])
        let task = { () -> MoveTaskInfo in
            var t = Blank.moveTask(source: "users-dlq")
            t.selectedMessageIds = ids
            return t
        }()
        let after = m.reply(.redrive(RedriveRequest(source: "users-dlq", destination: "metadata-queue", maxPerSecond: 10, messageIds: ids)),
                            .moveTask(task))
        #expect(after.first == .refreshNow)
        #expect(m.flash?.text.hasPrefix("redrive started: 2 messages from users-dlq") == true)
        #expect(m.deadLetters?.selected.isEmpty == true)
    }

    @Test("redrive all from the queues panel is type-to-confirm back to the sources")
    func redriveAll() {
        var m = ConsoleFixtures.model()
        m.press("2", "j", "R")
        #expect(m.dialog?.confirmWord == "users-dlq")
        #expect(m.dialog?.message.first == "Redrive all 8 messages from users-dlq?")
        #expect(m.press("users-dlq", .enter) == [.command(.redrive(RedriveRequest(source: "users-dlq")))])
    }

    @Test("edit: the editor's body comes back and is resent after a confirmation")
    func edit() {
        var m = ConsoleFixtures.model()
        m.press("3", .enter)
        m.reply(.deadLetters(queue: "users-dlq", after: nil, limit: 100), .deadLetters(ConsoleFixtures.deadLetterPage()))
        let id = "9f1c2b7e-1000-4b1e-a0f2-6c1d3e5f7a90"
        let effects = m.press("e")
        guard case .editBody(let queue, let messageId, let body)? = effects.first else {
            Issue.record("expected editBody, got \(effects)")
            return
        }
        #expect(queue == "users-dlq" && messageId == id)
        #expect(body.contains("\"user_id\""))
        _ = m.receive(.edited(queue: "users-dlq", messageId: id, body: #"{"user_id":"u-0","email":"ok@example.com"}"#), now: ConsoleFixtures.now)
        #expect(m.dialog?.title == "Send edited message")
        #expect(m.press(.tab, .enter) == [.command(.resend(queue: "users-dlq", messageId: id,
                                                           body: #"{"user_id":"u-0","email":"ok@example.com"}"#, to: nil))])
    }

    @Test("switch handler: a prompt with Tab completion, then a confirmation")
    func switchHandler() {
        var m = ConsoleFixtures.model()
        m.press("6", "j", "H")
        #expect(m.isPromptActive)
        m.press("user-me", .tab)
        #expect(m.prompt?.text == "user-metadata")
        m.press(.enter)
        #expect(m.dialog?.message.first == "Switch user-onboarding from user-onboarding to user-metadata?")
        #expect(m.press(.tab, .enter) == [.command(.configureFunction(name: "user-onboarding",
                                                                      body: .init(handler: "user-metadata", environment: nil, enabled: nil)))])
    }

    @Test("deploy code from the handler prompt: code PATH confirms and sends update-code; code alone switches back to its code; two paths are refused")
    func deployCode() {
        var m = ConsoleFixtures.model()
        m.press("6", "j", "H", "cod", .tab)
        #expect(m.prompt?.text == "code", "code completes like a handler name")
        m.press(" ./lambda/user-onboarding", .enter)
        #expect(m.dialog?.title == "Deploy code")
        #expect(m.dialog?.message.first == "Deploy ./lambda/user-onboarding to user-onboarding?")
        #expect(m.press(.tab, .enter) == [.command(.updateCode(name: "user-onboarding", path: "./lambda/user-onboarding"))])
        m.press("H", "code", .enter)
        #expect(m.dialog?.title == "Run its code")
        #expect(m.press(.tab, .enter) == [.command(.configureFunction(name: "user-onboarding", body: .init(handler: "code", environment: nil, enabled: nil)))])
        m.press("H", "code a b", .enter)
        #expect(m.dialog == nil)
    }

    @Test("switch handler with settings: NAME=VALUE words after the handler become its environment; a malformed one is refused")
    func switchHandlerWithSettings() {
        var m = ConsoleFixtures.model()
        m.press("6", "j", "H", "user-onboarding INVALID_RECORDS=discard", .enter)
        #expect(m.dialog?.message.first == "Switch user-onboarding from user-onboarding to user-onboarding with INVALID_RECORDS=discard?")
        #expect(m.press(.tab, .enter) == [.command(.configureFunction(name: "user-onboarding",
                                                                      body: .init(handler: "user-onboarding", environment: ["INVALID_RECORDS": "discard"],
                                                                                  enabled: nil)))])
        m.press("H", "user-onboarding INVALID_RECORDS", .enter)
        #expect(m.dialog == nil)
        #expect(m.flash?.text == "'INVALID_RECORDS' is not NAME=VALUE")
    }

    @Test("switch handler: a name the engine does not list is refused at once; an engine that lists none decides itself")
    func switchHandlerUnknown() {
        var m = ConsoleFixtures.model()
        m.press("6", "j", "H", "echo", .enter)
        #expect(m.dialog == nil)
        #expect(m.flash?.text.hasPrefix("unknown handler 'echo' (built-in: user-metadata, ") == true)
        var unlisted = ConsoleFixtures.snapshot(step: 1)
        unlisted.handlers = nil
        _ = m.receive(.snapshot(unlisted), now: ConsoleFixtures.now)
        m.press("H", "echo", .enter)
        #expect(m.dialog?.message.first == "Switch user-onboarding from user-onboarding to echo?")
    }

    @Test("disable mappings, cancel a move task, reset a stream consumer, replay the archive")
    func otherChanges() {
        var m = ConsoleFixtures.model()
        m.press("6", "E")
        #expect(m.dialog?.message.first == "Disable 1 event source mapping of user-metadata?")
        #expect(m.press(.tab, .enter) == [.command(.configureFunction(name: "user-metadata", body: .init(handler: nil, environment: nil, enabled: false)))])

        m.press("8", "c")
        #expect(m.dialog?.message.first == "Cancel the redrive from users-dlq?")
        #expect(m.press(.tab, .enter) == [.command(.cancelMoveTask(source: "users-dlq"))])

        m.press("7", "X", "000000000000000001000", .enter)
        #expect(m.press(.tab, .enter) == [.command(.resetStream(.init(mapping: "UsersStreamMapping", sequence: "000000000000000001000", time: nil)))])

        m.press("7", "X", "2026-11-29T12:00:00Z", .enter)
        #expect(m.press(.tab, .enter) == [.command(.resetStream(.init(mapping: "UsersStreamMapping", sequence: nil,
                                                                       time: ISO8601.parse("2026-11-29T12:00:00Z"))))])

        m.press("1", "r")
        #expect(m.dialog?.title == "Replay topic archive")
        // Topic, To, Range: choose the second subscription and the last hour.
        m.press(.up, .up, .right, .up, .right, .right, .tab, .tab)
        let effects = m.press(.enter)
        #expect(effects == [.command(.replay(.init(topic: "user-signup", from: ConsoleFixtures.now.adding(seconds: -3600),
                                                   to: ConsoleFixtures.now,
                                                   subscription: "arn:aws:sns:us-east-1:000000000000:user-signup:sub-metadata")))])
    }

    @Test("Esc closes a dialog without effect")
    func escape() {
        var m = ConsoleFixtures.model()
        m.press("2", "P")
        #expect(m.press(.escape) == [])
        #expect(m.dialog == nil)
        #expect(m.breadcrumbs == ["Queues"])
    }
}
