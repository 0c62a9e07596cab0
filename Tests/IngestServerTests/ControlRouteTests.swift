import Foundation
import HummingbirdTesting
import IngestAPI
import IngestCore
import IngestTestSupport
import Testing

/// The control API's queue and move-task routes in process (Hummingbird's router test framework, no
/// socket). Every request is built by its typed operation's `request()` and every reply decoded with its
/// `Reply`, so each test also proves the client's encoding and the server's decoding agree.
@Suite("Control routes in process: queues and move tasks", .timeLimit(.minutes(1)))
struct ControlRouteTests {
    let clock = ManualClock()

    @Test("a publish through the control API shows in the status: one message in each worker queue, the DLQs empty")
    func statusAfterPublish() async throws {
        let (_, app) = try ControlRoutes.app(clock: clock)
        try await app.test(.router) { client in
            let published = try await client.reply(PublishOperation(body: .init(topic: ControlRoutes.topic, message: "hello", subject: nil)))
            #expect(!published.messageId.isEmpty)
            let status = try await client.reply(StatusOperation())
            let depths = Dictionary(uniqueKeysWithValues: status.queues.map { ($0.name, $0.visible) })
            #expect(depths == ["metadata": 1, "onboarding": 1, "metadata-dlq": 0, "onboarding-dlq": 0, "sns-dlq": 0])
            #expect(status.topics.first { $0.arn == ControlRoutes.topic }?.published == 1)
            #expect(status.queues.first { $0.name == "metadata" }?.deadLetterQueue == "metadata-dlq")
        }
    }

    @Test("a DLQ page (the queue given by ARN) lists dead letters in order, pages with after and limit, and receives nothing")
    func deadLetterPaging() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        let bodies = (0..<5).map { "signup-\($0)" }
        let ids = try await ControlRoutes.deadLetter(p, clock: clock, bodies)
        try await app.test(.router) { client in
            let first = try await client.reply(DeadLettersOperation(queue: ControlRoutes.dlqArn, limit: 2))
            #expect(first.queue == "metadata-dlq")
            #expect(first.total == 5)
            #expect(first.messages.map(\.messageId) == Array(ids[0..<2]))
            #expect(first.messages.allSatisfy { $0.sourceQueue == "metadata" && $0.receiveCount == 1 && $0.state == .visible })
            #expect(first.nextCursor == first.messages.last?.cursor)
            let second = try await client.reply(DeadLettersOperation(queue: ControlRoutes.dlqArn, after: first.nextCursor, limit: 2))
            #expect(second.messages.map(\.body) == Array(bodies[2..<4]))
            let last = try await client.reply(DeadLettersOperation(queue: ControlRoutes.dlqArn, after: second.nextCursor, limit: 2))
            #expect(last.messages.map(\.body) == ["signup-4"])
            #expect(last.nextCursor == nil)
            // Reading again sees the same messages with the same receive counts: a page is a peek, not a receive.
            let again = try await client.reply(DeadLettersOperation(queue: "metadata-dlq", limit: 50))
            #expect(again.messages.map(\.receiveCount) == [1, 1, 1, 1, 1])
            #expect(again.messages.map(\.messageId) == ids)
        }
        let dlq = try await ControlRoutes.queue(p, "metadata-dlq")
        #expect((dlq.visible, dlq.inFlight) == (5, 0))
    }

    @Test("a redrive at one message a second moves the DLQ back to its source as the clock allows, then reports COMPLETED")
    func redrive() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        try await ControlRoutes.deadLetter(p, clock: clock, ["a", "b", "c"])
        let t0 = clock.now()
        try await app.test(.router) { client in
            let started = try await client.reply(RedriveOperation(body: RedriveRequest(source: ControlRoutes.dlqArn, maxPerSecond: 1)))
            #expect(started.status == .running)
            #expect(started.approximateNumberOfMessagesToMove == 3)
            #expect(started.sourceArn == ControlRoutes.dlqArn)
            let handle = try #require(started.taskHandle)
            // One message moves at once; the task then sleeps on the clock until its next slot.
            try await clock.parked(until: t0.adding(seconds: 1))
            let running = try await client.reply(ListMoveTasksOperation(source: "metadata-dlq"))
            #expect(running.map(\.status) == [.running])
            #expect(running.first?.approximateNumberOfMessagesMoved == 1)
            #expect(running.first?.taskHandle == handle)
            clock.advance(seconds: 1)
            try await clock.parked(until: t0.adding(seconds: 2))
            clock.advance(seconds: 1)
            let done = try await client.reply(WaitMoveTaskOperation(handle: handle))
            #expect(done.status == .completed)
            #expect(done.approximateNumberOfMessagesMoved == 3)
            #expect(done.taskHandle == nil)
            let listed = try await client.reply(ListMoveTasksOperation(source: ControlRoutes.dlqArn))
            #expect(listed.map(\.status) == [.completed])
            let back = try await client.reply(DeadLettersOperation(queue: "metadata"))
            #expect(back.messages.map(\.body) == ["a", "b", "c"])
            #expect(back.messages.allSatisfy { $0.receiveCount == 0 })
        }
        #expect(try await ControlRoutes.queue(p, "metadata-dlq").visible == 0)
    }

    @Test("cancelling a running move task keeps what it moved, leaves the rest in the DLQ, and a second cancel is 404")
    func cancelMoveTask() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        try await ControlRoutes.deadLetter(p, clock: clock, ["a", "b", "c"])
        let t0 = clock.now()
        try await app.test(.router) { client in
            _ = try await client.reply(RedriveOperation(body: RedriveRequest(source: "metadata-dlq", maxPerSecond: 1)))
            try await clock.parked(until: t0.adding(seconds: 1))
            let cancelled = try await client.reply(CancelMoveTaskOperation(body: .init(source: ControlRoutes.dlqArn)))
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.approximateNumberOfMessagesMoved == 1)
            #expect(cancelled.taskHandle == nil)
            #expect(try await client.reply(ListMoveTasksOperation()).map(\.status) == [.cancelled])
            let again = try await client.failure(CancelMoveTaskOperation(body: .init(source: "metadata-dlq")))
            #expect(again.status == 404)
            #expect(again.error.code == "ResourceNotFoundException")
        }
        #expect(try await ControlRoutes.queue(p, "metadata").visible == 1)
        #expect(try await ControlRoutes.queue(p, "metadata-dlq").visible == 2)
    }

    @Test("purge empties one queue and says how many it removed; the other worker queue keeps its copies")
    func purge() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        for i in 0..<3 { _ = try await p.engine.publish(PublishRequest(topic: ControlRoutes.topic, message: "m\(i)")) }
        try await app.test(.router) { client in
            let result = try await client.reply(PurgeQueueOperation(queue: Fixtures.context.queueArn("metadata")))
            #expect(result.queue == "metadata")
            #expect(result.purged == 3)
        }
        #expect(try await ControlRoutes.queue(p, "metadata").visible == 0)
        #expect(try await ControlRoutes.queue(p, "onboarding").visible == 3)
    }

    @Test("deleting one message by id removes only that one; deleting it again is a 400")
    func deleteMessage() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        let ids = try await ControlRoutes.deadLetter(p, clock: clock, ["keep", "drop"])
        try await app.test(.router) { client in
            #expect(try await client.reply(DeleteMessageOperation(queue: ControlRoutes.dlqArn, messageId: ids[1])) == ["deleted": ids[1]])
            let left = try await client.reply(DeadLettersOperation(queue: ControlRoutes.dlqArn))
            #expect(left.messages.map(\.body) == ["keep"])
            let again = try await client.failure(DeleteMessageOperation(queue: ControlRoutes.dlqArn, messageId: ids[1]))
            #expect(again.status == 400)
            #expect(again.error.code == "InvalidParameterValue")
        }
        #expect(try await ControlRoutes.queue(p, "metadata-dlq").visible == 1)
    }

    @Test("resending a dead letter with an edited body sends the edit to its source queue as a new message and removes the original")
    func resendEdited() async throws {
        let (p, app) = try ControlRoutes.app(clock: clock)
        let ids = try await ControlRoutes.deadLetter(p, clock: clock, ["{\"broken\":true}"])
        try await app.test(.router) { client in
            let sent = try await client.reply(ResendMessageOperation(queue: ControlRoutes.dlqArn, messageId: ids[0],
                                                                     body: .init(body: "{\"fixed\":true}", to: nil)))
            #expect(sent.messageId != ids[0])
            #expect(sent.md5OfMessageBody == MD5.hex("{\"fixed\":true}"))
            let source = try await client.reply(DeadLettersOperation(queue: "metadata"))
            #expect(source.messages.map(\.body) == ["{\"fixed\":true}"])
            #expect(source.messages.map(\.messageId) == [sent.messageId])
        }
        #expect(try await ControlRoutes.queue(p, "metadata-dlq").visible == 0)
    }
}
