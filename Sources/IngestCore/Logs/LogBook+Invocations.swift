extension LogBook {
    /// Every line of every invocation whose log mentions `text` (a message id), oldest first: the
    /// failures that sent a message to a dead-letter queue, joined by request id. At most `limit` lines.
    public func invocationLines(mentioning text: String, limit: Int = 500) -> [LogLine] {
        guard !text.isEmpty else { return [] }
        let lines = query(LogQuery(contains: text, limit: 10_000))
        let requestIds = Set(lines.compactMap(\.requestId))
        guard !requestIds.isEmpty else { return Array(lines.suffix(limit)) }
        return Array(linesOf(requestIds: requestIds).suffix(limit))
    }

    /// The lines of the given request ids, oldest first.
    func linesOf(requestIds: Set<String>) -> [LogLine] {
        lines { $0.requestId.map(requestIds.contains) ?? false }
    }
}
