import ArgumentParser
import Foundation
import IngestAWSClient
import IngestAPI
import IngestClient
import IngestCore

/// `ingest dlq QUEUE`: the messages in a dead-letter queue, without receiving them.
struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "List the messages in a dead-letter queue (or any queue) without receiving them.")

    @Argument(help: "The queue, by name or ARN.") var queue: String
    @Option(name: .long, help: "Messages per page (1-1000).") var limit = 20
    @Option(name: .long, help: "Start after this cursor (printed at the end of a page).") var after: UInt64?
    @Option(name: .long, help: "Characters of each body to show (human output).") var bodyChars = 400
    @OptionGroup var options: EngineOptions
    @OptionGroup var aws: AWSOptions

    func validate() throws {
        guard (1...1_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
    }

    func run() async throws {
        let page: DeadLetterPage
        if aws.enabled {
            // SQS cannot read without receiving: a peek receives and returns the messages at once.
            guard case .deadLetters(let p) = try await aws.source(allowChanges: false).perform(.deadLetters(queue: queue, after: after, limit: min(limit, 100))) else { return }
            page = p
            if !options.json { FileHandle.standardError.write(Data("note: \(AWSConsoleSource.peekNotice)\n".utf8)) }
        } else {
            page = try await options.client().send(DeadLettersOperation(queue: queue, after: after, limit: limit))
        }
        if options.json { return try Output.json(page) }
        print("\(page.queue): \(page.total) message(s)")
        for m in page.messages {
            print("")
            print("● \(m.messageId)  receives \(m.receiveCount)  \(m.state.rawValue)")
            if let s = m.sourceQueue ?? m.sourceArn { print("  source     \(s)") }
            print("  sent       \(m.sentTimestamp.iso8601)   arrived \(m.arrivedAt.iso8601)")
            if let f = m.firstFailureAt { print("  failed     first \(f.iso8601)   last \((m.lastFailureAt ?? f).iso8601)") }
            if let r = m.failureReason { print("  reason     \(r)") }
            for (k, v) in m.attributes.sorted(by: { $0.key < $1.key }) { print("  attribute  \(k) = \(v.stringValue ?? "<binary>")") }
            for line in Output.body(m.body, limit: bodyChars).split(separator: "\n", omittingEmptySubsequences: false) { print("  │ \(line)") }
        }
        if let next = page.nextCursor { print("\nmore: ingest dlq \(queue) --after \(next)") }
    }
}
