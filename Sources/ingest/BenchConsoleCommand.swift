import ArgumentParser
import CursesTerminal
import Foundation
import IngestConsole
import IngestCore

/// `ingest bench console`: how long a console frame takes with 1,000,000 messages in the DLQs.
struct BenchConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Measure console frame time (render, and render plus a curses update on /dev/null) with DLQs holding N messages.")

    @Option(name: .long, help: "Frames per panel.") var frames = 300
    @Option(name: .long, help: "Queues (each with its DLQ).") var queues = 200
    @Option(name: .long, help: "Messages across the DLQs (counts in the snapshot; a DLQ page holds at most 100).") var deadLetters = 1_000_000
    @Option(name: .long, parsing: .upToNextOption, help: "Screen sizes, WxH.") var sizes: [String] = ["160x50", "80x24"]
    @Flag(name: .long, help: "Print JSON.") var json = false

    struct Row: Codable {
        var panel: String
        var size: String
        var renderP50: Double, renderP99: Double, renderMax: Double
        var frameP50: Double, frameP99: Double, frameMax: Double
    }

    func run() async throws {
        CursesTerminal.adoptLocale()
        var rows: [Row] = []
        for size in sizes {
            let parts = size.split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 20, parts[1] >= 5 else { throw CLIError.usage("--sizes takes WxH, e.g. 160x50") }
            for panel in Panel.allCases {
                let render = ConsoleBenchmark.frameTimes(frames: frames, width: parts[0], height: parts[1], queues: queues, panel: panel)
                let full = try await Self.framesThroughCurses(panel: panel, width: parts[0], height: parts[1], frames: frames,
                                                              queues: queues, deadLetters: deadLetters)
                rows.append(Row(panel: panel.title, size: size, renderP50: Self.pct(render, 0.5), renderP99: Self.pct(render, 0.99),
                                renderMax: render.max() ?? 0, frameP50: Self.pct(full, 0.5), frameP99: Self.pct(full, 0.99), frameMax: full.max() ?? 0))
            }
        }
        if json { return try Output.json(rows) }
        print("console frame time, ms (\(frames) frames per panel, \(queues) queues, \(deadLetters) messages in their DLQs; cursor moving every frame)")
        Output.table(["PANEL", "SIZE", "RENDER p50", "p99", "max", "RENDER+CURSES p50", "p99", "max"], rows.map {
            [$0.panel, $0.size] + [$0.renderP50, $0.renderP99, $0.renderMax, $0.frameP50, $0.frameP99, $0.frameMax].map { String(format: "%.3f", $0) }
        })
    }

    /// Whole frames: render, then draw the changed rows through real curses on /dev/null (newterm at the given size).
    @MainActor
    static func framesThroughCurses(panel: Panel, width: Int, height: Int, frames: Int, queues: Int, deadLetters: Int) throws -> [Double] {
        setenv("COLUMNS", "\(width)", 1)
        setenv("LINES", "\(height)", 1)
        let terminal = try CursesTerminal(headlessDevice: "/dev/null", term: "xterm-256color", useColor: true)
        defer { terminal.close() }
        let styles = ConsoleSession.styles(Theme.builtin(named: "default")!, colors: terminal.colorCount)
        var model = ConsoleBenchmark.model(queues: queues, deadLetters: deadLetters, panel: panel)
        model.resize(width: width, height: height)
        let now = IngestCore.Timestamp(millis: 1_780_000_010_000)
        let clock = ContinuousClock()
        var times: [Double] = []
        for f in 0..<frames {
            _ = model.handle(f % 20 < 10 ? .down : .up, now: now)
            let started = clock.now
            let grid = Renderer.render(model, width: width, height: height, now: now)
            terminal.draw(grid) { styles[$0] ?? CellStyle() }
            let d = clock.now - started
            times.append(d.milliseconds)
        }
        return times
    }

    static func pct(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int((Double(s.count) * p).rounded(.up)) - 1)]
    }
}
