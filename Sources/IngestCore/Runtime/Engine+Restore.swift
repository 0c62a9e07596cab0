extension Engine {
    /// Puts back what the store kept, before anything else runs: queues created at run time, queue messages with their state
    /// (in-flight ones become visible when their visibility deadline passes, delayed ones keep their delay,
    /// retention still counts from the first enqueue), topic archives, and move tasks (running ones resume,
    /// cancelling ones end as cancelled). Returns how many messages came back.
    @discardableResult
    public func restore(_ snapshot: StoreSnapshot) -> Int {
        let now = clock.now()
        var restored = 0
        for r in snapshot.queues { restoreQueue(r, now: now) }
        for r in snapshot.topics { restoreTopic(r) }
        for (name, messages) in snapshot.messages {
            guard queues[name] != nil else {
                events.append(EngineEvent(at: now, level: .warn, source: "store",
                                          message: "\(messages.count) stored message(s) of queue \(name), which the template no longer has, were left in the store"))
                continue
            }
            queues[name]!.reserve(messages.count)
            for m in messages { queues[name]!.restore(m, now: now) }
            restored += messages.count
        }
        for (arn, messages) in snapshot.archive {
            guard topics[arn] != nil else { continue }
            // Entries that passed their retention while the engine was down leave the store as well: the
            // next publish only trims what is still in memory, so nothing else would ever delete them.
            if let trimmed = topics[arn]!.restoreArchive(messages, now: now) { record(.trimArchive(topicArn: arn, throughSeq: trimmed)) }
        }
        nextSeq = Swift.max(nextSeq, snapshot.lastSeq &+ 1)
        for state in snapshot.moveTasks { restoreMoveTask(state, now: now) }
        if restored > 0 {
            events.append(EngineEvent(at: now, level: .info, source: "store", message: "recovered \(restored) message(s)"))
        }
        return restored
    }

    /// Brings back a queue created at run time, or the attributes and tags a template queue was given at run time.
    func restoreQueue(_ r: QueueRecord, now: Timestamp) {
        if queues[r.name] != nil {
            queues[r.name]!.attributes = r.attributes
            queues[r.name]!.tags = r.tags
            return
        }
        // A template queue deleted through the API comes back with the template; one made by the API comes back here.
        guard !r.fromTemplate else { return }
        let arn = context.queueArn(r.name)
        var q = SQSQueue(name: r.name, arn: arn, url: context.queueURL(r.name), attributes: r.attributes, now: now, createdAt: r.createdAt)
        q.tags = r.tags
        q.tracksExpiry = store.recordsChanges
        queues[r.name] = q
        queueNameByArn[arn] = r.name
    }

    func restoreMoveTask(_ s: MoveTaskState, now: Timestamp) {
        guard let source = queues[s.sourceQueue] else { return }
        var pending: [UInt64]
        if let ids = s.info.selectedMessageIds {
            pending = ids.compactMap { source.message(id: $0)?.seq }.filter { $0 <= s.lastSeq }.sorted()
        } else {
            pending = source.sequenceNumbers().filter { $0 <= s.lastSeq }
        }
        var record = MoveTaskRecord(info: s.info, handle: s.handle, sourceQueue: s.sourceQueue, destinationQueue: s.destinationQueue,
                                    pending: pending, startedAt: Timestamp(millis: s.info.startedTimestamp))
        switch s.info.status {
        case .running:
            // What is still in the DLQ is what is left to move; what moved before the restart stays moved.
            record.info.taskHandle = s.handle
            moveTasks.append(record)
            events.append(EngineEvent(at: now, level: .info, source: s.sourceQueue, message: "redrive resumed: \(pending.count) message(s) left"))
            moveDrivers[s.handle] = Task { await self.driveMoveTask(s.handle) }
        case .cancelling:
            moveTasks.append(record)
            finishCancel(moveTasks.count - 1)
        default:
            moveTasks.append(record)
        }
    }
}
