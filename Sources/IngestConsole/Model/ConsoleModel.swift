import IngestAPI
import IngestCore

/// The console's whole state, pure: keys, snapshots and replies go in, ``Effect``s come out, and
/// ``Renderer`` draws it. It never reads a clock (the loop passes `now`) and never performs I/O.
///
/// The loop calls ``handle(_:now:)`` for every key, ``receive(_:now:)`` for snapshots, replies and
/// disconnections, ``tick(now:)`` about every 50 ms, performs the returned effects, and renders.
public struct ConsoleModel: Sendable {
    /// How the console was started.
    public let options: ConsoleOptions
    /// The active key table: without dangerous bindings in read-only mode.
    public internal(set) var keyTable: KeyTable
    /// The `:` commands available (dangerous ones removed in read-only mode).
    public internal(set) var commands: [CommandSpec]
    /// `--readonly`, or an engine that says it is read-only.
    public internal(set) var isReadOnly: Bool

    /// The newest snapshot, if any has arrived.
    public internal(set) var snapshot: ConsoleSnapshot?
    /// Whether snapshots arrive; the header shows it in words.
    public internal(set) var connection: ConnectionState = .connecting
    /// Navigation, root first: never empty.
    public internal(set) var stack: [View] = [.panel(.pipeline)]
    /// The theme to draw with; `:theme` changes it and the loop reloads when it differs.
    public internal(set) var themeName: String
    /// The message on the bottom line, until it expires on a tick.
    public internal(set) var flash: Flash?
    /// The text input with focus (`/`, `:`, a handler name, a stream position), if any.
    public internal(set) var prompt: Prompt?
    /// The confirmation with focus, if any.
    public internal(set) var dialog: Dialog? {
        didSet {
            // Every confirmation names where the change lands when that is not a local engine.
            guard let target = options.changeTarget, var d = dialog else { return }
            let line = "In \(target)."
            if d.message.last != line {
                d.message.append(line)
                dialog = d
            }
        }
    }
    /// Whether the `?` screen is up.
    public internal(set) var isHelpShown = false
    /// Set by `q`, Ctrl-C or `:q`; the loop ends and restores the terminal.
    public internal(set) var shouldQuit = false
    /// The id to pass as `logsAfter` with the next snapshot request.
    public internal(set) var logsAfter: UInt64?

    /// Cursor row per view.
    var cursors: [View: Int] = [:]
    /// The id of the row under the cursor per view, so the cursor stays on the same queue (message,
    /// alarm...) when a refresh reorders the rows.
    var cursorIds: [View: String] = [:]
    /// First row shown per view (kept so that the cursor stays visible without jumping).
    var tops: [View: Int] = [:]
    var filters: [View: RowFilter] = [:]
    var helpTop = 0

    /// The log ring behind panel 5.
    public internal(set) var logs: LogBuffer
    var following = true
    /// `w`: wrap long log lines.
    public internal(set) var logsWrap = false
    /// `t`: show log timestamps.
    public internal(set) var logsTimestamps = true
    /// `f`: the log view takes the header rows too.
    public internal(set) var logsFullscreen = false
    var logsColumn = 0

    var samples = Samples()
    var deadLetters: DeadLetterBrowser?
    var messageLogs: [String: [LogLine]] = [:]
    var alarmHistory: [String: [AlarmHistoryItem]] = [:]
    var alarmSeries: [String: ControlAPI.MetricSeries] = [:]
    var tableItems: [String: [JSONValue]] = [:]
    var streamRecords: [String: [JSONValue]] = [:]
    var invocationLines: [String: [LogLine]] = [:]
    /// When each detail was last asked for, for the periodic reload in ``tick(now:)``.
    var loadedAt: [ConsoleCommand: Timestamp] = [:]
    /// Reads and changes sent and not yet answered.
    var pending: Set<ConsoleCommand> = []

    /// The terminal size the loop last reported: used for page sizes only (rendering takes its own size).
    public internal(set) var viewport = (width: 80, height: 24)

    /// Messages per DLQ page (the snapshot never carries messages).
    public static let pageSize = 100

    public init(options: ConsoleOptions) {
        self.options = options
        keyTable = .standard(readOnly: options.readOnly)
        commands = CommandSpec.available(readOnly: options.readOnly)
        isReadOnly = options.readOnly
        themeName = options.themeName
        logs = LogBuffer(capacity: options.logCapacity)
    }

    /// Whether a prompt, type-to-confirm or dialog has focus: plain-letter keys go to it, `q` does not quit.
    public var isPromptActive: Bool { prompt != nil || dialog != nil }

    /// The view on top of the stack.
    public var view: View { stack[stack.count - 1] }
    /// The panel the current view belongs to.
    public var panel: Panel {
        if case .panel(let p) = stack[0] { return p }
        return .pipeline
    }

    /// `Queues › x-dlq › 9f1c…`.
    public var breadcrumbs: [String] { stack.map(\.crumb) }

    /// The scopes keys are looked up in for the current view.
    var scopes: [KeyScope] { [view.scope, .list, .global] }

    /// The current view's cursor row.
    public var cursor: Int { cursors[view] ?? 0 }
    /// The current view's filter.
    public var filter: RowFilter? { filters[view].flatMap { $0.isEmpty ? nil : $0 } }
    /// Whether the log view follows new lines (`FOLLOW`) or is paused.
    public var isFollowing: Bool { following }

    /// Tells the model the terminal's size, for page-sized moves; call on start and on every resize.
    public mutating func resize(width: Int, height: Int) {
        viewport = (max(1, width), max(1, height))
    }

    // MARK: state changes shared by the extensions

    mutating func setFlash(_ text: String, _ level: Flash.Level, now: Timestamp) {
        flash = Flash(text, level: level, now: now)
    }

    mutating func quit() -> [Effect] {
        shouldQuit = true
        return [.quit]
    }

    mutating func push(_ v: View) {
        stack.append(v)
    }

    mutating func pop() {
        guard stack.count > 1 else { return }
        let leaving = stack.removeLast()
        cursors[leaving] = nil
        cursorIds[leaving] = nil
        tops[leaving] = nil
        filters[leaving] = nil
        if case .deadLetters = leaving { deadLetters = nil }
    }

    mutating func setRoot(_ p: Panel) {
        while stack.count > 1 { pop() }
        stack = [.panel(p)]
    }

    mutating func applySnapshot(_ s: ConsoleSnapshot, now: Timestamp) {
        snapshot = s
        connection = .connected
        let ro = options.readOnly || s.status.readOnly
        if ro != isReadOnly {
            isReadOnly = ro
            keyTable = .standard(readOnly: ro)
            commands = CommandSpec.available(readOnly: ro)
            if ro { dialog = nil }
        }
        for line in s.logs where line.id > (logsAfter ?? 0) { logs.append(.line(line)) }
        if let last = s.logs.last?.id { logsAfter = max(logsAfter ?? 0, last) } else if logsAfter == nil || s.lastLogId < (logsAfter ?? 0) {
            logsAfter = s.lastLogId
        }
        recordSamples(s, now: now)
    }

    mutating func setDisconnected(reason: String, retryIn: Double, now: Timestamp) {
        let seconds = retryIn.isFinite ? min(max(0, retryIn), 86_400) : 0
        connection = .disconnected(reason: reason, retryAt: now.adding(millis: Int64((seconds * 1000).rounded())))
    }
}
