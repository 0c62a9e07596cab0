import CursesTerminal
import Foundation
import IngestConsole
import IngestCore

/// Runs the console on this process's terminal until the operator quits or `stop` is set: starts curses,
/// sends everything the process would print to a log file instead (nothing may write over the screen),
/// and always gives the terminal back as it found it.
@MainActor
enum ConsoleSession {
    /// Whether stdin and stdout are a terminal the console can draw on.
    nonisolated static var hasTerminal: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// - Parameters:
    ///   - logFile: where stdout and stderr go while the console is up.
    ///   - onStart: receives the loop, e.g. to stop it when the engine stops.
    ///   - engineInProcess: Ctrl-Z is refused (stopping the process would stop the pipeline).
    static func run(source: any ConsoleSource, flags: ConsoleFlags, logFile: String, saveDirectory: String, watchSignals: Bool,
                    engineInProcess: Bool, changeTarget: String? = nil, peekNotice: String? = nil,
                    onStart: (ConsoleLoop) -> Void = { _ in }) async throws {
        let theme = try resolveTheme(flags)
        // Output goes to the log file before curses starts, so nothing can land on the screen it draws.
        let redirect = try OutputRedirect(to: logFile)
        defer { redirect.restore() }
        let terminal: CursesTerminal
        // The terminal is what stdout was before the redirect.
        do { terminal = try CursesTerminal(useColor: flags.useColor, input: 0, output: redirect.savedOut) } catch {
            throw CLIError.failed("\(error); the console needs a terminal with cursor addressing (use --headless)")
        }
        defer { terminal.close() }
        let ascii = flags.ascii || !CursesTerminal.localeIsUTF8
        let options = ConsoleOptions(readOnly: flags.readonly, ascii: ascii, sourceLabel: source.label, refreshSeconds: flags.refresh,
                                     themeName: theme.name, changeTarget: changeTarget, peekNotice: peekNotice)
        let colors = terminal.colorsEnabled ? terminal.colorCount : 0
        // `--theme PATH` is known by its file's theme name; `:theme NAME` switches among the bundled ones.
        let loop = ConsoleLoop(source: source, model: ConsoleModel(options: options), terminal: terminal, refreshSeconds: flags.refresh,
                               saveDirectory: saveDirectory,
                               suspendRefusal: engineInProcess ? "Ctrl-Z would stop the engine too: quit with q, or run the engine headless and attach with ingest console" : nil) { name in
            guard let t = name == theme.name ? theme : Theme.builtin(named: name) else { return nil }
            // Without colour, the mono theme's attributes carry what colours would (its states are words anyway).
            return styles(colors > 0 ? t : (Theme.builtin(named: "mono") ?? t).withoutColor, colors: colors)
        }
        onStart(loop)
        await loop.run(watchSignals: watchSignals)
    }

    /// `--theme`: a bundled name or a file.
    nonisolated static func resolveTheme(_ flags: ConsoleFlags) throws -> Theme {
        if let t = Theme.builtin(named: flags.theme) { return t }
        guard flags.theme.hasSuffix(".toml") || flags.theme.contains("/") else {
            throw CLIError.usage("unknown theme '\(flags.theme)' (bundled: \(Theme.builtinNames.joined(separator: ", ")), or a path to a .toml file)")
        }
        do { return try Theme.load(path: flags.theme) } catch { throw CLIError.failed("\(error)") }
    }

    /// Every role's curses style for a terminal with `colors` colours.
    static func styles(_ theme: Theme, colors: Int) -> [Role: CellStyle] {
        Dictionary(uniqueKeysWithValues: Role.allCases.map { role in
            let s = theme.style(role)
            return (role, CellStyle(foreground: Int16(s.foreground.cursesNumber(colors: colors)), background: Int16(s.background.cursesNumber(colors: colors)),
                                    bold: s.bold, reverse: s.reverse, underline: s.underline, dim: s.dim))
        })
    }
}

/// Points stdout and stderr at a file (mode 0600) and puts them back.
struct OutputRedirect {
    let savedOut: Int32
    let savedErr: Int32

    init(to path: String) throws {
        fflush(nil)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CLIError.failed("cannot open \(path): \(String(cString: strerror(errno)))") }
        // Close-on-exec, so an editor started from the console does not inherit them.
        savedOut = fcntl(1, F_DUPFD_CLOEXEC, 0)
        savedErr = fcntl(2, F_DUPFD_CLOEXEC, 0)
        dup2(fd, 1)
        dup2(fd, 2)
        close(fd)
    }

    func restore() {
        fflush(nil)
        dup2(savedOut, 1)
        dup2(savedErr, 2)
        close(savedOut)
        close(savedErr)
    }
}
