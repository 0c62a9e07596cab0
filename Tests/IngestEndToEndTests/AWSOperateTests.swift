import Foundation
import IngestCore
import IngestTestSupport
import Testing

/// `--aws`: the CLI and the console operating an AWS account, tested against two other implementations of
/// the APIs: moto's server mode (no message move tasks, so redrives move client-side) and the engine's own
/// AWS endpoint (move tasks exist). The account is made by `aws/seed_stack.py` with boto3: the seed's five
/// queues with their DLQs, the topic and subscriptions, alarms, tables, and three sign-ups dead-lettered.
@Suite("Operating an AWS account: moto's server and the engine's AWS endpoint", .serialized, .timeLimit(.minutes(8)))
struct AWSOperateTests {
    static let seedScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("aws/seed_stack.py").path
    /// Dummy keys, and the shared files pointed away from the machine's own `~/.aws`.
    static let environment = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                              "AWS_CONFIG_FILE": "/nonexistent/aws-config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials"]
    static let stack = "demo-user-ingestion"
    static let dlq = "demo-user-ingestion-user-metadata-dead-letter-queue"
    static let source = "demo-user-ingestion-user-metadata-queue"

    static func seed(_ endpoint: String, _ extra: [String] = []) async throws {
        let r = try await IngestBinary.runTool(["python3", seedScript, endpoint] + extra, environment: environment)
        try #require(r.status == 0, "seed_stack.py failed:\n\(r.stdout)\n\(r.stderr)")
        try #require(r.stdout.contains("\"dlqDepth\": 3"), "the seed did not dead-letter 3 sign-ups: \(r.stdout)")
    }

    static func ingest(_ args: [String]) async throws -> IngestBinary.Result { try await IngestBinary.run(args, environment: environment) }

    static func status(_ aws: [String]) async throws -> EngineStatus {
        let r = try await ingest(["status", "--json"] + aws)
        try #require(r.status == 0, "status --aws failed: \(r.stderr)")
        return try JSONDecoder().decode(EngineStatus.self, from: Data(r.stdout.utf8))
    }

    static func queue(_ s: EngineStatus, _ name: String) throws -> QueueStatus { try #require(s.queues.first { $0.name == name }, "no \(name) in \(s.queues.map(\.name))") }

    @Test("CLI on moto: the stack's queues and DLQ links, a DLQ peek that keeps the messages, alarms, redacted logs; purge and redrive need --yes naming the account; the redrive moves client-side",
          .enabled(if: MotoServer.isAvailable, "moto's server mode is not installed (pip install 'moto[server]' boto3)"))
    func motoCLI() async throws {
        let moto = try MotoServer()
        defer { moto.terminate() }
        try await moto.waitUntilReady()
        try await Self.seed(moto.url)
        let aws = ["--aws", "--endpoint-url", moto.url, "--region", "us-east-1", "--stack", Self.stack]

        var s = try await Self.status(aws)
        #expect(s.readOnly && s.accountId == "123456789012" && s.region == "us-east-1")
        #expect(Set(s.queues.map(\.name)) == Set(["sns-dead-letter-queue", "user-metadata-dead-letter-queue", "user-metadata-queue",
                                                  "onboarding-dead-letter-queue", "onboarding-queue"].map { "\(Self.stack)-\($0)" }))
        let source = try Self.queue(s, Self.source)
        #expect(source.deadLetterQueue == Self.dlq && source.maxReceiveCount == 1 && source.deadLetterQueueDepth == 3)
        #expect(try Self.queue(s, Self.dlq).isDeadLetterQueue && Self.queue(s, Self.dlq).sourceQueues == [Self.source])
        #expect(s.topics.first?.subscriptions.count == 2)
        #expect(s.warnings.contains { $0.contains("no message move tasks") }, "\(s.warnings)")

        // The same resources found from the seed's template by the names it gives them.
        let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../templates/user-ingestion.yaml").standardized.path
        let byTemplate = try await Self.status(["--aws", "--endpoint-url", moto.url, "--region", "us-east-1", "--template", template])
        #expect(Set(byTemplate.queues.map(\.name)) == Set(s.queues.map(\.name)))

        // Peeking, by the stack's logical id: all three, and they stay in the queue, visible.
        let peek = try await Self.ingest(["dlq", "UserMetadataDeadLetterQueue"] + aws)
        #expect(peek.status == 0 && peek.stderr.contains("receive count"), "\(peek.stderr)")
        let pageRun = try await Self.ingest(["dlq", Self.dlq, "--json"] + aws)
        let page = try JSONDecoder().decode(DeadLetterPage.self, from: Data(pageRun.stdout.utf8))
        #expect(Set(page.messages.compactMap { try? JSONValue.parse($0.body)["username"]?.stringValue }) == ["poison-0", "poison-1", "poison-2"])
        s = try await Self.status(aws)
        #expect(try Self.queue(s, Self.dlq).visible == 3, "a peek leaves the messages visible")

        let alarms = try await Self.ingest(["alarms", "--json"] + aws)
        let list = try JSONDecoder().decode([AlarmSummary].self, from: Data(alarms.stdout.utf8))
        #expect(list.first { $0.name == "UserMetadataDlqApproximateNumberOfMessagesVisible" }?.state == .alarm, "\(alarms.stdout)")
        #expect(list.count == 3, "the alarms watching the stack's queues, found by their dimensions")

        let logs = try await Self.ingest(["logs"] + aws)
        #expect(logs.status == 0 && logs.stdout.contains("onboarding failed for j***@example.com"), "\(logs.stdout)\(logs.stderr)")
        #expect(!logs.stdout.contains("jane.doe"))

        // Changes: refused without --yes (no terminal to ask on), naming account and region; nothing happened.
        let purge = try await Self.ingest(["purge", "demo-user-ingestion-onboarding-queue"] + aws)
        #expect(purge.status != 0 && purge.stderr.contains("account 123456789012 in us-east-1"), "\(purge.stderr)")
        let refused = try await Self.ingest(["redrive", Self.dlq] + aws)
        #expect(refused.status != 0 && refused.stderr.contains("123456789012"), "\(refused.stderr)")
        #expect(try Self.queue(await Self.status(aws), Self.dlq).visible == 3)

        let redrive = try await Self.ingest(["redrive", Self.dlq, "--yes", "--rate", "50", "--json"] + aws)
        #expect(redrive.status == 0, "\(redrive.stderr)")
        let task = try JSONDecoder().decode(MoveTaskInfo.self, from: Data(redrive.stdout.utf8))
        #expect(task.status == .completed && task.approximateNumberOfMessagesMoved == 3, "\(redrive.stdout)")
        s = try await Self.status(aws)
        #expect(try Self.queue(s, Self.dlq).visible == 0 && Self.queue(s, Self.source).visible == 3)
        #expect(try Self.queue(s, Self.dlq).inFlight == 0, "moved messages are deleted from the DLQ, not left in flight")

        let purged = try await Self.ingest(["purge", "demo-user-ingestion-onboarding-queue", "--yes"] + aws)
        #expect(purged.status == 0 && purged.stdout.contains("demo-user-ingestion-onboarding-queue"), "\(purged.stderr)")
        #expect(try Self.queue(await Self.status(aws), "demo-user-ingestion-onboarding-queue").visible == 0)
    }

    @Test("the console on moto in tmux: read-only by default; with --allow-changes the DLQ browser peeks, R redrives after typing the queue's name, and the depths change",
          .enabled(if: MotoServer.isAvailable && TmuxSession.isAvailable, "needs moto's server mode and tmux"))
    func motoConsole() async throws {
        let moto = try MotoServer()
        defer { moto.terminate() }
        try await moto.waitUntilReady()
        try await Self.seed(moto.url)
        let dir = IngestBinary.temporaryDirectory()
        let command = [IngestBinary.path, "console", "--aws", "--endpoint-url", moto.url, "--region", "us-east-1", "--stack", Self.stack, "--data-dir", dir]
            .map(Self.quote).joined(separator: " ")

        let readOnly = try TmuxSession(command: command, width: 160, height: 45, environment: Self.environment)
        defer { readOnly.kill() }
        try await readOnly.waitFor("READ-ONLY")
        try readOnly.send("3")
        let dlqPanel = try await readOnly.waitFor(Self.dlq)
        #expect(dlqPanel.contains("aws 123456789012 us-east-1"))
        #expect(!dlqPanel.contains("<R>redrive"), "no change keys in read-only mode")
        try readOnly.send("q")

        let console = try TmuxSession(command: command + " --allow-changes", width: 160, height: 45, environment: Self.environment)
        defer { console.kill() }
        try await console.waitFor("aws 123456789012 us-east-1")
        try console.send("3")
        // The row itself, not only the panel's hints: Enter on a list not yet filled opens nothing.
        try await console.waitFor("the DLQ's row with its 3 messages") { screen in
            screen.contains("<R>redrive") && screen.split(separator: "\n").contains { $0.contains("▸ \(Self.dlq)") && $0.contains(" 3 ") }
        }
        try console.send("Enter")
        let messages = try await console.waitFor("Messages(3)")
        #expect(messages.contains("each look adds 1 to a message's receive count"))
        try console.send("Escape")
        try await console.waitFor("Dead-letter queues")
        try console.send("R")
        let dialog = try await console.waitFor("Type \(Self.dlq) to confirm")
        #expect(dialog.contains("In account 123456789012 in us-east-1."))
        try console.type(Self.dlq)
        try console.send("Enter")
        try await console.waitFor("redrive started")
        try console.send("8")
        try await console.waitFor("3/3")
        try console.send("2")
        try await console.waitFor("the source queue holding 3 and the DLQ none") { screen in
            Self.visible(screen, Self.source) == 3 && Self.visible(screen, Self.dlq) == 0
        }
        // A function's event source mapping switched off (UpdateEventSourceMapping), after the confirmation.
        try console.send("6")
        try await console.waitFor("demo-user-onboarding-stream")
        try console.send("E")
        try await console.waitFor("Disable 1 event source mapping of demo-user-onboarding-stream")
        try console.send("Left")
        try console.send("Enter")
        try await console.waitFor("DISABLED")
        let state = try await IngestBinary.runTool(["python3", "-c", "import boto3, sys; print(boto3.client('lambda', endpoint_url=sys.argv[1], region_name='us-east-1').list_event_source_mappings()['EventSourceMappings'][0]['State'])", moto.url], environment: Self.environment)
        #expect(state.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "Disabled", "\(state.stdout)\(state.stderr)")
    }

    @Test("the engine's own AWS endpoint: the same CLI redrives with StartMessageMoveTask, move-tasks lists the task, the console shows it",
          .enabled(if: AWSEndpointTests.hasBoto3, "boto3 is not installed (pip install boto3)"))
    func engineEndpoint() async throws {
        let (engine, url) = try await AWSEngine.start(IngestBinary.temporaryDirectory())
        defer { engine.terminate() }
        try await Self.seed(url, ["--direct", "--app", "e2eops"])
        let aws = ["--aws", "--endpoint-url", url, "--region", "us-east-1", "--prefix", "e2eops"]
        let dlq = "e2eops-user-metadata-dead-letter-queue", source = "e2eops-user-metadata-queue"

        var s = try await Self.status(aws)
        #expect(try Self.queue(s, source).deadLetterQueueDepth == 3)
        #expect(!s.warnings.contains { $0.contains("no message move tasks") }, "\(s.warnings)")
        #expect(!s.queues.contains { !$0.name.hasPrefix("e2eops") }, "--prefix chooses the queues")

        // Changes stay inside the scope: the template's own queues are outside --prefix e2eops.
        let outside = try #require(try await AWSEngine.status(engine).queues.first { !$0.name.hasPrefix("e2eops") }?.name)
        let purge = try await Self.ingest(["purge", outside, "--yes"] + aws)
        #expect(purge.status != 0 && purge.stderr.contains("is not one of the queues of names starting e2eops"), "\(purge.stderr)")

        // Chosen messages move client-side (move tasks take whole queues): one found and moved, the others
        // released at once; an id that is not there fails after one look through, losing nothing.
        let page = try JSONDecoder().decode(DeadLetterPage.self, from: Data(try await Self.ingest(["dlq", dlq, "--json"] + aws).stdout.utf8))
        let chosen = try #require(page.messages.first?.messageId)
        let one = try await Self.ingest(["redrive", dlq, "--id", chosen, "--yes", "--json"] + aws)
        let oneTask = try JSONDecoder().decode(MoveTaskInfo.self, from: Data(one.stdout.utf8))
        #expect(oneTask.status == .completed && oneTask.approximateNumberOfMessagesMoved == 1, "\(one.stdout)\(one.stderr)")
        s = try await Self.status(aws)
        #expect(try Self.queue(s, dlq).visible == 2 && Self.queue(s, dlq).inFlight == 0 && Self.queue(s, source).visible == 1)
        let missing = try await Self.ingest(["redrive", dlq, "--id", "00000000-0000-0000-0000-000000000000", "--yes", "--json"] + aws)
        let missingTask = try JSONDecoder().decode(MoveTaskInfo.self, from: Data(missing.stdout.utf8))
        #expect(missingTask.status == .failed && missingTask.failureReason?.contains("1 chosen message(s) were not found") == true, "\(missing.stdout)")
        s = try await Self.status(aws)
        #expect(try Self.queue(s, dlq).visible == 2 && Self.queue(s, dlq).inFlight == 0, "messages looked through are released")

        let redrive = try await Self.ingest(["redrive", dlq, "--yes", "--wait", "--json"] + aws)
        #expect(redrive.status == 0, "\(redrive.stderr)")
        #expect(!redrive.stderr.contains("moving from here"), "a move task, not a client-side move")
        let task = try JSONDecoder().decode(MoveTaskInfo.self, from: Data(redrive.stdout.utf8))
        #expect(task.status == .completed && task.approximateNumberOfMessagesMoved == 2, "\(redrive.stdout)")
        s = try await Self.status(aws)
        #expect(try Self.queue(s, dlq).visible == 0 && Self.queue(s, source).visible == 3)

        let listed = try await Self.ingest(["move-tasks", "--json"] + aws)
        let tasks = try JSONDecoder().decode([MoveTaskInfo].self, from: Data(listed.stdout.utf8))
        #expect(tasks.first?.sourceArn.hasSuffix(":\(dlq)") == true && tasks.first?.status == .completed, "\(listed.stdout)")
        // The engine's own view agrees: the task ran inside it.
        #expect(try await AWSEngine.status(engine).moveTasks.contains { $0.sourceArn.hasSuffix(":\(dlq)") && $0.status == .completed })

        guard TmuxSession.isAvailable else { return }
        let command = [IngestBinary.path, "console", "--aws", "--endpoint-url", url, "--region", "us-east-1", "--prefix", "e2eops",
                       "--data-dir", IngestBinary.temporaryDirectory()].map(Self.quote).joined(separator: " ")
        let console = try TmuxSession(command: command, width: 160, height: 45, environment: Self.environment)
        defer { console.kill() }
        try await console.waitFor("aws 000000000000 us-east-1")
        try console.send("8")
        try await console.waitFor("COMPLETED")
    }

    @Test("bad input: an unknown region and a missing stack are one clear line and a non-zero exit",
          .enabled(if: MotoServer.isAvailable, "moto's server mode is not installed"))
    func errors() async throws {
        let region = try await Self.ingest(["status", "--aws", "--region", "mars-north-9"])
        #expect(region.status != 0 && region.stderr.contains("unknown region mars-north-9"), "\(region.stderr)")
        #expect(region.stderr.split(separator: "\n").count == 1)
        let moto = try MotoServer()
        defer { moto.terminate() }
        try await moto.waitUntilReady()
        let stack = try await Self.ingest(["status", "--aws", "--endpoint-url", moto.url, "--region", "us-east-1", "--stack", "no-such-stack"])
        #expect(stack.status != 0 && stack.stderr.contains("no-such-stack"), "\(stack.stderr)")
        #expect(stack.stderr.split(separator: "\n").count == 1, "\(stack.stderr)")
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The VISIBLE column of a queue's row in the Queues panel.
    static func visible(_ screen: String, _ queue: String) -> Int? {
        for line in screen.split(separator: "\n") {
            guard let r = line.range(of: queue + " ") else { continue }
            let rest = line[r.upperBound...].replacingOccurrences(of: "[DLQ]", with: "")
            return rest.split(separator: " ").first.flatMap { Int($0) }
        }
        return nil
    }
}
