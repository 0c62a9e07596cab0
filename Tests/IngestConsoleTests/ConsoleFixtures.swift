import IngestAPI
import IngestCore
@testable import IngestConsole

/// Hand-made engine snapshots at fixed times, and helpers to drive a model with keys.
enum ConsoleFixtures {
    /// 2026-11-29T13:00:00Z: every fixture's "now".
    static let now = ISO8601.parse("2026-11-29T13:00:00Z")!
    static let started = now.adding(seconds: -(2 * 3600 + 14 * 60 + 9))

    /// The bundled pipeline after a while of demo traffic with poison messages: `step` 0 is ten seconds
    /// before ``now``, step 1 is at ``now`` (counters moved on, so rates and sparklines have data).
    static func snapshot(step: Int = 1) -> ConsoleSnapshot {
        let at = now.adding(seconds: -10 * (1 - step))
        var status = Blank.engine(startedAt: started, now: at)
        var topic = Blank.topic("user-signup")
        topic.published = 1_204 + 40 * step
        topic.archived = topic.published
        var toUsers = Blank.subscription(endpoint: "arn:aws:sqs:us-east-1:000000000000:users-queue")
        toUsers.arn = "arn:aws:sns:us-east-1:000000000000:user-signup:sub-users"
        toUsers.delivered = topic.published
        var toMeta = Blank.subscription(endpoint: "arn:aws:sqs:us-east-1:000000000000:metadata-queue")
        toMeta.arn = "arn:aws:sns:us-east-1:000000000000:user-signup:sub-metadata"
        toMeta.delivered = topic.published - 3
        toMeta.filteredOut = 3
        topic.subscriptions = [toUsers, toMeta]
        status.topics = [topic]

        var users = Blank.queue("users-queue")
        users.visible = 12 + 4 * step
        users.inFlight = 3
        users.delayed = 1
        users.ageOfOldestMessage = 42
        users.deadLetterQueue = "users-dlq"
        users.maxReceiveCount = 3
        users.deadLetterQueueDepth = 7 + step
        users.counters.sent = 1_204 + 40 * step
        users.counters.received = 1_180 + 30 * step
        users.counters.deleted = 1_150 + 24 * step
        var usersDLQ = Blank.queue("users-dlq")
        usersDLQ.isDeadLetterQueue = true
        usersDLQ.sourceQueues = ["users-queue"]
        usersDLQ.visible = 7 + step
        usersDLQ.ageOfOldestMessage = 754
        usersDLQ.counters.sent = 7 + step
        var meta = Blank.queue("metadata-queue")
        meta.deadLetterQueue = "metadata-dlq"
        meta.deadLetterQueueDepth = 0
        meta.maxReceiveCount = 5
        meta.counters.sent = 1_201 + 40 * step
        meta.counters.received = 1_201 + 40 * step
        meta.counters.deleted = 1_201 + 40 * step
        var metaDLQ = Blank.queue("metadata-dlq")
        metaDLQ.isDeadLetterQueue = true
        metaDLQ.sourceQueues = ["metadata-queue"]
        var topicDLQ = Blank.queue("signup-topic-dlq")
        topicDLQ.isDeadLetterQueue = true
        topicDLQ.sourceSubscriptions = [toUsers.arn]
        status.queues = [users, usersDLQ, meta, metaDLQ, topicDLQ]

        var running = Blank.moveTask(source: "users-dlq")
        running.taskHandle = "task-1"
        running.approximateNumberOfMessagesMoved = 20 + 20 * step
        running.approximateNumberOfMessagesToMove = 120
        running.maxNumberOfMessagesPerSecond = 10
        running.startedTimestamp = now.adding(seconds: -30).millis
        var done = Blank.moveTask(source: "metadata-dlq")
        done.status = .completed
        done.destinationArn = "arn:aws:sqs:us-east-1:000000000000:metadata-queue"
        done.approximateNumberOfMessagesMoved = 12
        done.approximateNumberOfMessagesToMove = 12
        done.startedTimestamp = now.adding(seconds: -1_800).millis
        status.moveTasks = [running, done]

        var onboarding = Blank.function("user-onboarding", handler: "user-onboarding")
        onboarding.invocations = 1_180 + 30 * step
        onboarding.errors = 21 + 3 * step
        onboarding.durationP50 = 12.5
        onboarding.durationP99 = 240
        onboarding.running = 2
        onboarding.reservedConcurrency = 5
        var metadata = Blank.function("user-metadata", handler: "user-metadata")
        metadata.invocations = 1_201 + 40 * step
        metadata.durationP50 = 3.2
        metadata.durationP99 = 18
        var stream = Blank.function("user-onboarding-stream", handler: "user-onboarding-stream")
        stream.invocations = 300 + 10 * step
        stream.throttles = 2
        stream.durationP50 = 4
        stream.durationP99 = 1_250

        var streamMapping = Blank.mapping("UsersStreamMapping", function: "user-onboarding-stream", source: "users")
        var consumer = Blank.streamConsumer(mapping: "UsersStreamMapping", function: "user-onboarding-stream", table: "users")
        consumer.checkpoint = "000000000000000001180"
        consumer.lag = 3
        streamMapping.stream = consumer
        let mappings = [Blank.mapping("UsersQueueMapping", function: "user-onboarding", source: "users-queue"),
                        Blank.mapping("MetadataQueueMapping", function: "user-metadata", source: "metadata-queue"),
                        streamMapping]

        var dlqAlarm = Blank.alarm("users-dlq-not-empty", metric: MetricKey(namespace: "AWS/SQS", name: "ApproximateNumberOfMessagesVisible",
                                                                           dimensions: ["QueueName": "users-dlq"]))
        dlqAlarm.state = .alarm
        dlqAlarm.value = Double(7 + step)
        dlqAlarm.since = now.adding(seconds: -300)
        dlqAlarm.reason = "Threshold Crossed: 1 out of the last 1 datapoints [8.0] was greater than or equal to the threshold (1.0)."
        var errorsAlarm = Blank.alarm("user-metadata-errors", metric: MetricKey(namespace: "AWS/Lambda", name: "Errors",
                                                                               dimensions: ["FunctionName": "user-metadata"]))
        errorsAlarm.statistic = .sum
        errorsAlarm.threshold = 5
        errorsAlarm.value = 0
        errorsAlarm.since = now.adding(seconds: -3_600)
        errorsAlarm.reason = "Threshold Crossed: no datapoint was greater than or equal to the threshold (5.0)."
        var gatewayAlarm = Blank.alarm("gateway-5xx", metric: MetricKey(namespace: "AWS/ApiGateway", name: "5XXError"))
        gatewayAlarm.state = .insufficientData
        gatewayAlarm.since = started
        gatewayAlarm.reason = "Unchecked: Initial alarm creation"

        var users_ = Blank.table("users")
        users_.itemCount = 1_150 + 24 * step
        users_.sizeBytes = 230_000
        users_.streamViewType = .newAndOldImages

        let gateway = GatewayTraffic(url: "http://127.0.0.1:8080", requestsLastMinute: 320, clientErrorsLastMinute: 12,
                                     serverErrorsLastMinute: 0, requestsThisMinute: 41, latencyMillis: 18.4)
        let logs = step == 0 ? logLines(1...20, at: at) : logLines(21...30, at: at)
        return ConsoleSnapshot(status: status, functions: [onboarding, metadata, stream], mappings: mappings,
                               alarms: [errorsAlarm, dlqAlarm, gatewayAlarm], tables: [users_], gateway: gateway, logs: logs,
                               lastLogId: UInt64(logs.last?.id ?? 0),
                               handlers: ["user-metadata", "user-onboarding", "user-onboarding-stream", "fail", "sleep"])
    }

    static func logLines(_ ids: ClosedRange<Int>, at: Timestamp) -> [LogLine] {
        ids.map { i in
            let rid = "req-\(1000 + i / 3)"
            let at = at.adding(millis: Int64(i * 137 - 5000))
            switch i % 6 {
            case 0: return LogLine(id: UInt64(i), at: at, level: .error, source: "user-onboarding", requestId: rid,
                                   message: "invalid e-mail address in message \(i): [redacted]")
            case 1: return LogLine(id: UInt64(i), at: at, level: .info, source: "gateway", requestId: nil,
                                   message: "POST /signup 202 in 14 ms")
            case 2: return LogLine(id: UInt64(i), at: at, level: .info, source: "user-metadata", requestId: rid,
                                   message: "START RequestId: \(rid)")
            case 3: return LogLine(id: UInt64(i), at: at, level: .warn, source: "user-onboarding", requestId: rid,
                                   message: "retrying a conditional write on users (attempt 2) after a conflict with a concurrent writer")
            case 4: return LogLine(id: UInt64(i), at: at, level: .debug, source: "engine", requestId: nil, message: "group commit 12 records")
            default: return LogLine(id: UInt64(i), at: at, level: .info, source: "user-onboarding", requestId: rid,
                                    message: "REPORT RequestId: \(rid) Duration: 12.5 ms")
            }
        }
    }

    /// A model that has received both fixture snapshots.
    static func model(readOnly: Bool = false, ascii: Bool = false) -> ConsoleModel {
        var m = ConsoleModel(options: ConsoleOptions(readOnly: readOnly, ascii: ascii, sourceLabel: "local ~/.local/state/ingest"))
        _ = m.receive(.snapshot(snapshot(step: 0)), now: now.adding(seconds: -10))
        _ = m.receive(.snapshot(snapshot(step: 1)), now: now)
        return m
    }

    /// A DLQ page of `count` messages of users-dlq.
    static func deadLetterPage(count: Int = 8, total: Int = 8, next: UInt64? = nil) -> DeadLetterPage {
        let messages = (0..<count).map { i -> DeadLetterView in
            var d = Blank.deadLetter("9f1c2b7e-\(1000 + i)-4b1e-a0f2-6c1d3e5f7a90",
                                     body: i % 2 == 0 ? #"{"user_id":"u-\#(i)","email":"[redacted]","plan":"free"}"# : "not json {",
                                     cursor: UInt64(100 + i))
            d.receiveCount = 3
            d.sourceQueue = "users-queue"
            d.sentTimestamp = now.adding(seconds: -900 + i)
            d.firstFailureAt = now.adding(seconds: -890 + i)
            d.lastFailureAt = now.adding(seconds: -760 + i)
            d.arrivedAt = now.adding(seconds: -754 + i)
            d.failureReason = i % 2 == 0 ? "user-onboarding: invalid e-mail address" : "user-onboarding: body is not JSON"
            d.attributes = ["source": MessageAttributeValue(dataType: "String", stringValue: "gateway")]
            return d
        }
        return Blank.page(queue: "users-dlq", total: total, messages: messages, next: next)
    }
}

extension ConsoleModel {
    /// Presses keys in order at the fixture time; strings are typed character by character.
    @discardableResult
    mutating func press(_ keys: KeyInput..., now: Timestamp = ConsoleFixtures.now) -> [Effect] {
        var effects: [Effect] = []
        for k in keys {
            switch k {
            case .key(let key): effects += handle(key, now: now)
            case .text(let text): for ch in text { effects += handle(.char(ch), now: now) }
            }
        }
        return effects
    }

    /// Answers a command with a reply at the fixture time.
    @discardableResult
    mutating func reply(_ command: ConsoleCommand, _ reply: ConsoleReply) -> [Effect] {
        receive(.reply(command, .success(reply)), now: ConsoleFixtures.now)
    }
}

/// A key or a string to type, for ``ConsoleModel/press(_:now:)``.
enum KeyInput: ExpressibleByStringLiteral {
    case key(Key)
    case text(String)
    init(stringLiteral value: String) { self = .text(value) }
    static let enter = KeyInput.key(.enter), escape = KeyInput.key(.escape), tab = KeyInput.key(.tab),
               backTab = KeyInput.key(.backTab), down = KeyInput.key(.down), up = KeyInput.key(.up),
               space = KeyInput.key(.char(" ")), end = KeyInput.key(.end), pageDown = KeyInput.key(.pageDown),
               pageUp = KeyInput.key(.pageUp), left = KeyInput.key(.left), right = KeyInput.key(.right),
               backspace = KeyInput.key(.backspace)
    static func ctrl(_ c: Character) -> KeyInput { .key(.ctrl(c)) }
}
