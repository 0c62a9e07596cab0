import IngestCore
import Testing
@testable import IngestConsole

@Suite("Prompts and the command line")
struct CommandLineTests {
    @Test("plain letters never fire while a prompt has focus")
    func lettersGoToPrompt() {
        var m = ConsoleFixtures.model()
        m.press("2", "/")
        #expect(m.isPromptActive)
        #expect(m.press("q", "2", "?", "j") == [])
        #expect(!m.shouldQuit && !m.isHelpShown)
        #expect(m.prompt?.text == "q2?j")
        #expect(m.press(.ctrl("c")) == [])
        #expect(!m.shouldQuit)
        #expect(!m.isPromptActive)
    }

    @Test("/ filters as you type, /! inverts, Esc restores, Esc again clears")
    func filter() {
        var m = ConsoleFixtures.model()
        m.press("2", "/", "dlq")
        #expect(m.queueRows.map(\.name) == ["users-dlq", "metadata-dlq", "signup-topic-dlq"])
        m.press(.enter)
        #expect(m.filter?.text == "dlq")
        m.press("/", .ctrl("u"), "!dlq", .enter)
        #expect(m.queueRows.map(\.name) == ["users-queue", "metadata-queue"])
        m.press("/", "x", .escape)
        #expect(m.filter?.text == "!dlq")
        m.press(.escape)
        #expect(m.filter == nil)
        #expect(m.queueRows.count == 5)
    }

    @Test(":q quits, :queues and :dlq NAME navigate, :theme switches, unknown commands flash")
    func commands() {
        var m = ConsoleFixtures.model()
        m.press(":", "queues", .enter)
        #expect(m.panel == .queues)
        m.press(":", "dlq users-dlq", .enter)
        #expect(m.breadcrumbs == ["DLQ browser", "users-dlq"])
        m.press(":", "theme mono", .enter)
        #expect(m.themeName == "mono")
        m.press(":", "theme pink", .enter)
        #expect(m.themeName == "mono")
        #expect(m.flash?.level == .error)
        m.press(":", "frobnicate", .enter)
        #expect(m.flash?.text == "unknown command :frobnicate (Tab completes)")
        #expect(m.press(":", "q", .enter) == [.quit])
    }

    @Test("Tab completes commands and their arguments, cycling")
    func completion() {
        var m = ConsoleFixtures.model()
        m.press(":", "th", .tab)
        #expect(m.prompt?.text == "theme")
        m.press(" ", "h", .tab)
        #expect(m.prompt?.text == "theme high-contrast")
        m.press(.escape, ":", "dlq ", .tab)
        #expect(m.prompt?.text == "dlq metadata-dlq")
        m.press(.tab)
        #expect(m.prompt?.text == "dlq signup-topic-dlq")
        m.press(.tab)
        #expect(m.prompt?.text == "dlq users-dlq")
    }

    @Test(":redrive on an open DLQ with a selection redrives the selection; :purge NAME asks to type the name")
    func dangerousCommands() {
        var m = ConsoleFixtures.model()
        m.press(":", "dlq users-dlq", .enter)
        m.reply(.deadLetters(queue: "users-dlq", after: nil, limit: 100), .deadLetters(ConsoleFixtures.deadLetterPage()))
        m.press(.space, ":", "redrive", .enter)
        #expect(m.dialog?.message.first == "Redrive 1 selected message from users-dlq?")
        m.press(.escape, ":", "purge users-queue", .enter)
        #expect(m.dialog?.confirmWord == "users-queue")
        #expect(m.dialog?.message.first == "Purge 20 messages from users-queue?")
    }
}
