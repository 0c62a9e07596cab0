/// Where a stream consumer stands.
public struct StreamConsumerStatus: Sendable, Hashable, Codable {
    public var mapping: String
    public var function: String
    public var table: String
    public var enabled: Bool
    /// The last sequence number processed (the checkpoint); `nil` before the first record.
    public var checkpoint: String?
    /// Records in the stream after the checkpoint.
    public var lag: Int
    public var retrying: Bool
    public var attempts: Int
    public var discardedBatches: Int
}

/// Reads a table's stream for a DynamoDB event source mapping: batches of up to `BatchSize`, the shard
/// blocking on a failing batch until it succeeds, `MaximumRetryAttempts` or `MaximumRecordAgeInSeconds`
/// is reached (then the batch's metadata goes to the `OnFailure` destination), bisecting on error when
/// asked, resuming from the lowest reported failure with `ReportBatchItemFailures`, and a checkpoint
/// that an operator can reset (stream replay).
public actor StreamMappingRunner {
    public private(set) var definition: EventSourceMappingDefinition
    let table: String
    let tables: TableService
    let engine: Engine
    let runtime: FunctionRuntime
    let clock: any EngineClock
    let region: String
    var checkpoint: String? {
        didSet {
            // Enqueued after the writes of the batch it follows, so a crash never skips a record.
            if checkpoint != oldValue, engine.store.recordsChanges {
                _ = engine.store.enqueue([.checkpoint(mapping: definition.logicalId, sequence: checkpoint)])
            }
        }
    }
    var started = false
    var loop: Task<Void, Never>?
    var attempts = 0
    var retrying = false
    var discarded = 0
    var ids = MessageIDGenerator()
    var enableWaiters: [CheckedContinuation<Void, Never>] = []
    let reports: AsyncStream<BatchReport>.Continuation
    /// Every invocation's report, in order.
    public nonisolated let batches: AsyncStream<BatchReport>

    public init(definition: EventSourceMappingDefinition, table: String, tables: TableService, engine: Engine, runtime: FunctionRuntime,
                clock: any EngineClock, region: String) {
        self.definition = definition
        self.table = table
        self.tables = tables
        self.engine = engine
        self.runtime = runtime
        self.clock = clock
        self.region = region
        (batches, reports) = AsyncStream.makeStream(of: BatchReport.self, bufferingPolicy: .bufferingNewest(10_000))
    }

    /// Resumes from a checkpoint the store kept (instead of the starting position).
    public func restore(checkpoint stored: String?) {
        started = true
        checkpoint = stored
    }

    /// Sets the starting position and begins reading.
    public func start() async {
        guard loop == nil else { return }
        if !started {
            started = true
            switch definition.startingPosition ?? .latest {
            case .latest: checkpoint = await tables.latestSequence(table: table)
            case .trimHorizon: checkpoint = nil
            case .atTimestamp:
                checkpoint = await tables.sequence(before: definition.startingPositionTimestamp ?? clock.now(), table: table)
            }
            // The starting position is stored even when it is nil (an empty stream, or TRIM_HORIZON) and so did
            // not change: after a restart the consumer must resume from it, not take LATEST again and skip
            // the records written meanwhile.
            if engine.store.recordsChanges { _ = engine.store.enqueue([.checkpoint(mapping: definition.logicalId, sequence: checkpoint)]) }
        }
        loop = Task { await self.readLoop() }
    }

    public func stop() {
        loop?.cancel()
        loop = nil
        for w in enableWaiters { w.resume() }
        enableWaiters = []
        reports.finish()
    }

    public func setEnabled(_ on: Bool) {
        definition.enabled = on
        if on { for w in enableWaiters { w.resume() }; enableWaiters = [] }
    }

    /// Moves the checkpoint so the consumer re-reads from `sequence` (inclusive) or from the first record
    /// at or after `time`: the operator's stream replay after fixing a consumer.
    ///
    /// A sequence number that is not a record of the stream (never written, or past the 24-hour retention)
    /// is refused and the position stays where it was. The reading loop is stopped, and waited for, before
    /// the checkpoint moves: a batch that was in flight is abandoned, so it can neither move the new
    /// checkpoint nor be discarded to the OnFailure destination, and the batch is never read twice at once.
    public func reset(toSequence sequence: String?, orTime time: Timestamp?) async throws(DynamoError) {
        let position: String?
        if let sequence {
            position = try await tables.position(atSequence: sequence, table: table)
        } else if let time {
            position = await tables.sequence(before: time, table: table)
        } else {
            return
        }
        while let old = loop {
            loop = nil
            old.cancel()
            for w in enableWaiters { w.resume() }
            enableWaiters = []
            await old.value
        }
        checkpoint = position
        attempts = 0
        retrying = false
        loop = Task { await self.readLoop() }
    }

    public func status() async -> StreamConsumerStatus {
        let lag = await tables.countAfter(sequence: checkpoint, table: table)
        return StreamConsumerStatus(mapping: definition.logicalId, function: definition.functionName, table: table, enabled: definition.enabled,
                                    checkpoint: checkpoint, lag: lag, retrying: retrying, attempts: attempts, discardedBatches: discarded)
    }

    func readLoop() async {
        while !Task.isCancelled {
            if !definition.enabled {
                await withCheckedContinuation { enableWaiters.append($0) }
                continue
            }
            let records: [StreamRecord]
            do {
                records = try await tables.streamRecords(table: table, after: checkpoint, limit: min(definition.batchSize, 1_000))
            } catch {
                // Trimmed past the checkpoint: continue from the oldest record still there.
                checkpoint = nil
                continue
            }
            if records.isEmpty {
                await tables.waitForStreamRecords(table: table, after: checkpoint)
                continue
            }
            let ok = await process(records[...], bisectDepth: 0)
            if Task.isCancelled { return }
            if ok { checkpoint = records.last!.sequenceNumber }
        }
    }

    /// Whether a record is too old to be sent to the function: past `MaximumRecordAgeInSeconds`, or past
    /// the stream's 24-hour retention.
    func isTooOld(_ record: StreamRecord, now: Timestamp) -> Bool {
        let age = now.millis(since: record.createdAt)
        if age >= TableStream.retentionMillis { return true }
        return definition.maximumRecordAgeInSeconds >= 0 && age >= Int64(definition.maximumRecordAgeInSeconds) * 1000
    }

    /// Runs a batch until it succeeds or is discarded. Returns false only when cancelled midway.
    ///
    /// Records older than `MaximumRecordAgeInSeconds` are never sent to the function (on the first try as on a
    /// retry): they are discarded from the front of the batch. Function errors and failures reported with
    /// `ReportBatchItemFailures` count toward `MaximumRetryAttempts`; throttles do not (AWS retries them until
    /// the records expire), but every failure backs off.
    func process(_ batch: ArraySlice<StreamRecord>, bisectDepth: Int) async -> Bool {
        var pending = batch
        attempts = 0
        var failures = 0
        var last: (requestId: String, outcome: InvocationOutcome)?
        while !pending.isEmpty {
            if Task.isCancelled { return false }
            let now = clock.now()
            let expired = pending.prefix { isTooOld($0, now: now) }
            if !expired.isEmpty {
                await discard(expired, condition: "RecordAgeExceeded", invocation: last)
                pending = pending[expired.endIndex...]
                continue
            }
            let event = JSONValue.object(["Records": .array(pending.map { $0.lambdaRecord(region: region, streamArn: definition.eventSourceArn) })])
            let (requestId, outcome) = await runtime.invoke(definition.functionName, event: event)
            // Abandoned by a reset or a stop: the outcome must not move the checkpoint or discard anything.
            if Task.isCancelled { return false }
            last = (requestId, outcome)
            var failedFrom: Int?
            switch outcome {
            case .success(let result):
                if definition.reportBatchItemFailures {
                    switch BatchResponse.interpret(result, batchIds: Set(pending.map(\.sequenceNumber))) {
                    case .success: failedFrom = nil
                    case .partial(let ids):
                        failedFrom = pending.firstIndex { ids.contains($0.sequenceNumber) }
                    case .wholeBatchFailure: failedFrom = pending.startIndex
                    }
                }
            case .throttled:
                failedFrom = pending.startIndex
            case .error, .timeout, .cancelled:
                failedFrom = pending.startIndex
            }
            guard let from = failedFrom else {
                reports.yield(BatchReport(mapping: definition.logicalId, requestId: requestId, size: pending.count, deleted: pending.count, failed: 0, outcome: "success"))
                retrying = false
                attempts = 0
                return true
            }
            reports.yield(BatchReport(mapping: definition.logicalId, requestId: requestId, size: pending.count, deleted: from - pending.startIndex,
                                      failed: pending.endIndex - from, outcome: "failed"))
            if from > pending.startIndex {
                checkpoint = pending[pending.index(before: from)].sequenceNumber
                pending = pending[from...]
            }
            if outcome.isFunctionError, definition.bisectBatchOnFunctionError, pending.count > 1 {
                let mid = pending.startIndex + pending.count / 2
                if !(await process(pending[..<mid], bisectDepth: bisectDepth + 1)) { return false }
                checkpoint = pending[pending.index(before: mid)].sequenceNumber
                return await process(pending[mid...], bisectDepth: bisectDepth + 1)
            }
            if outcome != .throttled { attempts += 1 }
            failures += 1
            retrying = true
            let exhausted = definition.maximumRetryAttempts >= 0 && attempts > definition.maximumRetryAttempts
            if exhausted || isTooOld(pending.first!, now: clock.now()) {
                await discard(pending, condition: exhausted ? "RetryAttemptsExhausted" : "RecordAgeExceeded", invocation: last)
                retrying = false
                attempts = 0
                return true
            }
            let backoff = min(30, 1 << min(failures - 1, 5))
            do { try await clock.sleep(until: clock.now().adding(seconds: backoff)) } catch { return false }
        }
        retrying = false
        attempts = 0
        return true
    }

    /// Gives up on a batch: its metadata goes to the OnFailure destination, and reading moves on.
    /// `invocation` is the batch's last invocation, or `nil` when its records expired before any.
    func discard(_ batch: ArraySlice<StreamRecord>, condition: String, invocation: (requestId: String, outcome: InvocationOutcome)?) async {
        discarded += 1
        let now = clock.now()
        let requestId = invocation?.requestId ?? ids.uuid()
        let functionError: JSONValue = invocation?.outcome.isFunctionError == true ? "Unhandled" : .null
        let fn = await runtime.definition(definition.functionName)
        let info = JSONValue.object([
            "requestContext": ["requestId": .string(requestId), "functionArn": .string(fn?.arn ?? definition.functionName),
                               "condition": .string(condition), "approximateInvokeCount": .int(attempts)],
            "responseContext": ["statusCode": 200, "executedVersion": "$LATEST", "functionError": functionError],
            "version": "1.0",
            "timestamp": .string(now.iso8601),
            "DDBStreamBatchInfo": [
                "shardId": "shardId-00000001", "startSequenceNumber": .string(batch.first!.sequenceNumber),
                "endSequenceNumber": .string(batch.last!.sequenceNumber),
                "approximateArrivalOfFirstRecord": .string(batch.first!.createdAt.iso8601),
                "approximateArrivalOfLastRecord": .string(batch.last!.createdAt.iso8601),
                "batchSize": .int(batch.count), "streamArn": .string(definition.eventSourceArn),
            ],
        ])
        if let dest = definition.onFailureDestination {
            do {
                if dest.contains(":sqs:") {
                    _ = try await engine.send(queue: dest, SendRequest(body: info.serialized()))
                } else {
                    _ = try await engine.publish(PublishRequest(topic: dest, message: info.serialized()))
                }
            } catch {
                runtime.logBook.append(level: .error, source: definition.functionName, requestId: requestId,
                                       message: "could not send the failed batch's metadata to \(dest): \(error)", at: now)
            }
        }
        runtime.logBook.append(level: .error, source: definition.functionName, requestId: requestId,
                               message: "discarded \(batch.count) stream record(s) \(batch.first!.sequenceNumber)…\(batch.last!.sequenceNumber): \(condition)", at: now)
        checkpoint = batch.last!.sequenceNumber
    }
}
