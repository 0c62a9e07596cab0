extension Engine {
    /// How many messages an unthrottled task moves per step before letting other work run.
    static let moveChunk = 500

    /// Starts a message move task (`StartMessageMoveTask`), with the SQS rules: the source must be a
    /// DLQ of SQS queues, one active task per source, velocity at most 500 messages per second.
    public func startMoveTask(_ request: RedriveRequest) throws(SQSError) -> MoveTaskInfo {
        let source = try queueName(request.source)
        let sourceArn = queues[source]!.arn
        let feeders = queues.values.filter { $0.attributes.redrivePolicy?.deadLetterTargetArn == sourceArn }
        guard !feeders.isEmpty else {
            throw .unsupportedOperation("Source queue \(source) must be configured as a dead-letter queue of an SQS queue. (For a topic's subscription DLQ, edit and send messages, or replay the topic archive.)")
        }
        if let rate = request.maxPerSecond, !(1...500).contains(rate) {
            throw .invalidParameterValue("Value \(rate) for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: must be between 1 and 500.")
        }
        if moveTasks.contains(where: { $0.sourceQueue == source && ($0.info.status == .running || $0.info.status == .cancelling) }) {
            throw .unsupportedOperation("There is already a task running for \(sourceArn). Only one active message movement task is allowed per queue.")
        }
        var destination: String?
        if let d = request.destination {
            destination = try queueName(d)
            guard destination != source else { throw .invalidParameterValue("The destination must differ from the source queue.") }
        }
        var pending = queues[source]!.sequenceNumbers()
        var selected: [String]?
        if let ids = request.messageIds {
            guard !ids.isEmpty else { throw .invalidParameterValue("No message ids given.") }
            var seqs: [UInt64] = []
            for id in ids {
                guard let m = queues[source]!.message(id: id) else {
                    throw .invalidParameterValue("Message \(id) is not in \(source).")
                }
                seqs.append(m.seq)
            }
            pending = Array(Set(seqs)).sorted()
            selected = ids
        }
        let now = clock.now()
        let handle = Base64.encode(Array("\(sourceArn)|\(newId())".utf8))
        let info = MoveTaskInfo(taskHandle: handle, status: .running, sourceArn: sourceArn,
                                destinationArn: destination.map { queues[$0]!.arn }, maxNumberOfMessagesPerSecond: request.maxPerSecond,
                                approximateNumberOfMessagesMoved: 0, approximateNumberOfMessagesToMove: pending.count,
                                failureReason: nil, startedTimestamp: now.millis, selectedMessageIds: selected)
        moveTasks.append(MoveTaskRecord(info: info, handle: handle, sourceQueue: source, destinationQueue: destination,
                                        pending: pending, startedAt: now))
        record(.moveTask(moveTasks[moveTasks.count - 1].state))
        events.append(EngineEvent(at: now, level: .info, source: source,
                                  message: "redrive started: \(pending.count) message(s) to \(destination ?? "their source queues")"))
        moveDrivers[handle] = Task { await self.driveMoveTask(handle) }
        return info
    }

    /// Moves messages for one task until it completes, fails or is cancelled, pacing itself on the clock.
    func driveMoveTask(_ handle: String) async {
        while true {
            guard let i = moveTasks.firstIndex(where: { $0.handle == handle }) else { return }
            if moveTasks[i].info.status == .cancelling { finishCancel(i); return }
            guard moveTasks[i].info.status == .running else { return }
            let now = clock.now()
            let budget = min(Self.moveChunk, moveTasks[i].allowed(at: now) - moveTasks[i].info.approximateNumberOfMessagesMoved)
            if budget > 0 { moveStep(i, budget: budget, now: now) }
            try? await flush()
            guard moveTasks[i].info.status == .running else {
                if moveTasks[i].info.status == .cancelling { finishCancel(i) }
                moveDrivers.removeValue(forKey: handle)
                return
            }
            if moveTasks[i].info.maxNumberOfMessagesPerSecond != nil {
                do { try await clock.sleep(until: moveTasks[i].nextSlot()) } catch {
                    if let j = moveTasks.firstIndex(where: { $0.handle == handle }), moveTasks[j].info.status == .cancelling { finishCancel(j) }
                    return
                }
            } else {
                await Task.yield()
            }
        }
    }

    /// Moves up to `budget` messages of task `i`, each sent before it is removed (in one actor step).
    func moveStep(_ i: Int, budget: Int, now: Timestamp) {
        var moved = 0
        let source = moveTasks[i].sourceQueue
        queues[source]?.advance(to: now)
        while moved < budget, moveTasks[i].position < moveTasks[i].pending.count {
            let seq = moveTasks[i].pending[moveTasks[i].position]
            guard let m = queues[source]?.message(seq: seq) else { moveTasks[i].position += 1; continue }
            let target: String
            if let d = moveTasks[i].destinationQueue {
                target = d
            } else {
                guard let src = m.deadLetterSourceArn, let name = queueNameByArn[src], queues[name] != nil else {
                    moveTasks[i].info.status = .failed
                    moveTasks[i].info.taskHandle = nil
                    moveTasks[i].info.failureReason = "AWS.SimpleQueueService.NonExistentQueue: the source queue \(m.deadLetterSourceArn ?? "(unknown)") of message \(m.messageId) does not exist"
                    record(.moveTask(moveTasks[i].state))
                    events.append(EngineEvent(at: now, level: .error, source: source, message: "redrive failed: \(moveTasks[i].info.failureReason!)"))
                    return
                }
                target = name
            }
            guard queues[target] != nil else {
                moveTasks[i].info.status = .failed
                moveTasks[i].info.taskHandle = nil
                moveTasks[i].info.failureReason = "AWS.SimpleQueueService.NonExistentQueue: destination \(target) does not exist"
                record(.moveTask(moveTasks[i].state))
                events.append(EngineEvent(at: now, level: .error, source: source, message: "redrive failed: \(moveTasks[i].info.failureReason!)"))
                return
            }
            guard let taken = queues[source]!.takeVisible(seq: seq, now: now) else {
                // In flight (someone is looking at it) or delayed: it stays in the DLQ, and the task says so.
                moveTasks[i].position += 1
                moveTasks[i].skipped += 1
                continue
            }
            redriveCopy(of: taken, into: target, now: now)
            record(.removeMessage(queue: source, seq: seq))
            moveTasks[i].position += 1
            moveTasks[i].info.approximateNumberOfMessagesMoved += 1
            moved += 1
        }
        if moveTasks[i].position >= moveTasks[i].pending.count {
            moveTasks[i].info.status = .completed
            moveTasks[i].info.taskHandle = nil
            let skipped = moveTasks[i].skipped
            events.append(EngineEvent(at: now, level: skipped > 0 ? .warn : .info, source: source,
                                      message: "redrive completed: \(moveTasks[i].info.approximateNumberOfMessagesMoved) message(s) moved"
                                          + (skipped > 0 ? ", \(skipped) in flight or delayed left in the DLQ" : "")))
        }
        record(.moveTask(moveTasks[i].state))
    }

    /// Enqueues a redriven copy: a new message with a new id, receive count 0 and fresh retention.
    @discardableResult
    func redriveCopy(of m: QueueMessage, into target: String, body: String? = nil, now: Timestamp) -> QueueMessage {
        let copy = QueueMessage(seq: nextSequence(), messageId: newId(), body: body ?? m.body, attributes: m.attributes,
                                sentTimestamp: now, arrivedAt: now, state: .visible, visibleAt: now, senderId: m.senderId)
        enqueue(copy, into: target, delay: queues[target]!.attributes.delaySeconds, now: now)
        queues[target]!.counters.sent += 1
        return copy
    }

    func finishCancel(_ i: Int) {
        moveTasks[i].info.status = .cancelled
        moveTasks[i].info.taskHandle = nil
        record(.moveTask(moveTasks[i].state))
        moveDrivers.removeValue(forKey: moveTasks[i].handle)
        events.append(EngineEvent(at: clock.now(), level: .info, source: moveTasks[i].sourceQueue,
                                  message: "redrive cancelled after \(moveTasks[i].info.approximateNumberOfMessagesMoved) message(s)"))
    }

    /// Cancels the running task of a source queue (by DLQ name/ARN or task handle). Moved messages stay moved.
    public func cancelMoveTask(_ ref: String) async throws -> MoveTaskInfo {
        let index: Int
        if let i = moveTasks.firstIndex(where: { $0.info.taskHandle == ref && $0.info.status == .running }) {
            index = i
        } else {
            guard let source = try? queueName(ref) else { throw SQSError.resourceNotFound("No running message move task for \(ref).") }
            guard let i = moveTasks.lastIndex(where: { $0.sourceQueue == source && $0.info.status == .running }) else {
                throw SQSError.resourceNotFound("No running message move task for \(source).")
            }
            index = i
        }
        moveTasks[index].info.status = .cancelling
        moveTasks[index].info.taskHandle = nil
        record(.moveTask(moveTasks[index].state))
        let handle = moveTasks[index].handle
        if let driver = moveDrivers[handle] {
            driver.cancel()
            await driver.value
        }
        if let i = moveTasks.firstIndex(where: { $0.handle == handle }), moveTasks[i].info.status == .cancelling { finishCancel(i) }
        try await flush()
        return moveTasks.first { $0.handle == handle }!.info
    }

    /// Move tasks, most recent first, optionally for one source queue (`ListMessageMoveTasks`).
    public func listMoveTasks(source: String? = nil, maxResults: Int = 1) throws(SQSError) -> [MoveTaskInfo] {
        guard (1...10).contains(maxResults) else {
            throw .invalidParameterValue("Value \(maxResults) for parameter MaxResults is invalid. Reason: must be between 1 and 10.")
        }
        var list = moveTasks
        if let s = source {
            let name = try queueName(s)
            list = list.filter { $0.sourceQueue == name }
        }
        return list.reversed().prefix(maxResults).map(\.info)
    }

    /// Waits until a task is no longer running (for `redrive --wait` and tests).
    public func waitForMoveTask(_ handle: String) async -> MoveTaskInfo? {
        if let driver = moveDrivers[handle] { await driver.value }
        return moveTasks.first { $0.handle == handle }?.info
    }

    // MARK: - Single-message operations on a DLQ (engine extensions)

    /// Sends a dead letter, possibly with an edited body, to a queue (its source by default) and removes
    /// the original only after the send succeeded.
    public func resend(queue ref: String, messageId: String, body: String?, to destination: String?) async throws -> SendResult {
        let name = try queueName(ref)
        guard let m = queues[name]!.message(id: messageId) else { throw SQSError.invalidParameterValue("Message \(messageId) is not in \(name).") }
        guard m.state == .visible else { throw SQSError.messageNotInflight().with(message: "Message \(messageId) is in flight or delayed; try again when it is visible.") }
        let target: String
        if let d = destination { target = try queueName(d) } else {
            guard let src = m.deadLetterSourceArn, let n = queueNameByArn[src] else {
                throw SQSError.invalidParameterValue("Message \(messageId) has no source queue; name a destination.")
            }
            target = n
        }
        let newBody = body ?? m.body
        let now = clock.now()
        try MessageValidation.validateSQS(body: newBody, attributes: m.attributes, maximumSize: queues[target]!.attributes.maximumMessageSize)
        let sent = redriveCopy(of: m, into: target, body: newBody, now: now)
        queues[name]!.remove(seq: m.seq)
        record(.removeMessage(queue: name, seq: m.seq))
        events.append(EngineEvent(at: now, level: .info, source: name, message: "message \(messageId) sent to \(target)\(body == nil ? "" : " with an edited body")"))
        let result = SendResult(messageId: sent.messageId, md5OfMessageBody: MD5.hex(sent.body), md5OfMessageAttributes: MD5.ofAttributes(sent.attributes))
        try await flush()
        return result
    }

    /// Deletes one message by MessageId, without a receipt handle (the DLQ browser's delete).
    public func deleteMessage(queue ref: String, messageId: String) async throws {
        let name = try queueName(ref)
        guard let m = queues[name]!.message(id: messageId) else { throw SQSError.invalidParameterValue("Message \(messageId) is not in \(name).") }
        queues[name]!.remove(seq: m.seq)
        record(.removeMessage(queue: name, seq: m.seq))
        try await flush()
    }
}

extension SQSError {
    func with(message: String) -> SQSError { SQSError(code: code, message: message, senderFault: senderFault) }
}
