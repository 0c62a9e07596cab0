import ArgumentParser
import Foundation
import IngestCore

/// `ingest bench`: measurements that print figures (never timed tests).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks that print figures.", subcommands: [QueueDepth.self, Publish.self])

    /// Send, receive and delete cost at several queue depths.
    struct QueueDepth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queue-depth",
            abstract: "Measure send, receive and delete cost with a queue already holding N messages.")

        @Option(name: .long, parsing: .upToNextOption, help: "Queue depths to measure at.") var depths: [Int] = [1_000, 1_000_000]
        @Option(name: .long, help: "Operations of each kind per depth.") var ops = 20_000
        @Flag(name: .long, help: "Print JSON.") var json = false

        struct Row: Codable {
            var depth: Int
            var sendNanos: Double
            var receiveNanos: Double
            var deleteNanos: Double
            var prefillSeconds: Double
        }

        func run() async throws {
            var rows: [Row] = []
            for depth in depths {
                var def = PipelineDefinition()
                var a = QueueAttributes()
                a.messageRetentionPeriod = 1_209_600
                def.queues = [QueueDefinition(logicalId: "Q", name: "bench", attributes: a)]
                let engine = try Engine(definition: def)
                let body = "{\"username\":\"bench\",\"user_id\":\"auth0|64b1f0\",\"email\":\"bench@example.com\"}"
                let clock = ContinuousClock()
                let prefill = try await clock.measure {
                    var sent = 0
                    while sent < depth {
                        let n = min(10, depth - sent)
                        _ = try await engine.sendBatch(queue: "bench", (0..<n).map { BatchEntry(id: "e\($0)", payload: SendRequest(body: body)) })
                        sent += n
                    }
                }
                let send = try await clock.measure {
                    for _ in 0..<ops { _ = try await engine.send(queue: "bench", SendRequest(body: body)) }
                }
                var handles: [String] = []
                handles.reserveCapacity(ops)
                let receive = try await clock.measure {
                    for _ in 0..<ops { if let m = try await engine.receive(queue: "bench", max: 1, visibilityTimeout: 600).first { handles.append(m.receiptHandle) } }
                }
                let delete = try await clock.measure {
                    for h in handles { try await engine.delete(queue: "bench", receiptHandle: h) }
                }
                func ns(_ d: Duration, _ n: Int) -> Double { Double(d.components.seconds) * 1e9 / Double(n) + Double(d.components.attoseconds) / 1e9 / Double(n) }
                rows.append(Row(depth: depth, sendNanos: ns(send, ops), receiveNanos: ns(receive, ops), deleteNanos: ns(delete, max(1, handles.count)),
                                prefillSeconds: Double(prefill.components.seconds) + Double(prefill.components.attoseconds) / 1e18))
            }
            if json { return try Output.json(rows) }
            print("queue operation cost by depth (\(ops) operations each, in-process engine, memory store)")
            Output.table(["DEPTH", "SEND ns/op", "RECEIVE ns/op", "DELETE ns/op", "PREFILL s"], rows.map {
                [String($0.depth), String(format: "%.0f", $0.sendNanos), String(format: "%.0f", $0.receiveNanos),
                 String(format: "%.0f", $0.deleteNanos), String(format: "%.2f", $0.prefillSeconds)]
            })
        }
    }

    /// Publish fan-out throughput through the engine (no HTTP).
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "publish", abstract: "Measure publishes per second into a topic with two raw SQS subscriptions.")

        @Option(name: .long, help: "Messages to publish.") var count = 200_000
        @Option(name: .long, help: "Concurrent publishers.") var concurrency = 8

        func run() async throws {
            let ctx = AWSContext()
            let topicArn = ctx.topicArn("t")
            var def = PipelineDefinition(context: ctx)
            def.topics = [TopicDefinition(logicalId: "T", name: "t")]
            def.queues = ["a", "b"].map { QueueDefinition(logicalId: $0, name: $0, attributes: QueueAttributes()) }
            def.subscriptions = ["a", "b"].map {
                SubscriptionDefinition(logicalId: "S\($0)", topicArn: topicArn, protocol: "sqs", endpoint: ctx.queueArn($0), rawMessageDelivery: true)
            }
            let engine = try Engine(definition: def)
            let per = count / concurrency
            let elapsed = try await ContinuousClock().measure {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for w in 0..<concurrency {
                        group.addTask {
                            for i in 0..<per {
                                _ = try await engine.publish(PublishRequest(topic: topicArn, message: "{\"user_id\":\"u\(w)-\(i)\",\"email\":\"u@example.com\"}", subject: "New user signup"))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(String(format: "published %d messages in %.2f s: %.0f publishes/s (each fanned out to 2 queues)", per * concurrency, seconds, Double(per * concurrency) / seconds))
        }
    }
}
