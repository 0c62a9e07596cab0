/// Samples the pipeline's gauges and counters into metrics on a fixed tick, evaluates every alarm on
/// the clock, and on a state change publishes the AWS-shaped notification to the alarm's action topics.
public actor AlarmRunner {
    var alarms: [Alarm]
    let engine: Engine
    let tables: TableService
    let functions: FunctionRuntime
    let metrics: MetricRecorder
    let logBook: LogBook
    let clock: any EngineClock
    let context: AWSContext
    var loop: Task<Void, Never>?
    var lastQueueCounters: [String: QueueCounters] = [:]
    var lastTopicCounts: [String: (published: Int, delivered: Int, failed: Int, filtered: Int)] = [:]
    let tickContinuation: AsyncStream<Timestamp>.Continuation
    /// The time of every completed tick (for tests and the console).
    public nonisolated let ticks: AsyncStream<Timestamp>
    /// Seconds between samples and evaluations: 60, or the shortest alarm period when shorter.
    public nonisolated let tickSeconds: Int

    public init(definitions: [AlarmDefinition], engine: Engine, tables: TableService, functions: FunctionRuntime, metrics: MetricRecorder,
                logBook: LogBook, clock: any EngineClock, context: AWSContext) {
        alarms = definitions.map { Alarm(definition: $0, now: clock.now()) }
        self.engine = engine
        self.tables = tables
        self.functions = functions
        self.metrics = metrics
        self.logBook = logBook
        self.clock = clock
        self.context = context
        tickSeconds = min(60, definitions.map(\.period).min() ?? 60)
        (ticks, tickContinuation) = AsyncStream.makeStream(of: Timestamp.self, bufferingPolicy: .bufferingNewest(1_000))
    }

    public func start() {
        guard loop == nil else { return }
        loop = Task { await self.run() }
    }

    public func stop() {
        loop?.cancel()
        loop = nil
        tickContinuation.finish()
    }

    func run() async {
        let step = Int64(tickSeconds) * 1000
        var next = Timestamp(millis: (clock.now().millis / step + 1) * step)
        while !Task.isCancelled {
            do { try await clock.sleep(until: next) } catch { return }
            await tick(at: next)
            next = next.adding(millis: step)
            let now = clock.now()
            if next < now { next = Timestamp(millis: (now.millis / step + 1) * step) }
        }
    }

    /// Samples every stage into the metric store at `t`, then evaluates the alarms.
    public func tick(at t: Timestamp) async {
        let sampleAt = t.adding(millis: -1)   // the sample belongs to the period that just ended
        let status = await engine.status()
        // A queue or topic that is gone forgets its counters, so one created again under the same name
        // counts from zero instead of producing negative deltas.
        let queueNames = Set(status.queues.map(\.name)), topicNames = Set(status.topics.map(\.name))
        lastQueueCounters = lastQueueCounters.filter { queueNames.contains($0.key) }
        lastTopicCounts = lastTopicCounts.filter { topicNames.contains($0.key) }
        for q in status.queues {
            let d = ["QueueName": q.name]
            metrics.record(namespace: "AWS/SQS", name: "ApproximateNumberOfMessagesVisible", dimensions: d, value: Double(q.visible), at: sampleAt)
            metrics.record(namespace: "AWS/SQS", name: "ApproximateNumberOfMessagesNotVisible", dimensions: d, value: Double(q.inFlight), at: sampleAt)
            metrics.record(namespace: "AWS/SQS", name: "ApproximateNumberOfMessagesDelayed", dimensions: d, value: Double(q.delayed), at: sampleAt)
            metrics.record(namespace: "AWS/SQS", name: "ApproximateAgeOfOldestMessage", dimensions: d, value: Double(q.ageOfOldestMessage), at: sampleAt)
            var last = lastQueueCounters[q.name] ?? QueueCounters()
            // Counters only grow; smaller ones belong to a queue deleted and created again between two ticks.
            if q.counters.sent < last.sent || q.counters.received < last.received || q.counters.deleted < last.deleted
                || q.counters.emptyReceives < last.emptyReceives {
                last = QueueCounters()
            }
            metrics.record(namespace: "AWS/SQS", name: "NumberOfMessagesSent", dimensions: d, value: Double(q.counters.sent - last.sent), at: sampleAt)
            metrics.record(namespace: "AWS/SQS", name: "NumberOfMessagesReceived", dimensions: d, value: Double(q.counters.received - last.received), at: sampleAt)
            metrics.record(namespace: "AWS/SQS", name: "NumberOfMessagesDeleted", dimensions: d, value: Double(q.counters.deleted - last.deleted), at: sampleAt)
            metrics.record(namespace: "AWS/SQS", name: "NumberOfEmptyReceives", dimensions: d, value: Double(q.counters.emptyReceives - last.emptyReceives), at: sampleAt)
            lastQueueCounters[q.name] = q.counters
        }
        for topic in status.topics {
            let d = ["TopicName": topic.name]
            let delivered = topic.subscriptions.reduce(0) { $0 + $1.delivered }
            let failed = topic.subscriptions.reduce(0) { $0 + $1.failed }
            let filtered = topic.subscriptions.reduce(0) { $0 + $1.filteredOut }
            var last = lastTopicCounts[topic.name] ?? (0, 0, 0, 0)
            if topic.published < last.published || delivered < last.delivered || failed < last.failed || filtered < last.filtered {
                last = (0, 0, 0, 0)
            }
            metrics.record(namespace: "AWS/SNS", name: "NumberOfMessagesPublished", dimensions: d, value: Double(topic.published - last.published), at: sampleAt)
            metrics.record(namespace: "AWS/SNS", name: "NumberOfNotificationsDelivered", dimensions: d, value: Double(delivered - last.delivered), at: sampleAt)
            metrics.record(namespace: "AWS/SNS", name: "NumberOfNotificationsFailed", dimensions: d, value: Double(failed - last.failed), at: sampleAt)
            metrics.record(namespace: "AWS/SNS", name: "NumberOfNotificationsFilteredOut", dimensions: d, value: Double(filtered - last.filtered), at: sampleAt)
            lastTopicCounts[topic.name] = (topic.published, delivered, failed, filtered)
        }
        for f in await functions.summaries() {
            metrics.record(namespace: "AWS/Lambda", name: "ConcurrentExecutions", dimensions: ["FunctionName": f.name], value: Double(f.running), at: sampleAt)
        }
        for m in await tables.drainMetrics() {
            let d = ["TableName": m.table]
            // Counted as one unit per successful write (AWS counts one per KB written); capacity is not enforced.
            metrics.record(namespace: "AWS/DynamoDB", name: "ConsumedWriteCapacityUnits", dimensions: d, value: Double(m.writes), at: sampleAt)
            metrics.record(namespace: "AWS/DynamoDB", name: "ConditionalCheckFailedRequests", dimensions: d, value: Double(m.conditionalCheckFailures), at: sampleAt)
            // Capacity is shown but not enforced, so nothing is ever throttled: say so rather than leave the
            // template's throttle alarms without data.
            metrics.record(namespace: "AWS/DynamoDB", name: "WriteThrottleEvents", dimensions: d, value: 0, at: sampleAt)
            metrics.record(namespace: "AWS/DynamoDB", name: "ReadThrottleEvents", dimensions: d, value: 0, at: sampleAt)
        }
        metrics.prune(now: t)
        await evaluate(now: t)
        tickContinuation.yield(t)
    }

    /// Evaluates every alarm and acts on transitions.
    func evaluate(now: Timestamp) async {
        let store = metrics.snapshot()
        for i in alarms.indices {
            guard let transition = alarms[i].evaluate(metrics: store, now: now) else { continue }
            await act(on: transition)
        }
    }

    func act(on t: AlarmTransition) async {
        let level: LogLevel = t.to == .alarm ? .error : (t.to == .ok ? .info : .warn)
        logBook.append(level: level, source: "alarms", requestId: nil,
                       message: "\(t.alarmName): \(t.from.rawValue) -> \(t.to.rawValue): \(t.reason)", at: t.at)
        for action in t.actions {
            let index = alarms.firstIndex { $0.definition.name == t.alarmName }
            do {
                _ = try await engine.publish(PublishRequest(topic: action, message: t.notification, subject: String(t.subject.prefix(99))))
                if let index { alarms[index].recordAction(action, succeeded: true, now: t.at, detail: nil) }
            } catch {
                if let index { alarms[index].recordAction(action, succeeded: false, now: t.at, detail: "\(error)") }
                logBook.append(level: .error, source: "alarms", requestId: nil, message: "\(t.alarmName): action \(action) failed: \(error)", at: t.at)
            }
        }
        if engine.store.recordsChanges, let a = alarms.first(where: { $0.definition.name == t.alarmName }) {
            _ = engine.store.enqueue([.alarm(a.record)])
        }
    }

    /// Forces an alarm's state (like `SetAlarmState`); its actions fire on a change.
    public func setState(_ name: String, to state: AlarmState, reason: String) async throws {
        guard let i = alarms.firstIndex(where: { $0.definition.name == name }) else {
            throw SQSError.resourceNotFound("Alarm \(name) does not exist.")
        }
        if let t = alarms[i].setState(state, reason: reason, now: clock.now()) { await act(on: t) }
    }

    /// Puts back alarm states the store kept (alarms the template no longer has are ignored).
    public func restore(_ records: [AlarmStateRecord]) {
        for r in records {
            guard let i = alarms.firstIndex(where: { $0.definition.name == r.name }) else { continue }
            alarms[i].restore(r)
        }
    }

    /// Every alarm's summary, by name.
    public func summaries() -> [AlarmSummary] { alarms.map { AlarmSummary($0) }.sorted { $0.name < $1.name } }

    /// An alarm's history, newest first.
    public func history(_ name: String) throws -> [AlarmHistoryItem] {
        guard let a = alarms.first(where: { $0.definition.name == name }) else { throw SQSError.resourceNotFound("Alarm \(name) does not exist.") }
        return a.history.reversed()
    }
}
