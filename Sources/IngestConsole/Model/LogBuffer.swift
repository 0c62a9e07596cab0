import IngestCore

/// One entry of the log view: a line from the log book, or a mark the operator added.
public enum LogEntry: Sendable, Hashable {
    case line(LogLine)
    case mark(Timestamp)

    var line: LogLine? {
        if case .line(let l) = self { return l }
        return nil
    }
}

/// What the log view shows: source, level and text filters.
public struct LogFilter: Sendable, Hashable {
    /// A function name, `engine`, `gateway`...; `nil` for all.
    public var source: String?
    public var minLevel: LogLevel?
    public var text: RowFilter

    public init(source: String? = nil, minLevel: LogLevel? = nil, text: RowFilter = RowFilter("")) {
        self.source = source
        self.minLevel = minLevel
        self.text = text
    }

    func matches(_ entry: LogEntry) -> Bool {
        guard case .line(let line) = entry else { return true }
        if let source, line.source != source { return false }
        if let minLevel, line.level < minLevel { return false }
        return text.isEmpty || text.matches("\(line.source) \(line.level.rawValue) \(line.requestId ?? "") \(line.message)")
    }

    var isActive: Bool { source != nil || minLevel != nil || !text.isEmpty }
}

/// The bounded ring of log lines behind the Logs panel, with the indexes of the lines the filter passes
/// kept up to date as lines arrive (so a frame never re-filters the whole ring).
public struct LogBuffer: Sendable, Hashable {
    public let capacity: Int
    /// Entries, oldest first; `entries[0]` has the absolute index `firstIndex`.
    private(set) var entries: [LogEntry] = []
    private(set) var firstIndex = 0
    /// Absolute indexes of the entries the filter passes, ascending.
    private(set) var visible: [Int] = []
    public private(set) var filter = LogFilter()
    /// Sources seen, sorted: what `s` cycles through.
    public private(set) var sources: [String] = []

    public init(capacity: Int) { self.capacity = capacity }

    /// How many entries pass the filter.
    public var count: Int { visible.count }

    /// The `i`-th entry that passes the filter.
    public subscript(i: Int) -> LogEntry { entries[visible[i] - firstIndex] }

    /// Every entry that passes the filter, oldest first.
    public var filtered: [LogEntry] { visible.map { entries[$0 - firstIndex] } }

    mutating func append(_ entry: LogEntry) {
        let index = firstIndex + entries.count
        entries.append(entry)
        if case .line(let l) = entry, !sources.contains(l.source) {
            sources.append(l.source)
            sources.sort()
        }
        if filter.matches(entry) { visible.append(index) }
        if entries.count > capacity + capacity / 4 { trim() }
    }

    mutating func setFilter(_ f: LogFilter) {
        filter = f
        visible = entries.indices.filter { f.matches(entries[$0]) }.map { $0 + firstIndex }
    }

    private mutating func trim() {
        let drop = entries.count - capacity
        entries.removeFirst(drop)
        firstIndex += drop
        let cut = visible.firstIndex(where: { $0 >= firstIndex }) ?? visible.count
        visible.removeFirst(cut)
    }
}
