/// A DLQ redrive in progress or finished: what SQS reports, plus where the task is in its snapshot.
struct MoveTaskRecord: Sendable {
    var info: MoveTaskInfo
    let handle: String
    let sourceQueue: String
    let destinationQueue: String?
    /// The messages to move, in arrival order, captured when the task started.
    let pending: [UInt64]
    var position = 0
    /// Messages passed over because they were in flight or delayed when the task reached them.
    var skipped = 0
    let startedAt: Timestamp

    /// What the store keeps of the task.
    var state: MoveTaskState {
        MoveTaskState(handle: handle, info: info, sourceQueue: sourceQueue, destinationQueue: destinationQueue, lastSeq: pending.last ?? 0)
    }

    /// How many messages the velocity allows to have moved by `now` (at least one at the start).
    func allowed(at now: Timestamp) -> Int {
        guard let rate = info.maxNumberOfMessagesPerSecond else { return Int.max }
        let elapsed = max(0, now.millis(since: startedAt))
        return 1 + Int(Int64(rate) * elapsed / 1000)
    }

    /// When the next message may move under the velocity limit.
    func nextSlot() -> Timestamp {
        guard let rate = info.maxNumberOfMessagesPerSecond else { return startedAt }
        let moved = Int64(info.approximateNumberOfMessagesMoved)
        return startedAt.adding(millis: (moved * 1000 + Int64(rate) - 1) / Int64(rate))
    }
}
