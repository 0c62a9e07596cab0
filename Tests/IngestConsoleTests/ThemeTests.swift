import Foundation
import Testing
@testable import IngestConsole

@Suite("Themes")
struct ThemeTests {
    @Test("the shipped themes parse and set every role", arguments: Theme.builtinNames)
    func builtin(_ name: String) throws {
        let theme = try #require(Theme.builtin(named: name))
        #expect(theme.name == name)
        for role in Role.allCases { #expect(theme.styles[role] != nil, "\(name) lacks \(role.rawValue)") }
    }

    @Test("the embedded copies are the files in themes/")
    func embeddedMatchFiles() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes")
        for name in Theme.builtinNames {
            let loaded = try Theme.load(path: dir.appendingPathComponent(name + ".toml").path)
            #expect(loaded == Theme.builtin(named: name))
        }
    }

    @Test("mono uses no colour at all")
    func mono() throws {
        let mono = try #require(Theme.builtin(named: "mono"))
        for style in mono.styles.values {
            #expect(style.foreground == .terminalDefault && style.background == .terminalDefault)
        }
        #expect(mono.style(.tableCursor).reverse)
    }

    @Test("colours: default is -1, ANSI names, #rrggbb with a 16-colour fallback")
    func colours() throws {
        let t = try ThemeParser.parse("""
        # a comment
        "body" = "default default"
        table.cursor = "black cyan bold reverse"   # trailing comment
        "status.ok" = "#00ff00 bright-black underline dim"
        """, name: "t")
        #expect(t.style(.body).foreground.cursesNumber(colors: 256) == -1)
        #expect(t.style(.tableCursor) == Style(foreground: .ansi(0), background: .ansi(6), bold: true, reverse: true))
        let ok = t.style(.statusOK)
        #expect(ok.foreground.cursesNumber(colors: 256) == 46)
        #expect(ok.foreground.cursesNumber(colors: 16) == 10)
        #expect(ok.foreground.cursesNumber(colors: 8) == 2)
        #expect(ok.background.cursesNumber(colors: 8) == 0)
        #expect(ok.underline && ok.dim && !ok.bold)
        #expect(ok.foreground.description == "#00ff00")
        // A missing role falls back to body.
        #expect(t.style(.danger) == t.style(.body))
        #expect(t.withoutColor.style(.tableCursor) == Style(bold: true, reverse: true))
    }

    @Test("errors name the line", arguments: [
        ("\"body\" = \"default\"", "theme:1: expected \"fg bg [attrs]\", got \"default\""),
        ("\n\"bodyy\" = \"red red\"", "theme:2: unknown role 'bodyy'"),
        ("\"body\" = \"purple default\"", "theme:1: unknown colour 'purple'"),
        ("\"body\" = \"red default blink\"", "theme:1: unknown attribute 'blink' (known: bold, dim, reverse, underline)"),
        ("[colors]", "theme:1: tables are not supported; write flat \"role\" = \"fg bg [attrs]\" lines"),
        ("\"body\" = red", "theme:1: the style must be a quoted string"),
        ("\"body\" = \"red red\"\n\"body\" = \"red red\"", "theme:2: role 'body' is set twice"),
        ("body", "theme:1: expected \"role\" = \"fg bg [attrs]\""),
    ])
    func errors(_ input: String, _ message: String) {
        do {
            _ = try ThemeParser.parse(input, name: "x")
            Issue.record("parsed: \(input)")
        } catch let e as ThemeError {
            #expect(e.description.hasPrefix(message))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("loading a missing file is a clear error")
    func missingFile() {
        #expect(throws: ThemeError.self) { try Theme.load(path: "/nonexistent/x.toml") }
        #expect(Theme.builtin(named: "nope") == nil)
    }
}
