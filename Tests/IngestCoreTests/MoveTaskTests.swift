import IngestCore
import IngestTestSupport
import Testing

@Suite("DLQ redrive: message move tasks", .timeLimit(.minutes(1)))
struct MoveTaskTests {
    let clock = ManualClock()

    /// Two sources sharing one DLQ, each message dead-lettered after one receive.
    func engineWithDeadLetters(_ perSource: Int) async throws -> Engine {
        let e = try Engine(definition: PipelineDefinition(context: Fixtures.context, queues: [
            Fixtures.queue("dlq"), Fixtures.queue("other"),
            Fixtures.queue("a", visibilityTimeout: 1, dlq: "dlq", maxReceiveCount: 1),
            Fixtures.queue("b", visibilityTimeout: 1, dlq: "dlq", maxReceiveCount: 1),
        ]), clock: clock)
        for q in ["a", "b"] {
            for i in 0..<perSource { _ = try await e.send(queue: q, SendRequest(body: "\(q)-\(i)")) }
            while try await !e.receive(queue: q, max: 10).isEmpty {}
        }
        clock.advance(seconds: 1)
        for q in ["a", "b"] { _ = try await e.receive(queue: q, max: 10) }
        return e
    }

    func depth(_ e: Engine, _ name: String) async -> Int {
        let q = await e.status().queues.first { $0.name == name }!
        return q.visible + q.inFlight + q.delayed
    }

    func bodies(_ e: Engine, _ name: String) async throws -> [String] {
        try await e.deadLetters(queue: name, limit: 1_000).messages.map(\.body).sorted()
    }

    @Test("a move with no destination returns each message to its own source, even with a shared DLQ")
    func returnsToOwnSource() async throws {
        let e = try await engineWithDeadLetters(3)
        #expect(await depth(e, "dlq") == 6)
        let task = try await e.startMoveTask(RedriveRequest(source: "dlq"))
        let done = await e.waitForMoveTask(task.taskHandle!)
        #expect(done?.status == .completed)
        #expect(done?.approximateNumberOfMessagesMoved == 6)
        #expect(try await bodies(e, "a") == ["a-0", "a-1", "a-2"])
        #expect(try await bodies(e, "b") == ["b-0", "b-1", "b-2"])
        #expect(await depth(e, "dlq") == 0)
    }

    @Test("moved messages are new: new MessageId, receive count 0, fresh retention")
    func movedMessagesAreNew() async throws {
        let e = try await engineWithDeadLetters(1)
        let before = try await e.deadLetters(queue: "dlq").messages.first { $0.body == "a-0" }!
        clock.advance(seconds: 100)
        let t = try await e.startMoveTask(RedriveRequest(source: "dlq", destination: "other"))
        _ = await e.waitForMoveTask(t.taskHandle!)
        let after = try await e.deadLetters(queue: "other").messages.first { $0.body == "a-0" }!
        #expect(after.messageId != before.messageId)
        #expect(after.receiveCount == 0)
        #expect(after.sentTimestamp == clock.now())
        #expect(after.sourceArn == nil)
        #expect(try await e.receive(queue: "other", max: 10).allSatisfy { $0.attributes["ApproximateReceiveCount"] == "1" })
    }

    @Test("a non-DLQ source is rejected, as is a second active task and a rate above 500")
    func startRules() async throws {
        let e = try await engineWithDeadLetters(2)
        for (req, code) in [(RedriveRequest(source: "a"), "UnsupportedOperation"),
                            (RedriveRequest(source: "dlq", maxPerSecond: 501), "InvalidParameterValue"),
                            (RedriveRequest(source: "dlq", maxPerSecond: 0), "InvalidParameterValue")] {
            do { _ = try await e.startMoveTask(req); Issue.record("expected \(code)") } catch { #expect(error.code == code) }
        }
        let t = try await e.startMoveTask(RedriveRequest(source: "dlq", maxPerSecond: 1))
        do { _ = try await e.startMoveTask(RedriveRequest(source: "dlq")); Issue.record("expected a refusal") } catch {
            #expect(error.code == "UnsupportedOperation")
        }
        _ = try await e.cancelMoveTask(t.taskHandle!)
    }

    @Test("velocity paces the task on the clock, and a cancelled task keeps what it moved and loses nothing")
    func cancelHalfway() async throws {
        let e = try await engineWithDeadLetters(5)
        let t = try await e.startMoveTask(RedriveRequest(source: "dlq", maxPerSecond: 2))
        // The first message moves at once; the next two need one more second.
        while clock.sleeperCount == 0 { await Task.yield() }
        #expect(try await e.listMoveTasks(source: "dlq")[0].approximateNumberOfMessagesMoved == 1)
        clock.advance(seconds: 1)
        while try await e.listMoveTasks(source: "dlq")[0].approximateNumberOfMessagesMoved < 3 { await Task.yield() }
        let cancelled = try await e.cancelMoveTask("dlq")
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.approximateNumberOfMessagesMoved == 3)
        #expect(cancelled.taskHandle == nil)
        let all = try await bodies(e, "a") + bodies(e, "b") + bodies(e, "dlq")
        #expect(all.sorted() == (0..<5).flatMap { ["a-\($0)", "b-\($0)"] }.sorted())
        #expect(await depth(e, "dlq") == 7)
        _ = t
    }

    @Test("ListMessageMoveTasks shows the handle only while RUNNING, newest first, with counts")
    func listing() async throws {
        let e = try await engineWithDeadLetters(1)
        let t = try await e.startMoveTask(RedriveRequest(source: "dlq", maxPerSecond: 1))
        let running = try await e.listMoveTasks(source: "dlq", maxResults: 1)[0]
        #expect(running.status == .running)
        #expect(running.taskHandle == t.taskHandle)
        #expect(running.approximateNumberOfMessagesToMove == 2)
        #expect(running.maxNumberOfMessagesPerSecond == 1)
        #expect(running.destinationArn == nil)
        clock.advance(seconds: 1)
        let finished = await e.waitForMoveTask(t.taskHandle!)!
        #expect(finished.status == .completed)
        #expect(finished.taskHandle == nil)
        await #expect(throws: SQSError.self) { try await e.listMoveTasks(maxResults: 11) }
    }

    @Test("a move whose source queue is gone fails with a reason and leaves the message in the DLQ")
    func failedTask() async throws {
        let e = try await engineWithDeadLetters(1)
        try await e.deleteQueue("a")
        let t = try await e.startMoveTask(RedriveRequest(source: "dlq"))
        let done = await e.waitForMoveTask(t.taskHandle!)!
        #expect(done.status == .failed)
        #expect(done.failureReason?.contains("NonExistentQueue") == true)
        #expect(await depth(e, "dlq") + (await depth(e, "b")) == 2)
    }

    @Test("redrive of selected message ids moves only those")
    func selectedIds() async throws {
        let e = try await engineWithDeadLetters(3)
        let pick = try await e.deadLetters(queue: "dlq").messages.filter { $0.body == "a-1" || $0.body == "b-2" }.map(\.messageId)
        let t = try await e.startMoveTask(RedriveRequest(source: "dlq", messageIds: pick))
        #expect(await e.waitForMoveTask(t.taskHandle!)?.approximateNumberOfMessagesMoved == 2)
        #expect(try await bodies(e, "a") == ["a-1"])
        #expect(try await bodies(e, "b") == ["b-2"])
        #expect(await depth(e, "dlq") == 4)
        await #expect(throws: SQSError.self) { try await e.startMoveTask(RedriveRequest(source: "dlq", messageIds: ["nope"])) }
    }

    @Test("an edited dead letter is sent to its source and the original removed only after the send")
    func editAndResend() async throws {
        let e = try await engineWithDeadLetters(1)
        let m = try await e.deadLetters(queue: "dlq").messages.first { $0.body == "a-0" }!
        await #expect(throws: SQSError.self) { try await e.resend(queue: "dlq", messageId: m.messageId, body: "", to: nil) }
        #expect(await depth(e, "dlq") == 2)   // a failed send removes nothing
        _ = try await e.resend(queue: "dlq", messageId: m.messageId, body: "{\"fixed\":true}", to: nil)
        #expect(try await bodies(e, "a") == ["{\"fixed\":true}"])
        #expect(await depth(e, "dlq") == 1)
    }

    @Test("a page size out of range is clamped to 1...1000, and the cursor still says more follow")
    func pagingClamped() async throws {
        let e = try await engineWithDeadLetters(5)
        let one = try await e.deadLetters(queue: "dlq", limit: 0)
        #expect(one.messages.count == 1)
        #expect(one.nextCursor == one.messages.last?.cursor)
        let rest = try await e.deadLetters(queue: "dlq", after: one.nextCursor, limit: 5_000)
        #expect(rest.messages.count == 9)
        #expect(rest.nextCursor == nil)
    }

    @Test("the DLQ browser pages in arrival order without receiving")
    func paging() async throws {
        let e = try await engineWithDeadLetters(5)
        let p1 = try await e.deadLetters(queue: "dlq", limit: 4)
        #expect(p1.total == 10)
        #expect(p1.messages.count == 4)
        let p2 = try await e.deadLetters(queue: "dlq", after: p1.nextCursor, limit: 4)
        let p3 = try await e.deadLetters(queue: "dlq", after: p2.nextCursor, limit: 4)
        #expect(p3.messages.count == 2)
        #expect(p3.nextCursor == nil)
        let ids = (p1.messages + p2.messages + p3.messages).map(\.messageId)
        #expect(Set(ids).count == 10)
        #expect(p1.messages.allSatisfy { $0.sourceQueue != nil && $0.failureReason != nil })
        #expect(await depth(e, "dlq") == 10)
        #expect(await e.status().queues.first { $0.name == "dlq" }!.inFlight == 0)
    }
}
