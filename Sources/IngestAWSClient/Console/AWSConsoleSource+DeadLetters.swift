import Foundation
import IngestCore

extension AWSConsoleSource {
    /// The words the DLQ browser shows: SQS cannot read a message without receiving it.
    public nonisolated static let peekNotice = "peeked with ReceiveMessage: each look adds 1 to a message's receive count"

    /// A queue's URL by name (the console's names), URL or ARN.
    func queueURL(_ queue: String) async throws(AWSClientError) -> String {
        if queue.hasPrefix("https://") || queue.hasPrefix("http://") { return queue }
        let name = queue.hasPrefix("arn:") ? AWSInventory.lastComponent(queue) : queue
        if inventoryAt == nil { try await refreshInventory(at: now()) }
        // The queue's name, or the logical id a stack or template gives it.
        if let url = inventory.queueURLs.first(where: { AWSInventory.queueName(fromURL: $0) == name })
            ?? inventory.queueURLs.first(where: { inventory.logicalIds[AWSInventory.queueName(fromURL: $0)] == name }) { return url }
        return try await apis.sqs.queueURL(named: name)
    }

    func queueArn(_ url: String) async throws(AWSClientError) -> String {
        if let arn = queueAttributes[url]?["QueueArn"] { return arn }
        guard let arn = try await apis.sqs.attributes(of: url)["QueueArn"] else {
            throw AWSClientError(kind: .malformedResponse, action: "sqs:GetQueueAttributes", message: "no QueueArn for \(url)")
        }
        return arn
    }

    /// Up to `limit` messages (at most 100), received with a visibility timeout long enough to gather the
    /// page and made visible again at once (ChangeMessageVisibility 0). SQS has no cursor: a page after the
    /// first is empty, and which messages a receive returns is SQS's choice.
    func peek(_ queue: String, after: UInt64?, limit: Int) async throws(AWSClientError) -> DeadLetterPage {
        let url = try await queueURL(queue)
        if let arn = queueAttributes[url]?["QueueArn"], let move = movers[arn], move.info.status == .running || move.info.status == .cancelling {
            // A peek would hide messages from the move, which would then take the queue for empty.
            throw AWSClientError(kind: .notOnAWS, action: "sqs:ReceiveMessage",
                                 message: "a move from \(AWSInventory.queueName(fromURL: url)) is running: peek when it has ended (8: Move tasks)")
        }
        let attributes = try await apis.sqs.attributes(of: url)
        let total = (Int(attributes["ApproximateNumberOfMessages"] ?? "") ?? 0) + (Int(attributes["ApproximateNumberOfMessagesNotVisible"] ?? "") ?? 0)
        let name = AWSInventory.queueName(fromURL: url)
        guard after == nil else { return DeadLetterPage(queue: name, total: total, messages: [], nextCursor: nil) }
        let held = try await gather(url, until: { $0.count >= min(100, max(1, limit)) })
        try await apis.sqs.changeVisibility(url, held.map { (handle: $0.receiptHandle, timeout: 0) })
        let views = held.prefix(limit).enumerated().map { i, m in Self.view(m, cursor: UInt64(i + 1)) }
        return DeadLetterPage(queue: name, total: total, messages: Array(views), nextCursor: nil)
    }

    /// Receives until `done` says enough or the queue gives no more; the messages stay invisible (30 s) for the caller.
    func gather(_ url: String, until done: ([SQSReceivedMessage]) -> Bool) async throws(AWSClientError) -> [SQSReceivedMessage] {
        var held: [SQSReceivedMessage] = []
        var empty = 0
        while !done(held), held.count < 1_000 {
            let got: [SQSReceivedMessage]
            do { got = try await apis.sqs.receive(url, max: 10, visibilityTimeout: 30, waitSeconds: empty > 0 ? 1 : 0) } catch {
                try? await apis.sqs.changeVisibility(url, held.map { (handle: $0.receiptHandle, timeout: 0) })
                throw error
            }
            if got.isEmpty { empty += 1; if empty >= 2 { break } else { continue } }
            empty = 0
            held += got.filter { m in !held.contains { $0.messageId == m.messageId } }
        }
        return held
    }

    /// Finds one message by id, holding it; every other message received on the way is released at once.
    func find(_ url: String, messageId: String) async throws(AWSClientError) -> SQSReceivedMessage {
        let held = try await gather(url, until: { $0.contains { $0.messageId == messageId } })
        let others = held.filter { $0.messageId != messageId }
        try await apis.sqs.changeVisibility(url, others.map { (handle: $0.receiptHandle, timeout: 0) })
        guard let m = held.first(where: { $0.messageId == messageId }) else {
            throw AWSClientError(kind: .service(code: "MessageNotFound", status: 404), action: "sqs:ReceiveMessage",
                                 message: "message \(messageId) is not in \(AWSInventory.queueName(fromURL: url)) (or another consumer holds it)")
        }
        return m
    }

    static func view(_ m: SQSReceivedMessage, cursor: UInt64) -> DeadLetterView {
        func time(_ key: String) -> Timestamp? { m.attributes[key].flatMap { Int64($0) }.map(Timestamp.init(millis:)) }
        let sent = time("SentTimestamp") ?? Timestamp(millis: 0)
        let source = m.attributes["DeadLetterQueueSourceArn"]
        return DeadLetterView(cursor: cursor, messageId: m.messageId, body: m.body, attributes: m.messageAttributes,
                              receiveCount: Int(m.attributes["ApproximateReceiveCount"] ?? "") ?? 0, state: .visible,
                              sourceQueue: source.map(AWSInventory.lastComponent), sourceArn: source, sentTimestamp: sent, arrivedAt: sent,
                              firstFailureAt: time("ApproximateFirstReceiveTimestamp"), lastFailureAt: nil, failureReason: nil)
    }
}
