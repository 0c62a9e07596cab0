import Foundation
import IngestCore
import Synchronization

/// A DLQ redrive done by this process where the endpoint has no message move tasks (moto): receive a batch,
/// send each message to its destination, and delete from the DLQ only what was sent. A message whose send
/// failed is made visible again at once, so nothing is lost whatever stops the move.
public final class ClientSideMove: Sendable {
    /// Where messages go: one queue, or each message's own source queue.
    public enum Destination: Sendable {
        case queue(url: String, arn: String)
        /// `DeadLetterQueueSourceArn` of each message, else the DLQ's only source queue when it has one.
        case sources(fallbackURL: String?)
    }

    public let handle: String
    private let state: Mutex<MoveTaskInfo>
    private let cancelled = Mutex(false)
    private let finished = Mutex<[CheckedContinuation<Void, Never>]?>([])

    public var info: MoveTaskInfo { state.withLock { $0 } }

    init(sourceArn: String, destinationArn: String?, maxPerSecond: Int?, toMove: Int, messageIds: [String]?, startedAt: Date) {
        handle = "ingest-local-\(UUID().uuidString.lowercased())"
        state = Mutex(MoveTaskInfo(taskHandle: handle, status: .running, sourceArn: sourceArn, destinationArn: destinationArn,
                                   maxNumberOfMessagesPerSecond: maxPerSecond, approximateNumberOfMessagesMoved: 0,
                                   approximateNumberOfMessagesToMove: toMove, failureReason: nil,
                                   startedTimestamp: Timestamp(date: startedAt).millis, selectedMessageIds: messageIds))
    }

    public func cancel() {
        cancelled.withLock { $0 = true }
        state.withLock { if $0.status == .running { $0.status = .cancelling } }
    }

    /// Waits until the move has ended (completed, cancelled or failed).
    public func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let done = finished.withLock { waiters -> Bool in
                guard waiters != nil else { return true }
                waiters?.append(c)
                return false
            }
            if done { c.resume() }
        }
    }

    private func end(_ status: MoveTaskStatus, reason: String? = nil) {
        state.withLock {
            $0.status = status
            $0.failureReason = reason
            $0.taskHandle = nil
        }
        let waiters = finished.withLock { w -> [CheckedContinuation<Void, Never>] in
            defer { w = nil }
            return w ?? []
        }
        for w in waiters { w.resume() }
    }

    /// The most of one SendMessageBatch's bodies and attributes together (SQS's limit for a batch).
    static let batchBytes = 256 * 1024
    /// Receives that return only messages not chosen before a selection move gives up looking.
    static let maxHeld = 10_000

    /// The move itself; runs until the DLQ gives no more messages, `toMove` messages have moved (a
    /// whole-queue move does not chase messages that arrive after it started, which a consumer that
    /// still fails would send back for ever), or the chosen ones were all moved.
    func run(sqs: SQSAPI, sourceURL: String, destination: Destination, maxPerSecond: Int?, messageIds: Set<String>?,
             now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) async {
        let started = now()
        let toMove = info.approximateNumberOfMessagesToMove
        var moved = 0
        var empty = 0
        var held: [String: String] = [:]   // message id → receipt handle of messages not chosen, released at the end
        var sent: Set<String> = []         // ids sent whose delete has not succeeded yet: never sent twice
        var urlOfArn: [String: String] = [:]
        var unroutable = 0
        var lastFailure: String?
        var failedBatches = 0
        /// Messages held back from the move become visible again before the move reports its end.
        func finish(_ status: MoveTaskStatus, reason: String? = nil) async {
            if !held.isEmpty { try? await sqs.changeVisibility(sourceURL, held.values.map { (handle: $0, timeout: 0) }) }
            end(status, reason: reason)
        }
        var remaining = messageIds
        while !cancelled.withLock({ $0 }) {
            if let r = remaining, r.isEmpty { break }
            if messageIds == nil, moved >= toMove, sent.isEmpty { break }
            var batch = 10
            if let rate = maxPerSecond {
                batch = min(10, rate)
                let allowed = Double(rate) * now().timeIntervalSince(started) - Double(moved)
                if allowed < Double(batch) {
                    let wait = (Double(batch) - allowed) / Double(rate)
                    do { try await sleep(.milliseconds(Int64(wait * 1000))) } catch { break }
                }
            }
            let received: [SQSReceivedMessage]
            do { received = try await sqs.receive(sourceURL, max: batch, visibilityTimeout: 60, waitSeconds: empty > 0 ? 1 : 0) } catch {
                return await finish(.failed, reason: error.description)
            }
            if received.isEmpty {
                empty += 1
                if empty < 2 { continue }
                // Empty twice: the end, unless someone else (a peek, a consumer) holds messages that come back.
                let hidden = (try? await sqs.attributes(of: sourceURL)).flatMap { Int($0["ApproximateNumberOfMessagesNotVisible"] ?? "") } ?? 0
                if hidden > held.count, now().timeIntervalSince(started) < 600, empty < 40 { continue }
                break
            }
            empty = 0
            var chosen: [SQSReceivedMessage] = []
            var again: [String] = []       // already sent by this move: only its delete is missing
            for m in received {
                if sent.contains(m.messageId) { again.append(m.receiptHandle); continue }
                if let r = remaining, !r.contains(m.messageId) {
                    // A message seen again after its hold expired: the whole queue has been looked through.
                    if held[m.messageId] != nil {
                        held[m.messageId] = m.receiptHandle
                        return await finish(.failed, reason: "\(r.count) chosen message(s) were not found in the queue")
                    }
                    held[m.messageId] = m.receiptHandle
                } else { chosen.append(m) }
            }
            if held.count > Self.maxHeld { return await finish(.failed, reason: "looked through \(held.count) messages without finding the chosen ones") }
            if !again.isEmpty, let undeleted = try? await sqs.deleteBatch(sourceURL, handles: again) {
                let done = received.filter { again.contains($0.receiptHandle) && !undeleted.contains($0.receiptHandle) }
                for m in done { sent.remove(m.messageId) }
                moved += done.count
            }
            var byURL: [String: [SQSReceivedMessage]] = [:]
            var release: [String] = []
            for m in chosen {
                var url: String?
                switch destination {
                case .queue(let u, _): url = u
                case .sources(let fallback):
                    if let arn = m.attributes["DeadLetterQueueSourceArn"] {
                        if let known = urlOfArn[arn] { url = known } else if let u = try? await sqs.queueURL(named: AWSInventory.lastComponent(arn)) {
                            urlOfArn[arn] = u
                            url = u
                        }
                    } else {
                        url = fallback
                    }
                }
                if let url { byURL[url, default: []].append(m) } else { unroutable += 1; release.append(m.receiptHandle) }
            }
            for (url, messages) in byURL {
                for chunk in Self.chunks(messages) {
                    let fifo = url.hasSuffix(".fifo")
                    let entries = chunk.enumerated().map { i, m in
                        SQSSendEntry(id: "e\(i)", body: m.body, messageAttributes: m.messageAttributes,
                                     messageGroupId: fifo ? (m.attributes["MessageGroupId"] ?? "redrive") : nil,
                                     deduplicationId: fifo ? m.messageId : nil)
                    }
                    let result: (sent: [String: String], failed: [String: String])
                    do { result = try await sqs.sendBatch(url, entries) } catch {
                        release += chunk.map(\.receiptHandle)
                        lastFailure = error.description
                        failedBatches += 1
                        continue
                    }
                    var sentNow: [SQSReceivedMessage] = []
                    for (i, m) in chunk.enumerated() {
                        if result.sent["e\(i)"] != nil { sentNow.append(m); sent.insert(m.messageId) } else {
                            release.append(m.receiptHandle)
                            lastFailure = result.failed["e\(i)"]
                        }
                    }
                    failedBatches = result.sent.isEmpty ? failedBatches + 1 : 0
                    // Sent: delete from the DLQ. A delete that fails leaves the message hidden; when it comes
                    // back this move deletes it without sending it again.
                    let undeleted = (try? await sqs.deleteBatch(sourceURL, handles: sentNow.map(\.receiptHandle))) ?? sentNow.map(\.receiptHandle)
                    for m in sentNow where !undeleted.contains(m.receiptHandle) {
                        sent.remove(m.messageId)
                        remaining?.remove(m.messageId)
                        moved += 1
                    }
                }
            }
            if !release.isEmpty { try? await sqs.changeVisibility(sourceURL, release.map { (handle: $0, timeout: 0) }) }
            state.withLock { $0.approximateNumberOfMessagesMoved = moved }
            if failedBatches >= 3 { return await finish(.failed, reason: "sends keep failing: \(lastFailure ?? "unknown reason")") }
            if unroutable > 0, byURL.isEmpty {
                return await finish(.failed, reason: "\(unroutable) message(s) name no source queue (no DeadLetterQueueSourceArn and the DLQ has several or no sources): choose a destination")
            }
        }
        state.withLock { $0.approximateNumberOfMessagesMoved = moved }
        if cancelled.withLock({ $0 }) { return await finish(.cancelled) }
        if !sent.isEmpty { return await finish(.failed, reason: "\(sent.count) message(s) were sent but could not be deleted from the DLQ yet; they are in both queues") }
        if let r = remaining, !r.isEmpty { return await finish(.failed, reason: "\(r.count) chosen message(s) were not found in the queue") }
        await finish(.completed)
    }

    /// Messages in batches SQS takes: at most 10, and at most `batchBytes` of bodies and attributes.
    static func chunks(_ messages: [SQSReceivedMessage]) -> [[SQSReceivedMessage]] {
        var out: [[SQSReceivedMessage]] = []
        var current: [SQSReceivedMessage] = []
        var bytes = 0
        for m in messages {
            let size = m.body.utf8.count + m.messageAttributes.reduce(0) { $0 + $1.key.utf8.count + $1.value.sizeInBytes }
            if !current.isEmpty, current.count == 10 || bytes + size > batchBytes {
                out.append(current)
                current = []
                bytes = 0
            }
            current.append(m)
            bytes += size
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
