import IngestCore
import Testing
@testable import IngestConsole

/// Snapshots of the role layer (one letter per role, `.` for body) where colour matters, so a change in
/// what is drawn in which role shows up in review like a change of text.
@Suite("Role layer snapshots")
struct RoleLayerTests {
    /// One letter per role.
    static let letters: [Role: Character] = [
        .body: ".", .header: "H", .hintKey: "K", .crumbs: "C", .border: "b", .borderFocus: "B", .tableHeader: "T",
        .tableCursor: "U", .tableSelected: "S", .dim: "d", .statusOK: "o", .statusAlarm: "A", .statusInsufficient: "i",
        .statusWarn: "w", .flashInfo: "f", .flashWarn: "F", .flashError: "E", .logsIndicatorOn: "N", .logsIndicatorOff: "n",
        .danger: "D", .sparkline: "s", .dialog: "g", .prompt: "p",
    ]

    static func roles(_ grid: Grid) -> String {
        var out = ""
        for y in 0..<grid.height {
            for cell in grid.row(y) where !cell.isContinuation { out.append(letters[cell.role] ?? "?") }
            out.append("\n")
        }
        return out
    }

    @Test("every role has a letter")
    func lettersComplete() {
        #expect(Set(Self.letters.keys) == Set(Role.allCases))
        #expect(Set(Self.letters.values).count == Role.allCases.count)
    }

    @Test("alarms, queues and a dialog at 80×24")
    func layers() {
        var alarms = ConsoleFixtures.model()
        alarms.press("4")
        SnapshotSupport.assertSnapshot(Self.roles(Renderer.render(alarms, width: 80, height: 24, now: ConsoleFixtures.now)),
                                       named: "roles-4-alarms-80x24")
        var queues = ConsoleFixtures.model(readOnly: true)
        queues.press("2")
        SnapshotSupport.assertSnapshot(Self.roles(Renderer.render(queues, width: 80, height: 24, now: ConsoleFixtures.now)),
                                       named: "roles-2-queues-readonly-80x24")
        var purge = ConsoleFixtures.model()
        purge.press("2", "j", "P", "users")
        SnapshotSupport.assertSnapshot(Self.roles(Renderer.render(purge, width: 80, height: 24, now: ConsoleFixtures.now)),
                                       named: "roles-purge-confirm-80x24")
    }
}
