import IngestCore
import IngestTestSupport
import Testing

@Suite("Queue receive, visibility and delete", .timeLimit(.minutes(1)))
struct QueueReceiveTests {
    let clock = ManualClock()

    func engine(_ queues: QueueDefinition...) throws -> Engine {
        try Engine(definition: PipelineDefinition(context: Fixtures.context, queues: queues), clock: clock)
    }

    @Test("every receive increments the receive count, issues a new handle and hides the message for the VT")
    func receiveIncrementsCount() async throws {
        let e = try engine(Fixtures.queue("q", visibilityTimeout: 30))
        _ = try await e.send(queue: "q", SendRequest(body: "hello"))
        let first = try await e.receive(queue: "q")
        #expect(first.count == 1)
        #expect(first[0].attributes["ApproximateReceiveCount"] == "1")
        #expect(try await e.receive(queue: "q").isEmpty)
        clock.advance(seconds: 29.999)
        #expect(try await e.receive(queue: "q").isEmpty)
        clock.advance(seconds: 0.001)
        let second = try await e.receive(queue: "q")
        #expect(second.count == 1)
        #expect(second[0].attributes["ApproximateReceiveCount"] == "2")
        #expect(second[0].receiptHandle != first[0].receiptHandle)
        #expect(second[0].attributes["ApproximateFirstReceiveTimestamp"] == first[0].attributes["ApproximateFirstReceiveTimestamp"])
    }

    @Test("a per-call visibility timeout applies only to that receive")
    func perCallVisibility() async throws {
        let e = try engine(Fixtures.queue("q", visibilityTimeout: 30))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        _ = try await e.receive(queue: "q", visibilityTimeout: 5)
        clock.advance(seconds: 5)
        #expect(try await e.receive(queue: "q").count == 1)   // back after 5 s, received with the default 30 s
        clock.advance(seconds: 29)
        #expect(try await e.receive(queue: "q").isEmpty)
        clock.advance(seconds: 1)
        #expect(try await e.receive(queue: "q").count == 1)
    }

    @Test("ChangeMessageVisibility counts from the call, not from the receive")
    func changeVisibilityCountsFromCall() async throws {
        let e = try engine(Fixtures.queue("q", visibilityTimeout: 60))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        let r = try await e.receive(queue: "q")[0]
        clock.advance(seconds: 15)
        try await e.changeVisibility(queue: "q", receiptHandle: r.receiptHandle, timeout: 10)
        clock.advance(seconds: 9.999)
        #expect(try await e.receive(queue: "q").isEmpty)
        clock.advance(seconds: 0.001)   // 25 s after the receive
        #expect(try await e.receive(queue: "q").count == 1)
    }

    @Test("a changed visibility is forgotten by the next receive")
    func changeVisibilityNotRemembered() async throws {
        let e = try engine(Fixtures.queue("q", visibilityTimeout: 30))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        let r = try await e.receive(queue: "q")[0]
        try await e.changeVisibility(queue: "q", receiptHandle: r.receiptHandle, timeout: 300)
        clock.advance(seconds: 300)
        _ = try await e.receive(queue: "q")
        clock.advance(seconds: 30)
        #expect(try await e.receive(queue: "q").count == 1)
    }

    @Test("visibility 0 releases the message at once")
    func changeVisibilityZeroReleases() async throws {
        let e = try engine(Fixtures.queue("q"))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        let r = try await e.receive(queue: "q")[0]
        try await e.changeVisibility(queue: "q", receiptHandle: r.receiptHandle, timeout: 0)
        #expect(try await e.receive(queue: "q").count == 1)
    }

    @Test("total hidden time cannot pass 12 hours")
    func visibilityCap() async throws {
        let e = try engine(Fixtures.queue("q", visibilityTimeout: 43_000))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        let r = try await e.receive(queue: "q")[0]
        clock.advance(seconds: 3_600)
        await #expect(throws: SQSError.self) { try await e.changeVisibility(queue: "q", receiptHandle: r.receiptHandle, timeout: 43_200 - 3_599) }
        try await e.changeVisibility(queue: "q", receiptHandle: r.receiptHandle, timeout: 43_200 - 3_600)
    }

    @Test("a message that is not in flight is MessageNotInflight")
    func notInFlight() async throws {
        let e = try engine(Fixtures.queue("q", visibilityTimeout: 10))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        let r = try await e.receive(queue: "q")[0]
        clock.advance(seconds: 10)
        do {
            try await e.changeVisibility(queue: "q", receiptHandle: r.receiptHandle, timeout: 10)
            Issue.record("expected MessageNotInflight")
        } catch let error as SQSError {
            #expect(error.code == "MessageNotInflight")
        }
    }

    @Test("a stale receipt handle succeeds and deletes nothing; the latest one deletes")
    func staleHandle() async throws {
        let e = try engine(Fixtures.queue("q", visibilityTimeout: 10))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        let old = try await e.receive(queue: "q")[0]
        clock.advance(seconds: 10)
        let latest = try await e.receive(queue: "q")[0]
        try await e.delete(queue: "q", receiptHandle: old.receiptHandle)
        #expect(await e.status().queues[0].inFlight == 1)
        try await e.delete(queue: "q", receiptHandle: latest.receiptHandle)
        let s = await e.status().queues[0]
        #expect(s.visible + s.inFlight + s.delayed == 0)
    }

    @Test("a malformed receipt handle is ReceiptHandleIsInvalid")
    func malformedHandle() async throws {
        let e = try engine(Fixtures.queue("q"))
        do {
            try await e.delete(queue: "q", receiptHandle: "garbage")
            Issue.record("expected an error")
        } catch let error as SQSError {
            #expect(error.code == "ReceiptHandleIsInvalid")
        }
    }

    @Test("the latest handle deletes even after its visibility timeout ran out")
    func deleteAfterTimeout() async throws {
        let e = try engine(Fixtures.queue("q", visibilityTimeout: 10))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        let r = try await e.receive(queue: "q")[0]
        clock.advance(seconds: 20)
        try await e.delete(queue: "q", receiptHandle: r.receiptHandle)
        #expect(try await e.receive(queue: "q").isEmpty)
    }

    @Test("receive returns at most MaxNumberOfMessages and rejects values outside 1...10")
    func receiveMax() async throws {
        let e = try engine(Fixtures.queue("q"))
        for i in 0..<15 { _ = try await e.send(queue: "q", SendRequest(body: "m\(i)")) }
        #expect(try await e.receive(queue: "q", max: 10).count == 10)
        #expect(try await e.receive(queue: "q", max: 10).count == 5)
        await #expect(throws: SQSError.self) { try await e.receive(queue: "q", max: 11) }
        await #expect(throws: SQSError.self) { try await e.receive(queue: "q", max: 0) }
        await #expect(throws: SQSError.self) { try await e.receive(queue: "q", waitSeconds: 21) }
    }

    @Test("messages keep their body, attributes and MD5s")
    func bodyAndMD5() async throws {
        let e = try engine(Fixtures.queue("q"))
        let sent = try await e.send(queue: "q", SendRequest(body: "hello", attributes: ["k": .string("v")]))
        #expect(sent.md5OfMessageBody == "5d41402abc4b2a76b9719d911017c592")
        let r = try await e.receive(queue: "q")[0]
        #expect(r.body == "hello")
        #expect(r.messageAttributes["k"] == .string("v"))
        #expect(r.md5OfBody == sent.md5OfMessageBody)
        #expect(r.md5OfMessageAttributes == sent.md5OfMessageAttributes)
        #expect(r.messageId == sent.messageId)
    }

    @Test("a long poll wakes on arrival instead of waiting out its time")
    func longPollWakesOnArrival() async throws {
        let e = try engine(Fixtures.queue("q"))
        async let got = e.receive(queue: "q", waitSeconds: 20)
        while try await e.waitingReceivers("q") == 0 { await Task.yield() }
        _ = try await e.send(queue: "q", SendRequest(body: "wake"))
        let r = try await got
        #expect(r.map(\.body) == ["wake"])
    }

    @Test("a long poll returns empty when its wait ends")
    func longPollTimesOut() async throws {
        let e = try engine(Fixtures.queue("q"))
        async let got = e.receive(queue: "q", waitSeconds: 5)
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(seconds: 5)
        #expect(try await got.isEmpty)
    }

    @Test("a long poll wakes when an in-flight message becomes visible again")
    func longPollWakesOnVisibility() async throws {
        let e = try engine(Fixtures.queue("q", visibilityTimeout: 3))
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        _ = try await e.receive(queue: "q")
        async let got = e.receive(queue: "q", waitSeconds: 20)
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(seconds: 3)
        #expect(try await got.count == 1)
    }
}

@Suite("Long polls and dead-letter edge cases", .timeLimit(.minutes(1)))
struct LongPollEdgeTests {
    let clock = ManualClock()

    @Test("a long poll wakes when a delayed message becomes visible")
    func wakesOnDelayedMessage() async throws {
        let e = try Engine(definition: PipelineDefinition(context: Fixtures.context, queues: [Fixtures.queue("q")]), clock: clock)
        async let got = e.receive(queue: "q", waitSeconds: 20)
        while try await e.waitingReceivers("q") == 0 { await Task.yield() }
        _ = try await e.send(queue: "q", SendRequest(body: "later", delaySeconds: 2))
        while clock.sleeperCount < 1 { await Task.yield() }
        clock.advance(seconds: 2)
        #expect(try await got.map(\.body) == ["later"])
    }

    @Test("a queue whose DLQ was deleted keeps delivering instead of losing messages")
    func missingDLQ() async throws {
        let e = try Engine(definition: PipelineDefinition(context: Fixtures.context, queues: [
            Fixtures.queue("dlq"), Fixtures.queue("q", visibilityTimeout: 1, dlq: "dlq", maxReceiveCount: 1),
        ]), clock: clock)
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        _ = try await e.receive(queue: "q")
        try await e.deleteQueue("dlq")
        clock.advance(seconds: 1)
        let r = try await e.receive(queue: "q")
        #expect(r.map(\.body) == ["x"])
        #expect(r.first?.attributes["ApproximateReceiveCount"] == "2")
        #expect(await e.recentEvents().contains { $0.message.contains("dead-letter queue missing") })
    }

    @Test("maxReceiveCount 1 and 1000 are accepted at creation; a missing DLQ target is refused")
    func createQueueRedriveBounds() async throws {
        let e = try Engine(definition: PipelineDefinition(context: Fixtures.context, queues: [Fixtures.queue("dlq")]), clock: clock)
        for (n, ok) in [(1, true), (1000, true), (0, false), (1001, false)] {
            var a = QueueAttributes()
            a.redrivePolicy = RedrivePolicy(deadLetterTargetArn: Fixtures.context.queueArn("dlq"), maxReceiveCount: n)
            do {
                try await e.createQueue(name: "q\(n)", attributes: a)
                #expect(ok, "maxReceiveCount \(n) should be refused")
            } catch {
                #expect(!ok)
                #expect(error.code == "InvalidAttributeValue")
            }
        }
        var a = QueueAttributes()
        a.redrivePolicy = RedrivePolicy(deadLetterTargetArn: Fixtures.context.queueArn("nope"), maxReceiveCount: 3)
        await #expect(throws: SQSError.self) { try await e.createQueue(name: "orphan", attributes: a) }
        await #expect(throws: SQSError.self) { try await e.setQueueAttributes("dlq", a) }
    }

    @Test("ChangeMessageVisibilityBatch and DeleteMessageBatch report single failures with 200 semantics")
    func otherBatches() async throws {
        let e = try Engine(definition: PipelineDefinition(context: Fixtures.context, queues: [Fixtures.queue("q")]), clock: clock)
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        let h = try await e.receive(queue: "q")[0].receiptHandle
        let c = try await e.changeVisibilityBatch(queue: "q", [BatchEntry(id: "good", payload: (h, 0)), BatchEntry(id: "bad", payload: ("junk", 5))])
        #expect(c.successful.keys.sorted() == ["good"])
        #expect(c.failed.map(\.code) == ["ReceiptHandleIsInvalid"])
        await #expect(throws: SQSError.self) { try await e.changeVisibilityBatch(queue: "q", []) }
        await #expect(throws: SQSError.self) { try await e.deleteBatch(queue: "q", (0..<11).map { BatchEntry(id: "d\($0)", payload: h) }) }
        let h2 = try await e.receive(queue: "q")[0].receiptHandle
        let d = try await e.deleteBatch(queue: "q", [BatchEntry(id: "a", payload: h2), BatchEntry(id: "b", payload: "junk")])
        #expect(d.successful.keys.sorted() == ["a"])
        #expect(d.failed.map(\.id) == ["b"])
    }

    @Test("a move task moves a dead letter whose visibility timeout ended even if nothing touched the DLQ since")
    func moveAfterVisibilityEnds() async throws {
        let e = try Engine(definition: PipelineDefinition(context: Fixtures.context, queues: [
            Fixtures.queue("dlq", visibilityTimeout: 5), Fixtures.queue("q", visibilityTimeout: 1, dlq: "dlq", maxReceiveCount: 1),
        ]), clock: clock)
        _ = try await e.send(queue: "q", SendRequest(body: "x"))
        _ = try await e.receive(queue: "q")
        clock.advance(seconds: 1)
        _ = try await e.receive(queue: "q")
        _ = try await e.receive(queue: "dlq")   // someone looks at it
        clock.advance(seconds: 5)              // and lets it go
        let t = try await e.startMoveTask(RedriveRequest(source: "dlq"))
        #expect(await e.waitForMoveTask(t.taskHandle!)?.approximateNumberOfMessagesMoved == 1)
    }
}
