import Hummingbird
import IngestAPI
import IngestCore

extension ControlServer {
    /// Routes for the engine, queues, move tasks and topics.
    func addQueueRoutes(to router: Router<BasicRequestContext>) {
        let engine = pipeline.engine
        let host = self.host
        router.register(StatusOperation.self) { _ in host.complete(await engine.status()) }
        router.register(KeysOperation.self) { _ in host.keys(topicArns: await engine.topicArns()) }
        router.register(EventsOperation.self) { op in await engine.recentEvents(limit: op.limit) }
        router.register(DeadLettersOperation.self) { op in try await engine.deadLetters(queue: op.queue, after: op.after, limit: op.limit) }
        router.register(PurgeQueueOperation.self) { op in try await engine.purge(queue: op.queue) }
        router.register(ResendMessageOperation.self) { op in
            try await engine.resend(queue: op.queue, messageId: op.messageId, body: op.body.body, to: op.body.to)
        }
        router.register(DeleteMessageOperation.self) { op in
            try await engine.deleteMessage(queue: op.queue, messageId: op.messageId)
            return ["deleted": op.messageId]
        }
        router.register(RedriveOperation.self) { op in try await engine.startMoveTask(op.body) }
        router.register(ListMoveTasksOperation.self) { op in try await engine.listMoveTasks(source: op.source, maxResults: op.max) }
        router.register(CancelMoveTaskOperation.self) { op in try await engine.cancelMoveTask(op.body.source) }
        router.register(WaitMoveTaskOperation.self) { op in
            guard let info = await engine.waitForMoveTask(op.handle) else { throw SQSError.resourceNotFound("No task \(op.handle).") }
            return info
        }
        router.register(ReplayTopicOperation.self) { op in
            try await engine.replay(topic: op.body.topic, from: op.body.from, to: op.body.to, subscription: op.body.subscription)
        }
        router.register(PublishOperation.self) { op in
            try await engine.publish(PublishRequest(topic: op.body.topic, message: op.body.message, subject: op.body.subject))
        }
    }
}
