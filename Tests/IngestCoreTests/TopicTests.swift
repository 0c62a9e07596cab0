import IngestCore
import IngestTestSupport
import Testing

@Suite("Topic publish, fan-out, envelope, subscription DLQ and archive", .timeLimit(.minutes(1)))
struct TopicTests {
    let clock = ManualClock()
    let topicArn = Fixtures.context.topicArn("signups")

    func status(_ e: Engine, _ name: String) async -> QueueStatus { await e.status().queues.first { $0.name == name }! }

    @Test("a publish fans out to every subscribed queue and returns a MessageId")
    func fanOut() async throws {
        let e = try Engine(definition: Fixtures.seedLike(), clock: clock)
        let r = try await e.publish(PublishRequest(topic: topicArn, message: "{\"user_id\":\"u1\"}", subject: "New user signup"))
        #expect(r.messageId.count == 36)
        #expect(try await e.receive(queue: "metadata").map(\.body) == ["{\"user_id\":\"u1\"}"])
        #expect(try await e.receive(queue: "onboarding").map(\.body) == ["{\"user_id\":\"u1\"}"])
    }

    @Test("raw delivery puts the Message bytes in the body and maps attributes; Subject is lost")
    func rawDelivery() async throws {
        let e = try Engine(definition: Fixtures.seedLike(raw: true), clock: clock)
        _ = try await e.publish(PublishRequest(topic: topicArn, message: "héllo ✓", subject: "s",
                                               attributes: ["kind": .string("signup"), "n": .number("3"), "tags": .stringArray("[\"a\"]")]))
        let m = try await e.receive(queue: "metadata")[0]
        #expect(m.body == "héllo ✓")
        #expect(m.messageAttributes["kind"] == .string("signup"))
        #expect(m.messageAttributes["n"] == .number("3"))
        #expect(m.messageAttributes["tags"] == .stringArray("[\"a\"]"))
    }

    @Test("the envelope matches SNS's shape and key order, with Subject omitted when absent")
    func envelope() async throws {
        let e = try Engine(definition: Fixtures.seedLike(raw: false), clock: clock)
        let r = try await e.publish(PublishRequest(topic: topicArn, message: "{\"a\":1}"))
        let body = try await e.receive(queue: "metadata")[0].body
        let keys = ["\"Type\"", "\"MessageId\"", "\"TopicArn\"", "\"Message\"", "\"Timestamp\"", "\"SignatureVersion\"", "\"Signature\"",
                    "\"SigningCertURL\"", "\"UnsubscribeURL\""]
        let positions = keys.map { body.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(!body.contains("\"Subject\""))
        #expect(!body.contains("\"MessageAttributes\""))
        let v = try JSONValue.parse(body)
        #expect(v["Type"] == "Notification")
        #expect(v["MessageId"]?.stringValue == r.messageId)
        #expect(v["TopicArn"]?.stringValue == topicArn)
        #expect(v["Message"] == "{\"a\":1}")
        #expect(v["Timestamp"]?.stringValue == clock.now().iso8601)
        #expect(v["SignatureVersion"] == "1")
        #expect(v["Timestamp"]?.stringValue?.hasSuffix("Z") == true)
    }

    @Test("the envelope carries Subject and MessageAttributes when published")
    func envelopeWithSubject() async throws {
        let e = try Engine(definition: Fixtures.seedLike(raw: false), clock: clock)
        _ = try await e.publish(PublishRequest(topic: topicArn, message: "m", subject: "New user signup", attributes: ["k": .string("v")]))
        let v = try JSONValue.parse(try await e.receive(queue: "onboarding")[0].body)
        #expect(v["Subject"] == "New user signup")
        #expect(v["MessageAttributes"] == ["k": ["Type": "String", "Value": "v"]])
    }

    @Test("publish limits: over 262,144 bytes, a missing or empty Message, a bad Subject are InvalidParameter")
    func publishLimits() async throws {
        let e = try Engine(definition: Fixtures.seedLike(), clock: clock)
        let cases: [PublishRequest] = [
            PublishRequest(topic: topicArn, message: String(repeating: "x", count: 262_145)),
            PublishRequest(topic: topicArn, message: nil),
            PublishRequest(topic: topicArn, message: ""),
            PublishRequest(topic: topicArn, message: "m", subject: String(repeating: "s", count: 100)),
            PublishRequest(topic: topicArn, message: "m", subject: "line\nbreak"),
        ]
        for c in cases {
            do { _ = try await e.publish(c); Issue.record("expected InvalidParameter") } catch let error as SNSError {
                #expect(error.code == "InvalidParameter")
                #expect(error.httpStatus == 400)
            }
        }
        _ = try await e.publish(PublishRequest(topic: topicArn, message: String(repeating: "x", count: 262_144)))
    }

    @Test("an unknown topic is NotFound 404")
    func unknownTopic() async throws {
        let e = try Engine(definition: Fixtures.seedLike(), clock: clock)
        do { _ = try await e.publish(PublishRequest(topic: "arn:aws:sns:us-east-1:123456789012:nope", message: "m")); Issue.record("expected NotFound") }
        catch let error as SNSError {
            #expect(error.code == "NotFound")
            #expect(error.httpStatus == 404)
        }
    }

    @Test("a delivery the queue cannot accept goes to the subscription DLQ with ErrorCode, ErrorMessage and RequestID")
    func subscriptionDLQ() async throws {
        var d = Fixtures.seedLike()
        d.queues[3] = Fixtures.queue("metadata", dlq: "metadata-dlq", maximumMessageSize: 1024)
        let e = try Engine(definition: d, clock: clock)
        _ = try await e.publish(PublishRequest(topic: topicArn, message: String(repeating: "x", count: 2000)))
        #expect(await status(e, "metadata").visible == 0)
        #expect(await status(e, "onboarding").visible == 1)
        let dead = try await e.receive(queue: "sns-dlq")[0]
        #expect(dead.messageAttributes["ErrorCode"]?.stringValue == "AWS.SimpleQueueService.InvalidParameterValue")
        #expect(dead.messageAttributes["ErrorMessage"]?.stringValue?.contains("1024") == true)
        #expect(dead.messageAttributes["RequestID"]?.stringValue?.count == 36)
        let sub = await e.status().topics[0].subscriptions.first { $0.endpoint.hasSuffix(":metadata") }!
        #expect(sub.failed == 1)
        #expect(sub.redrivenToDLQ == 1)
    }

    @Test("a subscription to a missing queue dead-letters with NonExistentQueue; without a DLQ it is counted, not silent")
    func missingQueueDelivery() async throws {
        var d = Fixtures.seedLike()
        d.subscriptions.append(SubscriptionDefinition(logicalId: "Ghost", topicArn: topicArn, protocol: "sqs",
                                                      endpoint: Fixtures.context.queueArn("ghost"), rawMessageDelivery: true,
                                                      deadLetterTargetArn: Fixtures.context.queueArn("sns-dlq")))
        d.subscriptions.append(SubscriptionDefinition(logicalId: "GhostNoDLQ", topicArn: topicArn, protocol: "sqs",
                                                      endpoint: Fixtures.context.queueArn("ghost2"), rawMessageDelivery: true))
        let e = try Engine(definition: d, clock: clock)
        _ = try await e.publish(PublishRequest(topic: topicArn, message: "m"))
        let dead = try await e.receive(queue: "sns-dlq")[0]
        #expect(dead.messageAttributes["ErrorCode"]?.stringValue == "AWS.SimpleQueueService.NonExistentQueue")
        let subs = await e.status().topics[0].subscriptions
        #expect(subs.first { $0.endpoint.hasSuffix("ghost2") }!.failedToRedriveToDLQ == 1)
        #expect(await e.recentEvents().contains { $0.level == .error && $0.message.contains("dropped") })
    }

    @Test("the DLQ browser shows a subscription dead letter with its source and reason")
    func deadLetterView() async throws {
        var d = Fixtures.seedLike()
        d.queues[3] = Fixtures.queue("metadata", dlq: "metadata-dlq", maximumMessageSize: 1024)
        let e = try Engine(definition: d, clock: clock)
        _ = try await e.publish(PublishRequest(topic: topicArn, message: String(repeating: "y", count: 1500)))
        let page = try await e.deadLetters(queue: "sns-dlq")
        #expect(page.total == 1)
        #expect(page.messages[0].failureReason?.contains("InvalidParameterValue") == true)
        #expect(page.messages[0].sourceArn?.hasPrefix(topicArn) == true)
    }

    @Test("filter policies decide which subscriptions get a message; non-matching ones are counted, not dead-lettered")
    func filterPolicyDelivery() async throws {
        var d = Fixtures.seedLike()
        d.subscriptions[0].filterPolicy = ["kind": ["signup"]]
        let e = try Engine(definition: d, clock: clock)
        _ = try await e.publish(PublishRequest(topic: topicArn, message: "a", attributes: ["kind": .string("signup")]))
        _ = try await e.publish(PublishRequest(topic: topicArn, message: "b", attributes: ["kind": .string("login")]))
        #expect(try await e.receive(queue: "metadata", max: 10).map(\.body) == ["a"])
        #expect(try await e.receive(queue: "onboarding", max: 10).count == 2)
        #expect(await e.status().topics[0].subscriptions[0].filteredOut == 1)
        #expect(await status(e, "sns-dlq").visible == 0)
    }

    @Test("the archive keeps published messages for its retention and replays a time range to the whole topic")
    func replayToTopic() async throws {
        var d = Fixtures.seedLike()
        d.topics[0].archiveRetentionSeconds = 3_600
        let e = try Engine(definition: d, clock: clock)
        let t0 = clock.now()
        _ = try await e.publish(PublishRequest(topic: topicArn, message: "one"))
        clock.advance(seconds: 10)
        _ = try await e.publish(PublishRequest(topic: topicArn, message: "two"))
        clock.advance(seconds: 10)
        _ = try await e.publish(PublishRequest(topic: topicArn, message: "three"))
        _ = try await e.purge(queue: "metadata")
        _ = try await e.purge(queue: "onboarding")
        let r = try await e.replay(topic: topicArn, from: t0.adding(seconds: 5), to: t0.adding(seconds: 20))
        #expect(r.messages == 1)
        #expect(r.deliveries == 2)
        #expect(try await e.receive(queue: "metadata", max: 10).map(\.body) == ["two"])
        #expect(try await e.receive(queue: "onboarding", max: 10).map(\.body) == ["two"])
        clock.advance(seconds: 3_601)
        _ = try await e.publish(PublishRequest(topic: topicArn, message: "four"))
        #expect(await e.status().topics[0].archived == 1)   // older entries trimmed
    }

    @Test("a replay to one subscription delivers only there")
    func replayToSubscription() async throws {
        let e = try Engine(definition: Fixtures.seedLike(), clock: clock)
        let t0 = clock.now()
        _ = try await e.publish(PublishRequest(topic: topicArn, message: "x"))
        _ = try await e.purge(queue: "metadata")
        _ = try await e.purge(queue: "onboarding")
        let sub = await e.status().topics[0].subscriptions.first { $0.endpoint.hasSuffix(":onboarding") }!.arn
        let r = try await e.replay(topic: "signups", from: t0, to: nil, subscription: sub)
        #expect(r.deliveries == 1)
        #expect(await status(e, "metadata").visible == 0)
        #expect(await status(e, "onboarding").visible == 1)
    }
}

@Suite("Publish size counts attributes", .timeLimit(.minutes(1)))
struct PublishSizeTests {
    @Test("message attributes count toward the 262,144-byte limit")
    func attributesCount() async throws {
        let e = try Engine(definition: Fixtures.seedLike(), clock: ManualClock())
        let arn = Fixtures.context.topicArn("signups")
        await #expect(throws: SNSError.self) {
            try await e.publish(PublishRequest(topic: arn, message: String(repeating: "x", count: 262_100), attributes: ["pad": .string(String(repeating: "y", count: 100))]))
        }
        _ = try await e.publish(PublishRequest(topic: arn, message: String(repeating: "x", count: 262_100), attributes: ["p": .string("y")]))
    }
}
