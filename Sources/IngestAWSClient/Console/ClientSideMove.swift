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

    /// The move itself; runs until the DLQ gives no more messages (or the chosen ones were all moved).
    func run(sqs: SQSAPI, sourceURL: String, destination: Destination, maxPerSecond: Int?, messageIds: Set<String>?,
             now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) async {
        let started = now()
        var moved = 0
        var empty = 0
        var held: [String] = []      // receipt handles of messages not chosen, released at the end
        var urlOfArn: [String: String] = [:]
        var unroutable = 0
        var lastFailure: String?
        var failedBatches = 0
        /// Messages held back from the move become visible again before the move reports its end.
        func finish(_ status: MoveTaskStatus, reason: String? = nil) async {
            if !held.isEmpty { try? await sqs.changeVisibility(sourceURL, held.map { (handle: $0, timeout: 0) }) }
            end(status, reason: reason)
        }
        var remaining = messageIds
        while !cancelled.withLock({ $0 }) {
            if let r = remaining, r.isEmpty { break }
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
                if empty >= 2 { break }
                continue
            }
            empty = 0
            var chosen: [SQSReceivedMessage] = []
            for m in received {
                if let r = remaining, !r.contains(m.messageId) { held.append(m.receiptHandle) } else { chosen.append(m) }
            }
            // Group by destination URL.
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
                    }
                    url = url ?? fallback
                }
                if let url { byURL[url, default: []].append(m) } else { unroutable += 1; release.append(m.receiptHandle) }
            }
            for (url, messages) in byURL {
                let fifo = url.hasSuffix(".fifo")
                let entries = messages.enumerated().map { i, m in
                    SQSSendEntry(id: "e\(i)", body: m.body, messageAttributes: m.messageAttributes,
                                 messageGroupId: fifo ? (m.attributes["MessageGroupId"] ?? "redrive") : nil,
                                 deduplicationId: fifo ? m.messageId : nil)
                }
                do {
                    let result = try await sqs.sendBatch(url, entries)
                    var sentHandles: [String] = []
                    for (i, m) in messages.enumerated() {
                        if result.sent["e\(i)"] != nil { sentHandles.append(m.receiptHandle); remaining?.remove(m.messageId) } else {
                            release.append(m.receiptHandle)
                            lastFailure = result.failed["e\(i)"]
                        }
                    }
                    let undeleted = try await sqs.deleteBatch(sourceURL, handles: sentHandles)
                    moved += sentHandles.count - undeleted.count
                    if result.sent.isEmpty { failedBatches += 1 } else { failedBatches = 0 }
                } catch {
                    release += messages.map(\.receiptHandle)
                    lastFailure = error.description
                    failedBatches += 1
                }
            }
            if !release.isEmpty { try? await sqs.changeVisibility(sourceURL, release.map { (handle: $0, timeout: 0) }) }
            state.withLock { $0.approximateNumberOfMessagesMoved = moved }
            if failedBatches >= 3 { return await finish(.failed, reason: "sends keep failing: \(lastFailure ?? "unknown reason")") }
            if unroutable > 0, byURL.isEmpty {
                return await finish(.failed, reason: "\(unroutable) message(s) name no source queue (no DeadLetterQueueSourceArn and the DLQ has several or no sources): choose a destination")
            }
        }
        if cancelled.withLock({ $0 }) { return await finish(.cancelled) }
        if let r = remaining, !r.isEmpty { return await finish(.failed, reason: "\(r.count) chosen message(s) were not found in the queue") }
        await finish(.completed)
    }
}
