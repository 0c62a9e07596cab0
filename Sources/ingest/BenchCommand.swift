import ArgumentParser
import Foundation
import IngestCore
import IngestHost
import IngestStore

/// `ingest bench`: measurements that print figures (never timed tests).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks that print figures.", subcommands: [QueueDepth.self, Publish.self, Recovery.self, BenchConsoleCommand.self, BenchFunctionsCommand.self, BenchPipelineCommand.self])

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
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Measure acknowledged publishes per second into a topic with two raw SQS subscriptions, in memory and durable (group commit), against SQLite's own batched-insert rate.")

        @Option(name: .long, help: "Messages to publish per run.") var count = 200_000
        @Option(name: .long, help: "Concurrent publishers (group commit shares a sync among them).") var concurrency = 64
        @Option(name: .long, help: "memory, sqlite, or both.") var store = "both"
        @Flag(name: .long, help: "Store payloads in clear instead of sealing them (the topic and queues get no KMS key).") var plaintext = false

        func validate() throws {
            guard ["memory", "sqlite", "both"].contains(store) else { throw ValidationError("--store takes memory, sqlite or both") }
            guard count > 0, concurrency > 0 else { throw ValidationError("--count and --concurrency must be positive") }
        }

        static func definition(encrypted: Bool) -> PipelineDefinition {
            let ctx = AWSContext()
            let topicArn = ctx.topicArn("t")
            var def = PipelineDefinition(context: ctx)
            def.topics = [TopicDefinition(logicalId: "T", name: "t", kmsMasterKeyId: encrypted ? "alias/bench" : nil)]
            def.queues = ["a", "b"].map {
                var a = QueueAttributes()
                if encrypted { a.kmsMasterKeyId = "alias/bench" }
                return QueueDefinition(logicalId: $0, name: $0, attributes: a)
            }
            def.subscriptions = ["a", "b"].map {
                SubscriptionDefinition(logicalId: "S\($0)", topicArn: topicArn, protocol: "sqs", endpoint: ctx.queueArn($0), rawMessageDelivery: true)
            }
            return def
        }

        /// Publishes `count` messages from `concurrency` tasks; returns publishes per second.
        func measure(_ engine: Engine, topicArn: String) async throws -> (Int, Double) {
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
            return (per * concurrency, Double(per * concurrency) / seconds)
        }

        func run() async throws {
            let encrypted = !plaintext
            let def = Self.definition(encrypted: encrypted)
            let topicArn = def.context.topicArn("t")
            if store != "sqlite" {
                let (n, rate) = try await measure(try Engine(definition: def), topicArn: topicArn)
                print(String(format: "memory:  %d publishes acknowledged, %.0f publishes/s (each fanned out to 2 queues)", n, rate))
            }
            guard store != "memory" else { return }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-bench-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let ring: KeyRing? = encrypted ? try KeyRing.create(path: dir + "/bench.key") : nil
            let sqlite = try SQLiteStore(directory: dir, ring: ring, encryptedResources: StoreSetup.encryptedResources(def))
            sqlite.start()
            let (n, rate) = try await measure(try Engine(definition: def, store: sqlite), topicArn: topicArn)
            let counts = sqlite.counts
            sqlite.close()
            print(String(format: "durable: %d publishes acknowledged, %.0f publishes/s, %d transactions (%.1f publishes per sync), %@",
                         n, rate, counts.transactions, Double(n) / Double(max(1, counts.transactions)), encrypted ? "sealed with AES-256-GCM" : "plaintext"))
            // The same rows (an archive entry and two queue messages per publish) straight into SQLite, 1,000 per transaction.
            let rows = n * 3
            let seconds = try SQLiteBaseline.insertSeconds(directory: dir, rows: rows, batch: 1_000, payloadBytes: 200)
            let baseline = Double(rows) / seconds
            print(String(format: "sqlite:  %d rows in batches of 1000: %.0f rows/s = %.0f publishes/s; durable publishing reaches %.0f%% of it",
                         rows, baseline, baseline / 3, 100 * rate / (baseline / 3)))
        }
    }

    struct Recovery: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recovery", abstract: "Measure how long a restart takes to recover a store of queued messages (sealed, as with a KMS key).")

        @Option(name: .long, help: "Queued messages to recover.") var messages = 1_000_000
        @Option(name: .long, help: "Body size in bytes.") var bodyBytes = 120

        func run() async throws {
            let ctx = AWSContext()
            var def = PipelineDefinition(context: ctx)
            var attributes = QueueAttributes()
            attributes.kmsMasterKeyId = "alias/bench"
            def.queues = [QueueDefinition(logicalId: "Q", name: "q", attributes: attributes)]
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-recovery-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let ring = try KeyRing.create(path: dir + "/bench.key")
            let resources = StoreSetup.encryptedResources(def)

            // Fill: the rows a running engine writes for queued messages, 10,000 per transaction.
            let fill = try SQLiteStore(directory: dir, ring: ring, encryptedResources: resources)
            fill.start()
            let body = String(repeating: "x", count: max(0, bodyBytes - 40)) + "@example.com"
            let now = Timestamp(date: Date())
            var seq: UInt64 = 0
            let fillStart = ContinuousClock.now
            while seq < UInt64(messages) {
                var chunk: [StoreChange] = []
                chunk.reserveCapacity(10_000)
                for _ in 0..<min(10_000, messages - Int(seq)) {
                    seq += 1
                    let m = QueueMessage(seq: seq, messageId: "m-\(seq)", body: body, attributes: [:], sentTimestamp: now, arrivedAt: now,
                                         state: .visible, visibleAt: now, senderId: "bench")
                    chunk.append(.putMessage(queue: "q", m))
                }
                try await fill.commit(chunk)
            }
            fill.close()
            let filled = Self.seconds(ContinuousClock.now - fillStart)
            let size = (try? FileManager.default.attributesOfItem(atPath: dir + "/" + SQLiteStore.fileName)[.size] as? Int) ?? 0
            print(String(format: "filled %d sealed messages in %.1f s (%.0f MB on disk)", messages, filled, Double(size) / 1e6))

            // Recover: open, read and unseal everything, rebuild the queue.
            let started = ContinuousClock.now
            let store = try SQLiteStore(directory: dir, ring: try KeyRing.load(path: dir + "/bench.key"), encryptedResources: resources)
            let snapshot = try store.load()
            let loaded = Self.seconds(ContinuousClock.now - started)
            let engine = try Engine(definition: def, store: store)
            let restored = await engine.restore(snapshot)
            let total = Self.seconds(ContinuousClock.now - started)
            let visible = await engine.status().queues.first { $0.name == "q" }?.visible ?? -1
            print(String(format: "recovered %d messages in %.2f s (read and unsealed in %.2f s, queue rebuilt in %.2f s); %d visible",
                         restored, total, loaded, total - loaded, visible))
        }

        static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    }
}
