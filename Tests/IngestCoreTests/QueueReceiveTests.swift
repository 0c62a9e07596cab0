import IngestCore
import IngestTestSupport
import Testing

@Suite("Queue receive, visibility and delete")
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
