import Foundation
import IngestCore
import IngestStore
import IngestTestSupport
import Testing

/// Topics and subscriptions made through the SNS API, on a SQLite store across a restart: they come back
/// with their attributes and still deliver and filter; template topics keep what the API changed.
@Suite("API topics recovered from the store", .timeLimit(.minutes(1)))
struct APITopicRecoveryTests {
    let dir: TempDir
    let clock = ManualClock()
    init() throws { dir = try TempDir() }

    func start() async throws -> (Engine, SQLiteStore) {
        let store = try openStore(dir.path)
        let engine = try Engine(definition: Fixtures.seedLike(), clock: clock, store: store)
        await engine.restore(try store.load())
        return (engine, store)
    }

    @Test("an API topic, its filtered raw subscription, its tags and a subscription on a template topic survive a restart; deleted ones stay deleted")
    func survives() async throws {
        var (engine, store) = try await start()
        let topic = try await engine.createTopic(name: "api-topic", attributes: ["DisplayName": "API", "TracingConfig": "Active"], tags: ["team": "growth"])
        _ = try await engine.createQueue(name: "api-q", attributeStrings: [:])
        let sub = try await engine.subscribe(topic: topic, protocol: "sqs", endpoint: Fixtures.context.queueArn("api-q"),
                                             attributes: ["RawMessageDelivery": "true", "FilterPolicy": #"{"kind":["signup"]}"#])
        let templateTopic = Fixtures.context.topicArn("signups")
        let tap = try await engine.subscribe(topic: templateTopic, protocol: "sqs", endpoint: Fixtures.context.queueArn("api-q"))
        try await engine.setSubscriptionAttribute(tap, name: "RawMessageDelivery", value: "true")
        let doomed = try await engine.createTopic(name: "doomed")
        try await engine.deleteTopic(doomed)
        store.close()

        (engine, store) = try await start()
        defer { store.close() }
        #expect(await engine.topicArnsByName().contains(topic))
        #expect(!(await engine.topicArnsByName().contains(doomed)))
        let attrs = try await engine.topicAttributes(topic)
        #expect(attrs["DisplayName"] == "API" && attrs["TracingConfig"] == "Active")
        #expect(try await engine.topicTags(topic) == ["team": "growth"])
        let subAttrs = try await engine.subscriptionAttributes(sub)
        #expect(subAttrs["RawMessageDelivery"] == "true" && subAttrs["FilterPolicy"] == #"{"kind":["signup"]}"#)
        #expect(try await engine.subscriptionAttributes(tap)["RawMessageDelivery"] == "true")
        // The template's own subscriptions are still there beside the API one.
        #expect(try await engine.subscriptionList(topic: templateTopic).count == 3)

        // The restored subscription still filters and delivers raw.
        let signup: MessageAttributes = ["kind": .string("signup")]
        _ = try await engine.publish(PublishRequest(topic: topic, message: "yes", attributes: signup))
        _ = try await engine.publish(PublishRequest(topic: topic, message: "no", attributes: ["kind": .string("other")]))
        let got = try await engine.receive(queue: "api-q", max: 10)
        #expect(got.map(\.body) == ["yes"])
    }
}
