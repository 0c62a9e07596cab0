import IngestCore
import IngestHandlers
import IngestTestSupport
import Testing

/// The stream mapping runs the real engine, table service, function runtime and built-in handlers on a
/// manual clock. What a function received is read back from the log book: the `fail` handler writes one
/// `injected failure for record <SequenceNumber>` line per record it fails, under the invocation's request id.
@Suite("DynamoDB stream event source mappings", .timeLimit(.minutes(1)))
struct StreamMappingTests {
    let clock = ManualClock()
    static let streamArn = Fixtures.context.tableArn("users") + "/stream/2024-01-01T00:00:00.000"

    // MARK: - Helpers

    /// A function that logs every record it gets and succeeds: `fail` fails (and logs) every record, but in
    /// report mode it only lists them in `batchItemFailures`, which a mapping without ReportBatchItemFailures ignores.
    static func recorder() -> FunctionDefinition {
        Fixtures.function("f", handler: "fail", environment: ["FAIL_RATIO": "1"])
    }

    /// A function whose invocation throws when a record fails: every record, or those containing `pattern`.
    static func thrower(pattern: String? = nil, timeout: Int = 3, reservedConcurrency: Int? = nil) -> FunctionDefinition {
        var env = ["FAIL_MODE": "throw"]
        if let pattern { env["FAIL_PATTERN"] = pattern } else { env["FAIL_RATIO"] = "1" }
        return Fixtures.function("f", handler: "fail", timeout: timeout, environment: env, reservedConcurrency: reservedConcurrency)
    }

    /// A copy of a mapping that discards records older than a minute (`MaximumRecordAgeInSeconds: 60`).
    static func aged(_ mapping: EventSourceMappingDefinition) -> EventSourceMappingDefinition {
        var m = mapping
        m.maximumRecordAgeInSeconds = 60
        return m
    }

    func pipeline(function: FunctionDefinition, mapping: EventSourceMappingDefinition) throws -> PipelineRuntime {
        var d = PipelineDefinition(context: Fixtures.context, queues: [Fixtures.queue("failures")])
        d.tables = [Fixtures.table("users", stream: .newAndOldImages)]
        d.functions = [function]
        d.eventSourceMappings = [mapping]
        return try PipelineRuntime(definition: d, handlers: BuiltinHandlers.registry, clock: clock)
    }

    /// Puts an item and returns the sequence number of the stream record it wrote.
    @discardableResult
    func write(_ p: PipelineRuntime, _ id: String, note: String = "fine") async throws -> String {
        let result = try await p.tables.put(table: "users", item: ["user_id": .s(id), "note": .s(note)])
        return try #require(result.record).sequenceNumber
    }

    /// The sequence numbers the invocation of `report` received (the records the `fail` handler failed).
    func received(_ p: PipelineRuntime, _ report: BatchReport) -> [String] {
        let prefix = "injected failure for record "
        return p.logBook.query(LogQuery(source: "f", requestId: report.requestId, limit: 10_000)).compactMap { line in
            guard line.message.hasPrefix(prefix) else { return nil }
            return String(line.message.dropFirst(prefix.count).prefix { $0 != " " })
        }
    }

    func status(_ p: PipelineRuntime) async -> StreamConsumerStatus { await p.streamMappings[0].status() }

    func visible(_ p: PipelineRuntime, _ queue: String) async -> Int {
        await p.engine.status().queues.first { $0.name == queue }?.visible ?? -1
    }

    /// The metadata documents in the OnFailure queue, once `count` are there.
    func failureRecords(_ p: PipelineRuntime, count: Int) async throws -> [JSONValue] {
        try await eventually("\(count) message(s) in the OnFailure queue") { await visible(p, "failures") == count }
        let messages = try await p.engine.receive(queue: "failures", max: 10)
        return try messages.map { try JSONValue.parse($0.body) }
    }

    func next(_ reports: inout AsyncStream<BatchReport>.Iterator, sourceLocation: SourceLocation = #_sourceLocation) async throws -> BatchReport {
        try #require(await reports.next(), "the report stream ended", sourceLocation: sourceLocation)
    }

    // MARK: - Starting position

    @Test("StartingPosition TRIM_HORIZON delivers records written before the mapping started")
    func trimHorizon() async throws {
        let p = try pipeline(function: Self.recorder(), mapping: Fixtures.streamMapping("M", table: "users", function: "f"))
        let s1 = try await write(p, "u1"), s2 = try await write(p, "u2")
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let first = try await next(&reports)
        #expect(first.outcome == "success")
        #expect(received(p, first) == [s1, s2])
        let s3 = try await write(p, "u3")
        #expect(received(p, try await next(&reports)) == [s3])
        try await eventually("the checkpoint at the last record") { await status(p).checkpoint == s3 }
        await p.stop()
    }

    @Test("LATEST skips records written before start")
    func latest() async throws {
        let p = try pipeline(function: Self.recorder(),
                             mapping: Fixtures.streamMapping("M", table: "users", function: "f", startingPosition: .latest))
        try await write(p, "u1")
        let s2 = try await write(p, "u2")
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let before = await status(p)
        #expect(before.checkpoint == s2)
        #expect(before.lag == 0)
        let s3 = try await write(p, "u3")
        let r = try await next(&reports)
        #expect(r.size == 1)
        #expect(received(p, r) == [s3])
        #expect(await p.functions.summaries()[0].invocations == 1)
        await p.stop()
    }

    // MARK: - Batches

    @Test("BatchSize caps a batch (default 100)")
    func batchSize() async throws {
        // A mapping without BatchSize takes AWS's default of 100 (see the template's mapping tests).
        let p = try pipeline(function: Fixtures.function("f", handler: "fail", environment: ["FAIL_RATIO": "0"]),
                             mapping: Fixtures.streamMapping("M", table: "users", function: "f"))
        #expect(await p.streamMappings[0].definition.batchSize == 100)
        for i in 0..<250 { try await write(p, "u\(i)") }
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        var sizes: [Int] = []
        for _ in 0..<3 { sizes.append(try await next(&reports).size) }
        #expect(sizes == [100, 100, 50])
        await p.stop()

        let q = try pipeline(function: Self.recorder(), mapping: Fixtures.streamMapping("M", table: "users", function: "f", batchSize: 3))
        var seqs: [String] = []
        for i in 0..<7 { seqs.append(try await write(q, "u\(i)")) }
        var qReports = q.streamMappings[0].batches.makeAsyncIterator()
        await q.start()
        var batches: [[String]] = []
        for _ in 0..<3 { batches.append(received(q, try await next(&qReports))) }
        #expect(batches == [Array(seqs[0..<3]), Array(seqs[3..<6]), [seqs[6]]])
        await q.stop()
    }

    // MARK: - Errors

    @Test("a stream error blocks the shard: later records wait until the batch succeeds, in order")
    func errorBlocksShard() async throws {
        let p = try pipeline(function: Self.thrower(), mapping: Fixtures.streamMapping("M", table: "users", function: "f"))
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let t0 = clock.now()
        let s1 = try await write(p, "u1")
        let r1 = try await next(&reports)
        #expect(r1.outcome == "failed")
        #expect(received(p, r1) == [s1])
        // Written while the first batch is failing: they wait behind it.
        let s2 = try await write(p, "u2"), s3 = try await write(p, "u3")
        try await clock.parked(until: t0.adding(seconds: 1))   // backoff 1 s
        clock.advance(seconds: 1)
        let r2 = try await next(&reports)
        #expect(r2.outcome == "failed")
        #expect(received(p, r2) == [s1])   // the same batch again, not grown and not skipped
        try await clock.parked(until: t0.adding(seconds: 3))   // backoff 2 s
        let blocked = await status(p)
        #expect(blocked.retrying)
        #expect(blocked.attempts == 2)
        #expect(blocked.checkpoint == nil)
        #expect(blocked.lag == 3)

        // Deploy a fix: the next try succeeds and the waiting records follow, in order.
        _ = try await p.configureFunction("f", handler: nil, environment: ["FAIL_MODE": "report"], enabled: nil)
        clock.advance(seconds: 2)
        let r3 = try await next(&reports)
        #expect(r3.outcome == "success")
        #expect(received(p, r3) == [s1])
        let r4 = try await next(&reports)
        #expect(r4.outcome == "success")
        #expect(received(p, r4) == [s2, s3])
        try await eventually("the checkpoint past the last record") { await status(p).checkpoint == s3 }
        #expect(await status(p).retrying == false)
        await p.stop()
    }

    @Test("retries stop at MaximumRetryAttempts and the batch's metadata goes to the OnFailure queue")
    func retriesExhausted() async throws {
        let p = try pipeline(function: Self.thrower(pattern: "poison"),
                             mapping: Fixtures.streamMapping("M", table: "users", function: "f", maximumRetryAttempts: 2, onFailureQueue: "failures"))
        let t0 = clock.now()
        let s1 = try await write(p, "u1", note: "poison"), s2 = try await write(p, "u2", note: "poison")
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        #expect(try await next(&reports).outcome == "failed")          // the first try
        try await clock.parked(until: t0.adding(seconds: 1))
        clock.advance(seconds: 1)
        #expect(try await next(&reports).outcome == "failed")          // retry 1
        try await clock.parked(until: t0.adding(seconds: 3))
        clock.advance(seconds: 2)
        let last = try await next(&reports)                            // retry 2, the last
        #expect(last.outcome == "failed")
        #expect(last.size == 2)

        let doc = try #require(try await failureRecords(p, count: 1).first)
        #expect(Set(doc.objectValue?.keys.map { $0 } ?? []) == ["requestContext", "responseContext", "version", "timestamp", "DDBStreamBatchInfo"])
        #expect(doc["requestContext"]?["condition"] == "RetryAttemptsExhausted")
        #expect(doc["requestContext"]?["approximateInvokeCount"] == 3)
        #expect(doc["requestContext"]?["requestId"] == .string(last.requestId))
        #expect(doc["requestContext"]?["functionArn"] == .string(Fixtures.context.functionArn("f")))
        #expect(doc["responseContext"]?["statusCode"] == 200)
        #expect(doc["responseContext"]?["executedVersion"] == "$LATEST")
        #expect(doc["responseContext"]?["functionError"] == "Unhandled")
        #expect(doc["version"] == "1.0")
        #expect(doc["timestamp"] == .string(t0.adding(seconds: 3).iso8601))
        let info = try #require(doc["DDBStreamBatchInfo"])
        #expect(info["startSequenceNumber"] == .string(s1))
        #expect(info["endSequenceNumber"] == .string(s2))
        #expect(info["batchSize"] == 2)
        #expect(info["streamArn"] == .string(Self.streamArn))
        #expect(info["approximateArrivalOfFirstRecord"] == .string(t0.iso8601))
        #expect(info["approximateArrivalOfLastRecord"] == .string(t0.iso8601))
        #expect(info["shardId"]?.stringValue?.isEmpty == false)
        #expect(await p.functions.summaries()[0].invocations == 3)

        // The shard is unblocked: the next record is read.
        let s3 = try await write(p, "u3")
        #expect(try await next(&reports).outcome == "success")
        try await eventually("the checkpoint past the new record") { await status(p).checkpoint == s3 }
        #expect(await status(p).discardedBatches == 1)
        await p.stop()
    }

    @Test("MaximumRecordAgeInSeconds: records already too old are discarded without being sent to the function")
    func oldRecordsNotDelivered() async throws {
        let mapping = Self.aged(Fixtures.streamMapping("M", table: "users", function: "f", onFailureQueue: "failures"))
        let p = try pipeline(function: Self.recorder(), mapping: mapping)
        let t0 = clock.now()
        let old = try await write(p, "old")
        clock.advance(seconds: 61)   // nothing runs yet, so nothing sleeps on the clock
        let fresh = try await write(p, "fresh")
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let r = try await next(&reports)
        #expect(r.outcome == "success")
        #expect(received(p, r) == [fresh])
        let doc = try #require(try await failureRecords(p, count: 1).first)
        let condition = doc["requestContext"]?["condition"]?.stringValue ?? ""
        #expect(condition.contains("RecordAge"))   // AWS's exact string for age discards is not pinned here
        #expect(doc["requestContext"]?["approximateInvokeCount"] == 0)
        #expect(doc["DDBStreamBatchInfo"]?["startSequenceNumber"] == .string(old))
        #expect(doc["DDBStreamBatchInfo"]?["endSequenceNumber"] == .string(old))
        #expect(doc["DDBStreamBatchInfo"]?["approximateArrivalOfFirstRecord"] == .string(t0.iso8601))
        #expect(await p.functions.summaries()[0].invocations == 1)
        await p.stop()
    }

    @Test("MaximumRecordAgeInSeconds discards old records: a failing batch is retried until it is too old, then discarded")
    func failingBatchAgesOut() async throws {
        let mapping = Self.aged(Fixtures.streamMapping("M", table: "users", function: "f", onFailureQueue: "failures"))
        let p = try pipeline(function: Self.thrower(), mapping: mapping)
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let t0 = clock.now()
        let s1 = try await write(p, "u1")
        // Backoff doubles from 1 s up to 30 s; retries are unlimited (-1), so only the age ends them.
        var at = t0
        for backoff in [1, 2, 4, 8, 16, 30] {
            #expect(try await next(&reports).outcome == "failed")
            at = at.adding(seconds: backoff)
            try await clock.parked(until: at)
            clock.advance(seconds: Double(backoff))
        }
        // At t0+61 the record is past 60 s: it is discarded instead of being sent a seventh time.
        let doc = try #require(try await failureRecords(p, count: 1).first)
        #expect(doc["requestContext"]?["condition"]?.stringValue?.contains("RecordAge") == true)
        #expect(doc["requestContext"]?["condition"] != "RetryAttemptsExhausted")
        #expect(doc["requestContext"]?["approximateInvokeCount"] == 6)
        #expect(doc["DDBStreamBatchInfo"]?["startSequenceNumber"] == .string(s1))
        #expect(doc["timestamp"] == .string(t0.adding(seconds: 61).iso8601))
        #expect(await p.functions.summaries()[0].invocations == 6)
        try await eventually("the checkpoint past the discarded record") { await status(p).checkpoint == s1 }
        await p.stop()
    }

    @Test("throttles do not use up MaximumRetryAttempts: the shard waits until the records age out")
    func throttlesDoNotCountAsRetries() async throws {
        let mapping = Self.aged(Fixtures.streamMapping("M", table: "users", function: "f", maximumRetryAttempts: 0, onFailureQueue: "failures"))
        let p = try pipeline(function: Self.thrower(reservedConcurrency: 0), mapping: mapping)
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let t0 = clock.now()
        try await write(p, "u1")
        var at = t0
        for backoff in [1, 2, 4, 8, 16, 30] {
            #expect(try await next(&reports).outcome == "failed")
            #expect(await visible(p, "failures") == 0)   // MaximumRetryAttempts 0 would have discarded at once
            at = at.adding(seconds: backoff)
            try await clock.parked(until: at)
            clock.advance(seconds: Double(backoff))
        }
        let doc = try #require(try await failureRecords(p, count: 1).first)
        #expect(doc["requestContext"]?["condition"]?.stringValue?.contains("RecordAge") == true)
        #expect(doc["responseContext"]?["functionError"] == .null)
        let f = await p.functions.summaries()[0]
        #expect(f.throttles == 6)
        #expect(f.invocations == 0)
        await p.stop()
    }

    @Test("stream consumer bisects a failing batch: splits do not count toward retries; only the bad record ends in OnFailure")
    func bisect() async throws {
        let p = try pipeline(function: Self.thrower(pattern: "poison"),
                             mapping: Fixtures.streamMapping("M", table: "users", function: "f", maximumRetryAttempts: 1, bisect: true,
                                                             onFailureQueue: "failures"))
        let t0 = clock.now()
        try await write(p, "a")
        let sb = try await write(p, "b")
        let bad = try await write(p, "c", note: "poison")
        let sd = try await write(p, "d")
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        var seen: [BatchReport] = []
        for _ in 0..<4 { seen.append(try await next(&reports)) }
        // [a b c d] fails → [a b] succeeds, [c d] fails → [c] fails and waits out a backoff.
        #expect(seen.map(\.size) == [4, 2, 2, 1])
        #expect(seen.map(\.outcome) == ["failed", "success", "failed", "failed"])
        try await eventually("the checkpoint after the good half") { await status(p).checkpoint == sb }
        try await clock.parked(until: t0.adding(seconds: 1))
        clock.advance(seconds: 1)
        // [c] fails its one retry and is discarded; [d] then succeeds.
        for _ in 0..<2 { seen.append(try await next(&reports)) }
        #expect(seen.suffix(2).map(\.size) == [1, 1])
        #expect(seen.suffix(2).map(\.outcome) == ["failed", "success"])

        let docs = try await failureRecords(p, count: 1)
        #expect(docs.count == 1)
        let info = try #require(docs.first?["DDBStreamBatchInfo"])
        #expect(info["startSequenceNumber"] == .string(bad))
        #expect(info["endSequenceNumber"] == .string(bad))
        #expect(info["batchSize"] == 1)
        #expect(docs.first?["requestContext"]?["condition"] == "RetryAttemptsExhausted")
        #expect(docs.first?["requestContext"]?["approximateInvokeCount"] == 2)
        // The bad record was sent four times (two in split batches) against a retry budget of one.
        let withBad = seen.filter { received(p, $0).contains(bad) }
        #expect(withBad.count == 4)
        try await eventually("the checkpoint at the last record") { await status(p).checkpoint == sd }
        #expect(await status(p).discardedBatches == 1)
        await p.stop()
    }

    // MARK: - Checkpoint

    @Test("the checkpoint advances only past successful batches")
    func checkpointOnlyOnSuccess() async throws {
        let p = try pipeline(function: Self.thrower(), mapping: Fixtures.streamMapping("M", table: "users", function: "f"))
        try await write(p, "u1")
        let s2 = try await write(p, "u2")
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let t0 = clock.now()
        #expect(try await next(&reports).outcome == "failed")
        try await clock.parked(until: t0.adding(seconds: 1))
        let failing = await status(p)
        #expect(failing.checkpoint == nil)
        #expect(failing.lag == 2)
        #expect(failing.retrying)
        _ = try await p.configureFunction("f", handler: nil, environment: ["FAIL_MODE": "report"], enabled: nil)
        clock.advance(seconds: 1)
        #expect(try await next(&reports).outcome == "success")
        try await eventually("the checkpoint past the batch") { await status(p).checkpoint == s2 }
        let done = await status(p)
        #expect(done.lag == 0)
        #expect(!done.retrying)
        #expect(done.attempts == 0)
        await p.stop()
    }

    @Test("with ReportBatchItemFailures the checkpoint stops just before the lowest reported record")
    func partialBatchResponse() async throws {
        let p = try pipeline(function: Fixtures.function("f", handler: "fail", environment: ["FAIL_PATTERN": "poison"]),
                             mapping: Fixtures.streamMapping("M", table: "users", function: "f", reportBatchItemFailures: true))
        let sa = try await write(p, "a")
        try await write(p, "b", note: "poison")
        let sc = try await write(p, "c")
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let t0 = clock.now()
        let r1 = try await next(&reports)
        #expect(r1.size == 3)
        #expect(r1.deleted == 1)
        #expect(r1.failed == 2)
        try await clock.parked(until: t0.adding(seconds: 1))
        #expect(await status(p).checkpoint == sa)
        #expect(await status(p).lag == 2)
        _ = try await p.configureFunction("f", handler: nil, environment: ["FAIL_PATTERN": "nothing-matches-this"], enabled: nil)
        clock.advance(seconds: 1)
        let r2 = try await next(&reports)
        #expect(r2.size == 2)              // resumed from the reported record, not from the start of the batch
        #expect(r2.outcome == "success")
        try await eventually("the checkpoint at the end") { await status(p).checkpoint == sc }
        await p.stop()
    }

    // MARK: - Replay

    @Test("stream replay resets the position to a sequence number or a time and re-runs the consumer")
    func replay() async throws {
        let p = try pipeline(function: Self.recorder(), mapping: Fixtures.streamMapping("M", table: "users", function: "f"))
        let t0 = clock.now()
        let s1 = try await write(p, "u1")
        clock.advance(seconds: 10)
        let s2 = try await write(p, "u2")
        clock.advance(seconds: 10)
        let s3 = try await write(p, "u3")
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        #expect(received(p, try await next(&reports)) == [s1, s2, s3])
        try await eventually("the first pass done") { await status(p).checkpoint == s3 }

        let bySequence = try await p.replayStream(mapping: "M", sequence: s2, time: nil)
        #expect(bySequence.checkpoint == s1)
        #expect(bySequence.lag == 2)
        #expect(received(p, try await next(&reports)) == [s2, s3])
        try await eventually("the second pass done") { await status(p).checkpoint == s3 }

        // By time, naming the mapping by its function: from the first record at or after t0+15 s.
        _ = try await p.replayStream(mapping: "f", sequence: nil, time: t0.adding(seconds: 15))
        #expect(received(p, try await next(&reports)) == [s3])
        try await eventually("the third pass done") { await status(p).checkpoint == s3 }
        #expect(await p.functions.summaries()[0].invocations == 3)

        await #expect(throws: (any Error).self) { try await p.replayStream(mapping: "nope", sequence: s1, time: nil) }
        await p.stop()
    }

    @Test("a replay to a sequence number that is not in the stream is refused and leaves the position alone")
    func replayUnknownSequence() async throws {
        let p = try pipeline(function: Self.recorder(), mapping: Fixtures.streamMapping("M", table: "users", function: "f"))
        let s1 = try await write(p, "u1")
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        _ = try await next(&reports)
        try await eventually("the first pass done") { await status(p).checkpoint == s1 }
        for bad in ["000000000000000000099", "not-a-number"] {
            await #expect(throws: DynamoError.self) { try await p.replayStream(mapping: "M", sequence: bad, time: nil) }
            #expect(await status(p).checkpoint == s1)
        }
        // Reading goes on from where it was: a later record is delivered, nothing skipped.
        let s2 = try await write(p, "u2")
        #expect(received(p, try await next(&reports)) == [s2])
        await p.stop()
    }

    @Test("a replay during an invocation abandons it: no failure, no discard, the batch runs again from the new position")
    func replayDuringInvocation() async throws {
        let p = try pipeline(function: Fixtures.function("f", handler: "sleep", timeout: 3, environment: ["SLEEP_MS": "1000"]),
                             mapping: Fixtures.streamMapping("M", table: "users", function: "f", maximumRetryAttempts: 0, onFailureQueue: "failures"))
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let t0 = clock.now()
        let s1 = try await write(p, "u1")
        try await clock.parked(until: t0.adding(seconds: 1))   // the handler is sleeping
        _ = try await p.replayStream(mapping: "M", sequence: s1, time: nil)
        try await eventually("the batch invoked again") { await p.functions.summaries()[0].invocations == 2 }
        try await clock.parked(until: t0.adding(seconds: 1))
        clock.advance(seconds: 1)
        let r = try await next(&reports)
        #expect(r.outcome == "success")   // the abandoned invocation reported nothing
        try await eventually("the checkpoint past the record") { await status(p).checkpoint == s1 }
        #expect(await visible(p, "failures") == 0)
        #expect(await status(p).discardedBatches == 0)
        #expect(p.logBook.query(LogQuery(source: "f", contains: "discarded", limit: 10)).isEmpty)
        await p.stop()
    }

    @Test("a disabled consumer reads nothing; one that fell behind the 24-hour retention goes on from the oldest record kept")
    func trimmedWhileBehind() async throws {
        let p = try pipeline(function: Self.recorder(), mapping: Fixtures.streamMapping("M", table: "users", function: "f"))
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let s1 = try await write(p, "u1")
        #expect(received(p, try await next(&reports)) == [s1])
        try await eventually("the first record done") { await status(p).checkpoint == s1 }
        _ = try await p.configureFunction("f", handler: nil, environment: nil, enabled: false)
        try await write(p, "u2")               // not read while disabled
        clock.advance(seconds: 86_400)         // u2 is now 24 hours old: trimmed (nothing sleeps on the clock)
        let s3 = try await write(p, "u3")
        #expect(try await p.tables.table(named: "users").oldestSequence == s3)
        #expect(await p.functions.summaries()[0].invocations == 1)
        _ = try await p.configureFunction("f", handler: nil, environment: nil, enabled: true)
        #expect(received(p, try await next(&reports)) == [s3])
        try await eventually("the checkpoint at the kept record") { await status(p).checkpoint == s3 }
        await p.stop()
    }

    // MARK: - No-op writes

    @Test("a no-op write produces no record and so no invocation")
    func noOpWrite() async throws {
        let p = try pipeline(function: Self.recorder(), mapping: Fixtures.streamMapping("M", table: "users", function: "f"))
        var reports = p.streamMappings[0].batches.makeAsyncIterator()
        await p.start()
        let s1 = try await write(p, "u1", note: "same")
        #expect(received(p, try await next(&reports)) == [s1])
        let again = try await p.tables.put(table: "users", item: ["user_id": .s("u1"), "note": .s("same")])
        #expect(again.record == nil)
        let s2 = try await write(p, "u2")
        #expect(s2 == TableStream.format(2))   // the no-op took no sequence number
        let r2 = try await next(&reports)
        #expect(received(p, r2) == [s2])      // and the next batch holds only the real change
        #expect(await p.functions.summaries()[0].invocations == 2)
        await p.stop()
    }
}
