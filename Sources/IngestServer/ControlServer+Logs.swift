import Hummingbird
import IngestAPI
import IngestCore

extension ControlServer {
    /// Routes for the log book.
    func addLogRoutes(to router: Router<BasicRequestContext>) {
        let logBook = pipeline.logBook
        router.register(MessageLogsOperation.self) { op in logBook.invocationLines(mentioning: op.messageId) }
        router.register(LastLogIdOperation.self) { _ in logBook.lastId }
        router.register(LogsOperation.self) { op in
            guard let after = op.query.afterId, op.wait else { return logBook.query(op.query) }
            // Wait until a line that matches arrives: lines that do not match move the wait forward.
            var seen = after
            while !Task.isCancelled {
                let found = logBook.query(op.query)
                if !found.isEmpty { return found }
                seen = max(seen, logBook.lastId)
                await logBook.wait(afterId: seen)
            }
            return []
        }
    }
}
