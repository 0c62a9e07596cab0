/// What one batch of a mapping came to, for tests and the console.
public struct BatchReport: Sendable, Hashable {
    public var mapping: String
    public var requestId: String
    public var size: Int
    public var deleted: Int
    public var failed: Int
    public var outcome: String
}

/// Polls a queue for an SQS event source mapping: long-polls, batches up to `BatchSize` within the
/// batching window, invokes the function at most `MaximumConcurrency` batches at a time, and deletes
/// what succeeded (all of it, or what `ReportBatchItemFailures` did not list).
public actor SQSMappingRunner {
    public private(set) var definition: EventSourceMappingDefinition
    let engine: Engine
    let runtime: FunctionRuntime
    let clock: any EngineClock
    let region: String
    var loop: Task<Void, Never>?
    var stopped = false
    var running = 0
    var slotWaiters: [CheckedContinuation<Void, Never>] = []
    var enableWaiters: [CheckedContinuation<Void, Never>] = []
    let reports: AsyncStream<BatchReport>.Continuation
    /// Every batch's report, in completion order.
    public nonisolated let batches: AsyncStream<BatchReport>
    public private(set) var processed = 0

    /// Concurrent batches when the mapping sets no `MaximumConcurrency` (AWS starts with 5 and scales up).
    public static let defaultConcurrency = 5

    public init(definition: EventSourceMappingDefinition, engine: Engine, runtime: FunctionRuntime, clock: any EngineClock, region: String) {
        self.definition = definition
        self.engine = engine
        self.runtime = runtime
        self.clock = clock
        self.region = region
        (batches, reports) = AsyncStream.makeStream(of: BatchReport.self, bufferingPolicy: .bufferingNewest(10_000))
    }

    /// Checks the AWS sizing rule: the queue's visibility timeout must be at least the function timeout.
    public static func validate(_ d: EventSourceMappingDefinition, queueVisibilityTimeout: Int, functionTimeout: Int) throws(SQSError) {
        if queueVisibilityTimeout < functionTimeout {
            throw .invalidParameterValue("Invalid request provided: Queue visibility timeout: \(queueVisibilityTimeout) seconds is less than Function timeout: \(functionTimeout) seconds")
        }
    }

    public func start() {
        guard loop == nil, !stopped else { return }
        loop = Task { await self.pollLoop() }
    }

    /// Stops polling for good; batches already invoked finish on their own.
    public func stop() {
        stopped = true
        loop?.cancel()
        loop = nil
        for w in enableWaiters { w.resume() }
        enableWaiters = []
        for w in slotWaiters { w.resume() }
        slotWaiters = []
        reports.finish()
    }

    /// Pauses or resumes polling (`Enabled`).
    public func setEnabled(_ on: Bool) {
        definition.enabled = on
        if on { for w in enableWaiters { w.resume() }; enableWaiters = [] }
    }

    var limit: Int { definition.maximumConcurrency ?? Self.defaultConcurrency }

    func pollLoop() async {
        while !Task.isCancelled, !stopped {
            if !definition.enabled {
                await withCheckedContinuation { enableWaiters.append($0) }
                continue
            }
            if running >= limit {
                await withCheckedContinuation { slotWaiters.append($0) }
                continue
            }
            do {
                var batch = try await engine.receive(queue: definition.eventSourceArn, max: min(10, definition.batchSize), waitSeconds: 20, untilDurable: false)
                if batch.isEmpty || !definition.enabled || Task.isCancelled || stopped {
                    if !batch.isEmpty { await release(batch) }
                    continue
                }
                if definition.maximumBatchingWindowInSeconds > 0, batch.count < definition.batchSize {
                    let windowEnd = clock.now().adding(seconds: definition.maximumBatchingWindowInSeconds)
                    while batch.count < definition.batchSize, !Task.isCancelled {
                        let left = windowEnd.millis(since: clock.now())
                        if left <= 0 { break }
                        let wait = Int(min(20, (left + 999) / 1000))
                        let more = try await engine.receive(queue: definition.eventSourceArn, max: min(10, definition.batchSize - batch.count), waitSeconds: wait, untilDurable: false)
                        batch += more
                    }
                }
                running += 1
                let b = batch
                Task { await self.process(b) }
            } catch {
                // The queue went away or refused: wait a little on the clock rather than spin.
                try? await clock.sleep(until: clock.now().adding(seconds: 1))
            }
        }
    }

    /// Makes messages visible again at once (used when the mapping was disabled mid-receive).
    func release(_ batch: [ReceivedMessage]) async {
        for m in batch { try? await engine.changeVisibility(queue: definition.eventSourceArn, receiptHandle: m.receiptHandle, timeout: 0) }
    }

    func process(_ batch: [ReceivedMessage]) async {
        let queueArn = definition.eventSourceArn
        let event = SQSEvent.event(records: batch.map { SQSEvent.record($0, queueArn: queueArn, region: region) })
        let (requestId, outcome) = await runtime.invoke(definition.functionName, event: event)
        var toDelete: [ReceivedMessage] = []
        var failed: [(ReceivedMessage, String)] = []
        let label: String
        switch outcome {
        case .success(let result):
            if definition.reportBatchItemFailures {
                switch BatchResponse.interpret(result, batchIds: Set(batch.map(\.messageId))) {
                case .success:
                    toDelete = batch
                    label = "success"
                case .partial(let ids):
                    toDelete = batch.filter { !ids.contains($0.messageId) }
                    failed = batch.filter { ids.contains($0.messageId) }.map { ($0, "reported in batchItemFailures by request \(requestId)") }
                    label = "partial"
                case .wholeBatchFailure(let reason):
                    failed = batch.map { ($0, "whole batch failed (\(reason)), request \(requestId)") }
                    label = "invalid batch response"
                }
            } else {
                toDelete = batch
                label = "success"
            }
        case .error(let message):
            failed = batch.map { ($0, "function error in request \(requestId): \(message)") }
            label = "error"
        case .timeout:
            failed = batch.map { ($0, "function timed out in request \(requestId)") }
            label = "timeout"
        case .throttled:
            failed = batch.map { ($0, "throttled (request \(requestId)): no concurrency available") }
            label = "throttled"
        case .cancelled:
            // The mapping is stopping: the batch reappears after its visibility timeout, no failure noted.
            label = "cancelled"
        }
        for (m, reason) in failed { await engine.noteFailure(queue: queueArn, receiptHandle: m.receiptHandle, reason: reason) }
        var start = 0
        while start < toDelete.count {
            let chunk = toDelete[start..<min(start + 10, toDelete.count)]
            _ = try? await engine.deleteBatch(queue: queueArn, chunk.enumerated().map { BatchEntry(id: "m\($0.offset)", payload: $0.element.receiptHandle) },
                                              untilDurable: false)
            start += 10
        }
        processed += batch.count
        running -= 1
        if !slotWaiters.isEmpty { slotWaiters.removeFirst().resume() }
        reports.yield(BatchReport(mapping: definition.logicalId, requestId: requestId, size: batch.count, deleted: toDelete.count,
                                  failed: failed.count, outcome: label))
    }

    /// Batches being processed right now.
    public var inFlightBatches: Int { running }
}
