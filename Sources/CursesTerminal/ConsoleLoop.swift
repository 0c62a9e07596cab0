import CNcurses
import Foundation
import IngestConsole
import IngestCore
import Synchronization

/// Drives the console: one thread owns curses and the model; keys are read with a 50 ms timeout (the tick),
/// snapshots and commands run on other tasks and come back through a mailbox, and a frame is drawn only
/// when something changed. The engine is never blocked by the console, and a slow engine never blocks keys.
@MainActor
public final class ConsoleLoop {
    let source: any ConsoleSource
    var model: ConsoleModel
    let terminal: CursesTerminal
    var styles: [Role: CellStyle]
    /// Styles of a theme by name (for `:theme`), `nil` for an unknown one.
    let themeStyles: @MainActor (String) -> [Role: CellStyle]?
    var themeName: String
    let refresh: Duration
    let mailbox = Mailbox()
    /// Set from outside (the engine stopped): the loop ends at its next tick.
    public nonisolated let stopRequested = Atomic<Bool>(false)
    /// Where Ctrl-S saves the log view (the data directory, or the state directory when attached remotely).
    let saveDirectory: String
    private var quitting = false
    private var disconnected = false
    /// Why Ctrl-Z is refused, when it is (the engine runs in this process: stopping it would stop the pipeline).
    let suspendRefusal: String?

    /// Inputs produced off the main actor, taken once per tick.
    final class Mailbox: Sendable {
        let inputs = Mutex<[ConsoleInput]>([])
        let fetching = Atomic<Bool>(false)
        func post(_ input: ConsoleInput) { inputs.withLock { $0.append(input) } }
        func take() -> [ConsoleInput] { inputs.withLock { i in defer { i = [] }; return i } }
    }

    public init(source: any ConsoleSource, model: ConsoleModel, terminal: CursesTerminal, refreshSeconds: Double, saveDirectory: String,
                suspendRefusal: String? = nil, themeStyles: @escaping @MainActor (String) -> [Role: CellStyle]?) {
        self.suspendRefusal = suspendRefusal
        self.themeStyles = themeStyles
        themeName = model.themeName
        styles = themeStyles(model.themeName) ?? [:]
        self.saveDirectory = saveDirectory
        self.source = source
        self.model = model
        self.terminal = terminal
        refresh = .milliseconds(Int64(min(10, max(0.1, refreshSeconds)) * 1000))
    }

    /// Runs until the operator quits, a stop signal arrives (when `watchSignals`), or ``stopRequested`` is set.
    public func run(watchSignals: Bool) async {
        let clock = ContinuousClock()
        var nextFetch = clock.now
        var backoff = 0.5
        var dirty = true
        var lastDraw = clock.now
        var lastSize = (0, 0)
        while !quitting, !model.shouldQuit, !stopRequested.load(ordering: .relaxed), !(watchSignals && cn_stop_signal() != 0) {
            if clock.now >= nextFetch, !mailbox.fetching.load(ordering: .relaxed) {
                startFetch()
                nextFetch = clock.now.advanced(by: refresh)
            }
            if let key = terminal.readKey(timeoutMillis: 50) {
                perform(model.handle(key, now: Self.now()))
                dirty = true
            }
            // The terminal is gone: end as if the operator had quit (in `ingest up`, the engine then stops).
            if terminal.isLost { break }
            if cn_take_continued() != 0 {
                terminal.invalidate()
                dirty = true
            }
            for input in mailbox.take() {
                var input = input
                if case .disconnected(let reason, _) = input {
                    disconnected = true
                    // Reconnect with exponential backoff: 0.5 s, 1 s, 2 s ... at most 10 s.
                    input = .disconnected(reason: reason, retryIn: backoff)
                    nextFetch = clock.now.advanced(by: .milliseconds(Int64(backoff * 1000)))
                    backoff = min(backoff * 2, 10)
                } else if case .snapshot = input {
                    backoff = 0.5
                    disconnected = false
                }
                perform(model.receive(input, now: Self.now()))
                dirty = true
            }
            let tickEffects = model.tick(now: Self.now())
            if !tickEffects.isEmpty { dirty = true }
            perform(tickEffects)
            // Ages and flash timers move with time: redraw at least twice a second (unchanged rows cost nothing).
            if model.themeName != themeName, let next = themeStyles(model.themeName) {
                themeName = model.themeName
                styles = next
                terminal.invalidate()
                dirty = true
            }
            if dirty || clock.now - lastDraw > .milliseconds(500) {
                lastDraw = clock.now
                let (w, h) = terminal.size
                if (w, h) != lastSize {
                    lastSize = (w, h)
                    model.resize(width: w, height: h)
                }
                let grid = Renderer.render(model, width: w, height: h, now: Self.now())
                terminal.draw(grid) { styles[$0] ?? styles[.body] ?? CellStyle() }
                dirty = false
            }
            await Task.yield()
        }
    }

    static func now() -> Timestamp { Timestamp(date: Date()) }

    private func startFetch() {
        mailbox.fetching.store(true, ordering: .relaxed)
        let source = self.source, mailbox = self.mailbox, after = model.logsAfter
        Task.detached {
            defer { mailbox.fetching.store(false, ordering: .relaxed) }
            do {
                mailbox.post(.snapshot(try await source.snapshot(logsAfter: after, logLimit: 2_000)))
            } catch {
                mailbox.post(.disconnected(reason: "\(error)", retryIn: 0))
            }
        }
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .command(let command):
                let source = self.source, mailbox = self.mailbox
                Task.detached {
                    do {
                        mailbox.post(.reply(command, .success(try await source.perform(command))))
                    } catch {
                        mailbox.post(.reply(command, .failure(ConsoleFailure("\(error)"))))
                    }
                }
            case .refreshNow:
                if !mailbox.fetching.load(ordering: .relaxed), !disconnected { startFetch() }
            case .editBody(let queue, let id, let body):
                let edited = ExternalEditor.edit(body, suffix: ".json", terminal: terminal)
                perform(model.receive(.edited(queue: queue, messageId: id, body: edited == body ? nil : edited), now: Self.now()))
            case .saveLogs(let lines):
                perform(model.receive(LogSaver.save(lines, directory: saveDirectory, at: Self.now()), now: Self.now()))
            case .suspend:
                if let refusal = suspendRefusal {
                    perform(model.receive(.notice(refusal, isError: false), now: Self.now()))
                } else {
                    terminal.suspend()
                }
            case .quit:
                quitting = true
            }
        }
    }
}
