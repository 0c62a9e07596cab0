import IngestCore

/// The open DLQ: the page shown, how to page back, and the messages selected with space (kept across pages).
public struct DeadLetterBrowser: Sendable, Hashable {
    public var queue: String
    public var page: DeadLetterPage?
    /// The `after` cursor of the page shown (`nil` for the first).
    public var after: UInt64?
    /// The `after` cursors of the pages before this one, for paging back.
    var previous: [UInt64?] = []
    public var selected: Set<String> = []

    init(queue: String) { self.queue = queue }

    /// The page number, from 1.
    public var pageNumber: Int { previous.count + 1 }

    /// The command that reads the page shown.
    var readCommand: ConsoleCommand { .deadLetters(queue: queue, after: after, limit: ConsoleModel.pageSize) }

    /// A message of the page shown.
    func message(_ id: String) -> DeadLetterView? { page?.messages.first { $0.messageId == id } }
}
