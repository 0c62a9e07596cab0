import Foundation
import IngestCore
import Testing
@testable import IngestConsole

/// Colour is a second channel, never the only one: these check the roles next to the words.
@Suite("Roles and glyphs")
struct RoleTests {
    /// The role of the first cell of `word` on the screen.
    static func role(of word: String, in grid: Grid) -> Role? {
        for y in 0..<grid.height {
            let line = grid.line(y)
            guard let range = line.range(of: word) else { continue }
            let x = line.distance(from: line.startIndex, to: range.lowerBound)
            return grid[x, y].role
        }
        return nil
    }

    @Test("alarm states are words drawn in their state roles")
    func alarmRoles() {
        var m = ConsoleFixtures.model()
        m.press("4", "j")
        let grid = Renderer.render(m, width: 160, height: 50, now: ConsoleFixtures.now)
        #expect(Self.role(of: "INSUFFICIENT_DATA", in: grid) == .tableCursor)
        #expect(Self.role(of: "OK  ", in: grid) == .statusOK)
        #expect(Self.role(of: "LIVE", in: grid) == .statusOK)
        m.press("k")
        let moved = Renderer.render(m, width: 160, height: 50, now: ConsoleFixtures.now)
        #expect(Self.role(of: "INSUFFICIENT_DATA", in: moved) == .statusInsufficient)
    }

    @Test("read-only badge, flash levels and log indicators have their roles")
    func chromeRoles() {
        var m = ConsoleFixtures.model(readOnly: true)
        _ = m.receive(.reply(.purge(queue: "x"), .failure(ConsoleFailure("refused"))), now: ConsoleFixtures.now)
        m.press("5")
        let grid = Renderer.render(m, width: 100, height: 30, now: ConsoleFixtures.now)
        #expect(Self.role(of: "READ-ONLY", in: grid) == .danger)
        #expect(Self.role(of: "refused", in: grid) == .flashError)
        #expect(Self.role(of: "FOLLOW", in: grid) == .logsIndicatorOn)
    }

    @Test("--ascii screens hold only ASCII", arguments: ["1", "2", "3", "4", "5", "6", "7", "8", "?"])
    func asciiOnly(_ key: String) {
        var m = ConsoleFixtures.model(ascii: true)
        m.press(.text(key))
        let text = Renderer.render(m, width: 120, height: 40, now: ConsoleFixtures.now).text
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }
}
