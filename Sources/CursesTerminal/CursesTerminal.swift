import CNcurses
import Glibc
import IngestConsole

/// Why the terminal could not be set up.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The only code that talks to ncurses: start-up and teardown, key input, and blitting a ``Grid``
/// with one screen update per frame, drawing only the rows that changed since the last frame.
///
/// Curses is process-global and not thread-safe, so the terminal belongs to the main actor.
@MainActor
public final class CursesTerminal {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let input: UnsafeMutablePointer<FILE>
    private let output: UnsafeMutablePointer<FILE>
    public let colorsEnabled: Bool
    /// Colours the terminal can show (8, 16, 256...), 0 without colour.
    public let colorCount: Int
    private var pairs: [PairKey: Int16] = [:]
    private var nextPair: Int16 = 1
    private var previous: Grid?
    private var closed = false

    private struct PairKey: Hashable {
        var fg: Int16
        var bg: Int16
    }

    /// Opens the terminal on the process's stdin/stdout (`tty: nil`), or headless on the given device
    /// (`/dev/null` in tests) as terminal type `term`. Sets the locale first so UTF-8 text draws.
    /// - Parameter useColor: `false` for `--no-color`, `NO_COLOR` and `TERM=dumb`.
    /// Call ``adoptLocale()`` first, before other threads start.
    /// - Parameters:
    ///   - input, output: the terminal's descriptors (the process's own stdin and stdout unless they were redirected).
    public init(headlessDevice: String? = nil, term: String? = nil, useColor: Bool, input inputFD: Int32 = 0, output outputFD: Int32 = 1) throws {
        let inFile: UnsafeMutablePointer<FILE>?
        let outFile: UnsafeMutablePointer<FILE>?
        if let device = headlessDevice {
            inFile = fopen(device, "r")
            outFile = fopen(device, "w")
        } else {
            inFile = fdopen(dup(inputFD), "r")
            outFile = fdopen(dup(outputFD), "w")
        }
        guard let inFile, let outFile else { throw TerminalError(description: "cannot open the terminal: \(String(cString: strerror(errno)))") }
        // Saved before curses changes the modes, so a trap in the UI path leaves the terminal as it was.
        if headlessDevice == nil { cn_install_crash_restore(fileno(outFile)) }
        guard let s = newterm(term, outFile, inFile) else {
            cn_uninstall_crash_restore()
            fclose(inFile)
            fclose(outFile)
            let name = term ?? getenv("TERM").map { String(cString: $0) } ?? "(TERM unset)"
            throw TerminalError(description: "cannot start curses on terminal type \(name)")
        }
        screen = s
        input = inFile
        output = outFile
        set_term(s)
        guard let w = cn_stdscr() else { throw TerminalError(description: "curses has no screen") }
        window = w
        raw()  // Ctrl-C, Ctrl-Z and Ctrl-S reach the key table (no signals, no flow control)
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        if useColor, has_colors() {
            start_color()
            use_default_colors()
            colorsEnabled = true
            colorCount = Int(cn_colors())
        } else {
            colorsEnabled = false
            colorCount = 0
        }
    }

    /// SIGINT, SIGTERM and SIGHUP end the console loop at its next tick (for a console without an engine
    /// of its own, whose signals the engine's service group handles).
    public nonisolated static func installStopSignalHandlers() { cn_install_signal_handlers() }

    /// Adopts the user's character set (`LC_CTYPE` only, so number formatting is untouched), as ncursesw
    /// needs for UTF-8. `setlocale` is not thread-safe: call it at start-up, before the engine's threads.
    public nonisolated static func adoptLocale() {
        setlocale(LC_CTYPE, "")
    }

    /// Whether the locale can show Unicode; without it the console draws ASCII only (after ``adoptLocale()``).
    public nonisolated static var localeIsUTF8: Bool { cn_locale_is_utf8() != 0 }

    /// The terminal's size in columns and rows.
    public var size: (width: Int, height: Int) {
        var rows: Int32 = 0, cols: Int32 = 0
        cn_size(window, &rows, &cols)
        return (Int(cols), Int(rows))
    }

    /// Whether the terminal went away (its window closed, the SSH session dropped): reads then fail at once
    /// instead of waiting, and the loop must end rather than spin.
    public private(set) var isLost = false
    private var quickFailures = 0

    /// Waits up to `timeoutMillis` for a key; `nil` when none came (the loop's tick).
    public func readKey(timeoutMillis: Int32) -> Key? {
        wtimeout(window, timeoutMillis)
        var ch: wint_t = 0
        let started = ContinuousClock.now
        let result = wget_wch(window, &ch)
        if result == ERR, ContinuousClock.now - started < .milliseconds(Int64(max(1, timeoutMillis / 4))) {
            // An idle read returns at its timeout; one that fails at once, again and again, has lost its terminal.
            quickFailures += 1
            if quickFailures >= 10 { isLost = isLost || Self.hungUp(fileno(input)) }
        } else {
            quickFailures = 0
        }
        switch result {
        case KEY_CODE_YES:
            let key = KeyDecoder.function(Int32(ch))
            if key == .resize { invalidate() }
            return key
        case OK:
            return KeyDecoder.character(UInt32(ch))
        default:
            return nil
        }
    }

    /// Whether `fd` reports a hang-up (or is no longer valid).
    static func hungUp(_ fd: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 0) >= 0 else { return true }
        return p.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Forgets what is on screen, so the next ``draw(_:style:)`` repaints every row (after a resize or resume).
    public func invalidate() {
        previous = nil
        clearok(window, true)
    }

    /// Draws a grid: rows equal to the last frame's are skipped, and the frame reaches the terminal in one update.
    public func draw(_ grid: Grid, style: (Role) -> CellStyle) {
        let sameShape = previous.map { $0.width == grid.width && $0.height == grid.height } ?? false
        if !sameShape { werase(window) }
        var changed = false
        for y in 0..<grid.height {
            let row = grid.row(y)
            if sameShape, let previous, previous.row(y) == row { continue }
            drawRow(row, y: y, width: grid.width, style: style)
            changed = true
        }
        previous = grid
        guard changed || !sameShape else { return }
        wnoutrefresh(window)
        doupdate()
    }

    private func drawRow(_ row: ArraySlice<Cell>, y: Int, width: Int, style: (Role) -> CellStyle) {
        var x = 0
        var run = ""
        var runStart = 0
        var runRole: Role?
        func flush() {
            guard let role = runRole, !run.isEmpty else { return }
            apply(style(role))
            // The last cell of the screen cannot be written without scrolling: stop one short.
            let isLastRowEnd = y == Int(getmaxy(window)) - 1 && runStart + DisplayWidth.of(run) >= width
            let text = isLastRowEnd ? String(run.dropLast()) : run
            _ = mvwaddnstr(window, Int32(y), Int32(runStart), text, -1)
        }
        for cell in row {
            defer { x += 1 }
            if cell.isContinuation { continue }
            if cell.role != runRole {
                flush()
                run = ""
                runStart = x
                runRole = cell.role
            }
            run.append(cell.text)
        }
        flush()
    }

    private func apply(_ s: CellStyle) {
        var attrs = cn_attr_normal()
        if s.bold { attrs |= cn_attr_bold() }
        if s.reverse { attrs |= cn_attr_reverse() }
        if s.underline { attrs |= cn_attr_underline() }
        if s.dim { attrs |= cn_attr_dim() }
        let pair = colorsEnabled ? pairNumber(fg: s.foreground, bg: s.background) : 0
        _ = wattr_set(window, attrs, pair, nil)
    }

    private func pairNumber(fg: Int16, bg: Int16) -> Int16 {
        if fg == -1, bg == -1 { return 0 }
        let key = PairKey(fg: Self.clamp(fg, colorCount), bg: Self.clamp(bg, colorCount))
        if let n = pairs[key] { return n }
        guard Int32(nextPair) < cn_color_pairs() else { return 0 }
        let n = nextPair
        init_pair(n, key.fg, key.bg)
        pairs[key] = n
        nextPair += 1
        return n
    }

    /// A colour the terminal has: beyond its palette, the ANSI colour of the same hue.
    static func clamp(_ c: Int16, _ count: Int) -> Int16 {
        guard c >= Int16(count) else { return c }
        return c >= 8 && c < 16 ? c - 8 : -1
    }

    /// The terminal's own input and output descriptors, for a program run while curses is paused.
    public var ttyInput: Int32 { fileno(input) }
    public var ttyOutput: Int32 { fileno(output) }

    /// Leaves curses mode while `body` runs (an editor), then repaints everything.
    public func whilePaused<T>(_ body: () -> T) -> T {
        endwin()
        defer {
            wrefresh(window)
            invalidate()
        }
        return body()
    }

    /// Leaves curses mode, stops the process as Ctrl-Z would, and repaints when it continues.
    public func suspend() {
        endwin()
        cn_suspend_self()
        wrefresh(window)
        invalidate()
    }

    /// Restores the terminal. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        endwin()
        cn_uninstall_crash_restore()
        delscreen(screen)
        fclose(input)
        fclose(output)
    }

    /// Reads row `y` back from curses' own screen (tests: what would reach the terminal).
    public func screenLine(_ y: Int) -> String {
        var buffer = [wchar_t](repeating: 0, count: size.width + 1)
        _ = mvwinnwstr(window, Int32(y), 0, &buffer, Int32(size.width))
        return String(String.UnicodeScalarView(buffer.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32($0)) }))
    }
}
