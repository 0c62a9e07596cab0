import CursesTerminal
import IngestConsole
import Testing

/// Real curses without a terminal: `newterm` on /dev/null. Curses is process-global, so one serialized suite.
@Suite("CursesTerminal", .serialized)
@MainActor
struct CursesTerminalTests {
    init() { CursesTerminal.adoptLocale() }

    @Test("a grid drawn through curses reads back from curses' screen, wide characters included")
    func drawAndReadBack() throws {
        let terminal = try CursesTerminal(headlessDevice: "/dev/null", term: "xterm-256color", useColor: true)
        defer { terminal.close() }
        let (w, h) = terminal.size
        #expect(w >= 40 && h >= 10)
        var grid = Grid(width: w, height: h)
        grid.put("ingest · engine local", x: 0, y: 0, role: .header)
        grid.put("Queues(3) 日本", x: 2, y: 1, role: .tableHeader)
        terminal.draw(grid) { role in role == .header ? CellStyle(foreground: 15, background: 4, bold: true) : CellStyle() }
        #expect(terminal.screenLine(0).hasPrefix("ingest · engine local"))
        #expect(terminal.screenLine(1).hasPrefix("  Queues(3) 日本"))
        // A second frame changes one row only; the other stays.
        grid.put("ingest · engine gone ", x: 0, y: 0, role: .flashError)
        terminal.draw(grid) { _ in CellStyle(foreground: 196) }
        #expect(terminal.screenLine(0).hasPrefix("ingest · engine gone"))
        #expect(terminal.screenLine(1).hasPrefix("  Queues(3) 日本"))
    }

    @Test("without colour a terminal still starts and draws attributes only")
    func noColor() throws {
        let terminal = try CursesTerminal(headlessDevice: "/dev/null", term: "xterm-256color", useColor: false)
        defer { terminal.close() }
        #expect(terminal.colorsEnabled == false)
        var grid = Grid(width: terminal.size.width, height: terminal.size.height)
        grid.put("ALARM demo-dlq-depth", x: 0, y: 3, role: .statusAlarm)
        terminal.draw(grid) { _ in CellStyle(foreground: 1, bold: true) }
        #expect(terminal.screenLine(3).hasPrefix("ALARM demo-dlq-depth"))
    }

    @Test("an unknown terminal type is one clear error, not a crash")
    func unknownTerminal() {
        #expect(throws: TerminalError.self) {
            _ = try CursesTerminal(headlessDevice: "/dev/null", term: "no-such-terminal-type", useColor: true)
        }
    }
}
