import IngestCore
import IngestTestSupport
import Testing

/// The engine's SNS API rules: idempotent creation, attribute and subscription checks, batch publishing.
@Suite("SNS topic and subscription operations")
struct TopicAPITests {
    func engine() throws -> Engine { try Engine(definition: Fixtures.seedLike(), clock: ManualClock()) }

    func snsError(_ body: () async throws -> Void) async -> SNSError? {
        do { try await body() } catch let e as SNSError { return e } catch { return nil }
        return nil
    }

    @Test("CreateTopic is idempotent with the same attributes and tags; different ones, bad names and FIFO are InvalidParameter")
    func create() async throws {
        let e = try engine()
        let arn = try await e.createTopic(name: "t", attributes: ["DisplayName": "T"], tags: ["a": "1"])
        #expect(arn == Fixtures.context.topicArn("t"))
        #expect(try await e.createTopic(name: "t", attributes: ["DisplayName": "T"]) == arn)
        #expect(await snsError { _ = try await e.createTopic(name: "t", attributes: ["DisplayName": "U"]) }?.code == "InvalidParameter")
        #expect(await snsError { _ = try await e.createTopic(name: "t", tags: ["a": "2"]) }?.code == "InvalidParameter")
        #expect(await snsError { _ = try await e.createTopic(name: "has space") }?.code == "InvalidParameter")
        #expect(await snsError { _ = try await e.createTopic(name: "x.fifo", attributes: ["FifoTopic": "true"]) }?.code == "InvalidParameter")
        #expect(await snsError { _ = try await e.createTopic(name: "t2", attributes: ["Nope": "1"]) }?.code == "InvalidParameter")
        #expect(await snsError { _ = try await e.createTopic(name: "t2", attributes: ["Policy": "not json"]) }?.code == "InvalidParameter")
        #expect(try await e.topicAttributes(arn)["SubscriptionsConfirmed"] == "0")
    }

    @Test("Subscribe takes sqs endpoints only, checks attributes and policies, and is idempotent; Unsubscribe stops delivery")
    func subscribe() async throws {
        let e = try engine()
        let topic = try await e.createTopic(name: "t")
        let q = Fixtures.context.queueArn("metadata")
        #expect(await snsError { _ = try await e.subscribe(topic: topic, protocol: "http", endpoint: "http://x") }?.code == "InvalidParameter")
        #expect(await snsError { _ = try await e.subscribe(topic: topic, protocol: "sqs", endpoint: "metadata") }?.code == "InvalidParameter")
        #expect(await snsError { _ = try await e.subscribe(topic: topic, protocol: "sqs", endpoint: q, attributes: ["RawMessageDelivery": "yes"]) }?.code == "InvalidParameter")
        #expect(await snsError { _ = try await e.subscribe(topic: topic, protocol: "sqs", endpoint: q, attributes: ["FilterPolicy": #"{"a":[{"nope":1}]}"#]) }?.code == "InvalidParameter")
        #expect(await snsError { _ = try await e.subscribe(topic: topic, protocol: "sqs", endpoint: q, attributes: ["DeliveryPolicy": "{}"]) }?.code == "InvalidParameter")
        #expect(await snsError { _ = try await e.subscribe(topic: "missing", protocol: "sqs", endpoint: q) }?.code == "NotFound")
        let sub = try await e.subscribe(topic: topic, protocol: "sqs", endpoint: q, attributes: ["RawMessageDelivery": "true"])
        #expect(try await e.subscribe(topic: topic, protocol: "sqs", endpoint: q, attributes: ["RawMessageDelivery": "true"]) == sub)
        #expect(await snsError { _ = try await e.subscribe(topic: topic, protocol: "sqs", endpoint: q, attributes: ["RawMessageDelivery": "false"]) }?.code == "InvalidParameter")
        _ = try await e.publish(PublishRequest(topic: topic, message: "one"))
        try await e.unsubscribe(sub)
        try await e.unsubscribe(sub)
        _ = try await e.publish(PublishRequest(topic: topic, message: "two"))
        #expect(try await e.receive(queue: "metadata", max: 10).map(\.body) == ["one"])
        #expect(await snsError { _ = try await e.subscriptionAttributes(sub) }?.code == "NotFound")
    }

    @Test("a filter policy set on a live subscription applies to the next publish; an invalid one changes nothing")
    func setFilter() async throws {
        let e = try engine()
        let topic = Fixtures.context.topicArn("signups")
        let sub = try #require(try await e.subscriptionList(topic: topic).first { $0.definition.endpoint.hasSuffix(":metadata") }?.arn)
        #expect(await snsError { try await e.setSubscriptionAttribute(sub, name: "FilterPolicy", value: "[") }?.code == "InvalidParameter")
        try await e.setSubscriptionAttribute(sub, name: "FilterPolicy", value: #"{"kind":["keep"]}"#)
        _ = try await e.publish(PublishRequest(topic: topic, message: "dropped", attributes: ["kind": .string("other")]))
        _ = try await e.publish(PublishRequest(topic: topic, message: "kept", attributes: ["kind": .string("keep")]))
        #expect(try await e.receive(queue: "metadata", max: 10).map(\.body) == ["kept"])
        try await e.setSubscriptionAttribute(sub, name: "FilterPolicy", value: "")
        #expect(try await e.subscriptionAttributes(sub)["FilterPolicy"] == nil)
    }

    @Test("PublishBatch: 1 to 10 distinct ids; entries fail one by one; a missing topic fails the whole call")
    func batch() async throws {
        let e = try engine()
        let topic = Fixtures.context.topicArn("signups")
        func entry(_ id: String, _ m: String) -> BatchEntry<PublishRequest> { BatchEntry(id: id, payload: PublishRequest(topic: topic, message: m)) }
        #expect(await snsError { _ = try await e.publishBatch(topic: topic, []) }?.code == "EmptyBatchRequest")
        #expect(await snsError { _ = try await e.publishBatch(topic: topic, (0..<11).map { entry("e\($0)", "m") }) }?.code == "TooManyEntriesInBatchRequest")
        #expect(await snsError { _ = try await e.publishBatch(topic: topic, [entry("a", "1"), entry("a", "2")]) }?.code == "BatchEntryIdsNotDistinct")
        #expect(await snsError { _ = try await e.publishBatch(topic: "missing", [entry("a", "1")]) }?.code == "NotFound")
        let r = try await e.publishBatch(topic: topic, [entry("a", "1"), entry("b", ""), entry("c", "3")])
        #expect(Set(r.successful.keys) == ["a", "c"])
        #expect(r.failed.map(\.id) == ["b"] && r.failed.first?.code == "InvalidParameter")
        #expect(Set(try await e.receive(queue: "metadata", max: 10).map(\.body)) == ["1", "3"])
    }

    @Test("MessageStructure=json gives SQS its sqs entry, else default; without default it is refused")
    func structure() throws {
        #expect(try SNSAttributes.message(#"{"default":"d","sqs":"q"}"#, structure: "json") == "q")
        #expect(try SNSAttributes.message(#"{"default":"d"}"#, structure: "json") == "d")
        #expect(throws: SNSError.self) { try SNSAttributes.message(#"{"sqs":"q"}"#, structure: "json") }
        #expect(throws: SNSError.self) { try SNSAttributes.message("not json", structure: "json") }
        #expect(try SNSAttributes.message("plain", structure: nil) == "plain")
    }
}
