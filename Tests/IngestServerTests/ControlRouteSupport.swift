import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestAPI
import IngestCore
import IngestHandlers
import IngestServer
import IngestTestSupport
import Testing

/// A pipeline behind the control routes, in process: what the control route tests share.
///
/// The pipeline is never started, so nothing runs in the background but what a test starts (a move task):
/// queues keep what a test puts in them, and time moves only when the test advances the manual clock.
enum ControlRoutes {
    static let topic = Fixtures.context.topicArn("signups")
    /// The DLQ of `metadata`, by ARN: a reference whose `:` must be escaped in a path.
    static let dlqArn = Fixtures.context.queueArn("metadata-dlq")
    static let readOnlyHeader = HTTPField.Name(ControlAPI.readOnlyHeader)!

    /// The seed-like pipeline with `metadata` dead-lettering after one receive (visibility one second), a
    /// `users` table keyed by `user_id`, a function `onboard` mapped to `onboarding`, and an alarm on the
    /// depth of `metadata-dlq`.
    static func definition() -> PipelineDefinition {
        var d = Fixtures.seedLike()
        d.queues = d.queues.map { q in
            q.name == "metadata" ? Fixtures.queue("metadata", visibilityTimeout: 1, dlq: "metadata-dlq", maxReceiveCount: 1) : q
        }
        d.tables = [Fixtures.table("users")]
        d.functions = [Fixtures.function("onboard", handler: "fail", environment: ["FAIL_RATIO": "0"])]
        d.eventSourceMappings = [Fixtures.sqsMapping("OnboardingMapping", queue: "onboarding", function: "onboard")]
        d.alarms = [AlarmDefinition(logicalId: "DlqDepth", name: "DlqDepth", description: "dead letters waiting", namespace: "AWS/SQS",
                                    metricName: "ApproximateNumberOfMessagesVisible", dimensions: ["QueueName": "metadata-dlq"],
                                    statistic: .maximum, period: 60, evaluationPeriods: 1, threshold: 1,
                                    comparisonOperator: .greaterThanOrEqualToThreshold, treatMissingData: .notBreaching,
                                    alarmActions: [], okActions: [], context: Fixtures.context)]
        return d
    }

    /// A pipeline on `clock` and an application with the control routes behind the read-only middleware,
    /// as `EngineRunner` serves them.
    static func app(clock: ManualClock) throws -> (PipelineRuntime, some ApplicationProtocol) {
        let pipeline = try PipelineRuntime(definition: definition(), handlers: BuiltinHandlers.registry, clock: clock)
        let router = Router()
        router.add(middleware: ReadOnlyRequestMiddleware())
        ControlServer(pipeline: pipeline).addRoutes(to: router)
        return (pipeline, Application(router: router))
    }

    /// One queue's line of the engine's status.
    static func queue(_ p: PipelineRuntime, _ name: String) async throws -> QueueStatus {
        try #require(await p.engine.status().queues.first { $0.name == name })
    }

    /// Publishes `bodies` straight to the engine and moves every `metadata` copy to `metadata-dlq`: one
    /// receive, a second for the visibility timeout to run out, and the next receive dead-letters them.
    /// Returns the dead letters' message ids in order.
    @discardableResult
    static func deadLetter(_ p: PipelineRuntime, clock: ManualClock, _ bodies: [String]) async throws -> [String] {
        for b in bodies { _ = try await p.engine.publish(PublishRequest(topic: topic, message: b, subject: nil)) }
        while try await !p.engine.receive(queue: "metadata", max: 10).isEmpty {}
        clock.advance(seconds: 1)
        #expect(try await p.engine.receive(queue: "metadata", max: 10).isEmpty)
        let page = try await p.engine.deadLetters(queue: "metadata-dlq", limit: 1_000)
        #expect(page.messages.map(\.body) == bodies)
        return page.messages.map(\.messageId)
    }
}

extension TestClientProtocol {
    /// Sends an operation as the typed client does: the target, method and body from its `request()`,
    /// with a JSON content type when there is a body, and the read-only header when asked.
    func send<Op: ControlOperation>(_ op: Op, readOnly: Bool = false) async throws -> TestResponse {
        let parts = try op.request()
        var headers: HTTPFields = [:]
        if parts.body != nil { headers[.contentType] = "application/json" }
        if readOnly { headers[ControlRoutes.readOnlyHeader] = "true" }
        return try await execute(uri: Op.target(of: parts), method: HTTPRequest.Method(Op.method.rawValue)!, headers: headers,
                                 body: parts.body.map { ByteBuffer(bytes: $0) })
    }

    /// Sends an operation and decodes its reply with the operation's `Reply` type; anything but 200 fails the test.
    func reply<Op: ControlOperation>(_ op: Op, readOnly: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Op.Reply {
        let r = try await send(op, readOnly: readOnly)
        try #require(r.status == .ok, "\(Op.pattern) answered \(r.status): \(String(buffer: r.body))", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(Op.Reply.self, from: Data(buffer: r.body))
    }

    /// Sends an operation that must fail and returns its status and `{"code","message"}` body.
    func failure<Op: ControlOperation>(_ op: Op, readOnly: Bool = false,
                                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> (status: Int, error: ControlAPI.ErrorBody) {
        let r = try await send(op, readOnly: readOnly)
        #expect(r.status != .ok, "\(Op.pattern) succeeded", sourceLocation: sourceLocation)
        #expect(r.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
        return (Int(r.status.code), try JSONDecoder().decode(ControlAPI.ErrorBody.self, from: Data(buffer: r.body)))
    }
}
