import ArgumentParser
import Foundation
import IngestAWSClient
import IngestAPI
import IngestClient
import IngestCore

/// `ingest redrive DLQ`: starts a message move task.
struct RedriveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redrive",
        abstract: "Move messages from a dead-letter queue back to their source queues (or to --to).",
        discussion: "Redriven messages are new messages: new MessageId, receive count 0, fresh retention. Each is sent before it is removed.")

    @Argument(help: "The dead-letter queue, by name or ARN.") var dlq: String
    @Option(name: .long, help: "Destination queue; default: each message's own source queue.") var to: String?
    @Option(name: .long, help: "Messages per second (1-500); default: as fast as possible.") var rate: Int?
    @Option(name: .customLong("id"), help: "Move only this message id (repeatable).") var ids: [String] = []
    @Flag(name: .long, help: "Wait until the task finishes and print its final state.") var wait = false
    @Flag(name: .long, help: "With --aws: confirm without the prompt that asks for the account id.") var yes = false
    @OptionGroup var options: EngineOptions
    @OptionGroup var aws: AWSOptions

    func validate() throws {
        if let rate, !(1...500).contains(rate) { throw ValidationError("--rate must be between 1 and 500") }
    }

    func run() async throws {
        if aws.enabled { return try await runAWS() }
        let client = try options.client()
        var task = try await client.send(RedriveOperation(body: RedriveRequest(
            source: dlq, destination: to, maxPerSecond: rate, messageIds: ids.isEmpty ? nil : ids)))
        if wait, let handle = task.taskHandle {
            task = try await client.send(WaitMoveTaskOperation(handle: handle))
        }
        if options.json { return try Output.json(task) }
        MoveTasksCommand.printTasks([task])
        if task.status == .failed { throw CLIError.failed("the move task failed: \(task.failureReason ?? "unknown reason")") }
    }

    /// On AWS: StartMessageMoveTask, or where the endpoint has none, a move made by this process, which the
    /// command then always waits for (it ends with the process).
    func runAWS() async throws {
        let source = try await aws.source(allowChanges: true)
        _ = try await source.snapshot(logsAfter: nil, logLimit: 0)
        try AWSOptions.confirm("Redrive \(dlq)\(to.map { " to \($0)" } ?? " to its source queues")", on: source, yes: yes)
        guard case .moveTask(var task) = try await source.perform(.redrive(RedriveRequest(
            source: dlq, destination: to, maxPerSecond: rate, messageIds: ids.isEmpty ? nil : ids))) else { return }
        if let handle = task.taskHandle, let local = await source.clientSideMove(handle: handle) {
            if !options.json { FileHandle.standardError.write(Data("note: this endpoint has no message move tasks; moving from here (receive, send, delete)\n".utf8)) }
            await local.wait()
            task = local.info
        } else if wait {
            // Until it ends, or until it has moved nothing for 5 minutes (the task goes on; move-tasks follows it).
            var progressAt = Date()
            while task.status == .running || task.status == .cancelling {
                try await Task.sleep(for: .seconds(1))
                let status = try await source.snapshot(logsAfter: nil, logLimit: 0).status
                guard let t = status.moveTasks.first(where: { $0.sourceArn == task.sourceArn }) else { break }
                if t.approximateNumberOfMessagesMoved != task.approximateNumberOfMessagesMoved { progressAt = Date() }
                task = t
                if Date().timeIntervalSince(progressAt) > 300 {
                    throw CLIError.failed("the move task has moved nothing for 5 minutes (\(status.warnings.first ?? "no warning")); it goes on: ingest move-tasks --aws")
                }
            }
        }
        if options.json { return try Output.json(task) }
        MoveTasksCommand.printTasks([task])
        if task.status == .failed { throw CLIError.failed("the move failed: \(task.failureReason ?? "unknown reason")") }
    }
}

/// `ingest move-tasks [DLQ]`: recent move tasks.
struct MoveTasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "move-tasks", abstract: "List recent message move tasks, newest first.")

    @Argument(help: "Only tasks of this dead-letter queue.") var dlq: String?
    @Option(name: .long, help: "How many tasks (1-10).") var max = 10
    @OptionGroup var options: EngineOptions
    @OptionGroup var aws: AWSOptions

    func run() async throws {
        let tasks: [MoveTaskInfo]
        if aws.enabled {
            let status = try await aws.source(allowChanges: false).snapshot(logsAfter: nil, logLimit: 0).status
            if !options.json, let note = status.warnings.first(where: { $0.contains("no message move tasks") }) {
                FileHandle.standardError.write(Data("note: \(note)\n".utf8))
            }
            let all = status.moveTasks
            tasks = Array(all.filter { t in dlq.map { t.sourceArn == $0 || t.sourceArn.hasSuffix(":\($0)") } ?? true }.prefix(max))
        } else {
            tasks = try await options.client().send(ListMoveTasksOperation(source: dlq, max: max))
        }
        if options.json { return try Output.json(tasks) }
        if tasks.isEmpty { print("no move tasks"); return }
        Self.printTasks(tasks)
    }

    static func printTasks(_ tasks: [MoveTaskInfo]) {
        Output.table(["SOURCE", "STATUS", "MOVED", "TO MOVE", "RATE", "DESTINATION", "STARTED", "HANDLE / REASON"], tasks.map { t in
            [String(t.sourceArn.split(separator: ":").last ?? ""), t.status.rawValue, String(t.approximateNumberOfMessagesMoved),
             String(t.approximateNumberOfMessagesToMove), t.maxNumberOfMessagesPerSecond.map { "\($0)/s" } ?? "max",
             t.destinationArn.map { String($0.split(separator: ":").last ?? "") } ?? "(sources)",
             Timestamp(millis: t.startedTimestamp).iso8601, t.taskHandle ?? t.failureReason ?? "-"]
        })
    }
}

/// `ingest cancel-move DLQ`.
struct CancelMoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel-move", abstract: "Cancel the running move task of a dead-letter queue; moved messages stay moved.")

    @Argument(help: "The dead-letter queue (name or ARN) or a task handle.") var dlq: String
    @Flag(name: .long, help: "With --aws: confirm without the prompt that asks for the account id.") var yes = false
    @OptionGroup var options: EngineOptions
    @OptionGroup var aws: AWSOptions

    func run() async throws {
        let task: MoveTaskInfo
        if aws.enabled {
            let source = try await aws.source(allowChanges: true)
            try AWSOptions.confirm("Cancel the move task of \(dlq)", on: source, yes: yes)
            guard case .moveTask(let t) = try await source.perform(.cancelMoveTask(source: dlq)) else { return }
            task = t
        } else {
            task = try await options.client().send(CancelMoveTaskOperation(body: ControlAPI.CancelRequest(source: dlq)))
        }
        if options.json { return try Output.json(task) }
        MoveTasksCommand.printTasks([task])
    }
}

/// `ingest purge QUEUE --yes`.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "purge", abstract: "Delete every message of a queue, in-flight ones included.")

    @Argument(help: "The queue, by name or ARN.") var queue: String
    @Flag(name: .long, help: "Confirm: purging cannot be undone.") var yes = false
    @OptionGroup var options: EngineOptions
    @OptionGroup var aws: AWSOptions

    func run() async throws {
        let r: PurgeResult
        if aws.enabled {
            let source = try await aws.source(allowChanges: true)
            guard yes else { throw CLIError.usage("purge deletes every message in \(queue) in \(source.target) and cannot be undone; add --yes to confirm") }
            guard case .purged(let p) = try await source.perform(.purge(queue: queue)) else { return }
            r = p
        } else {
            guard yes else { throw CLIError.usage("purge deletes every message in \(queue) and cannot be undone; add --yes to confirm") }
            r = try await options.client().send(PurgeQueueOperation(queue: queue))
        }
        if options.json { return try Output.json(r) }
        print("purged \(r.purged) message(s) from \(r.queue)")
    }
}

/// `ingest replay TOPIC --from TIME`.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-deliver archived messages of a topic published in a time range, to every subscription or one.")

    @Argument(help: "The topic, by name or ARN.") var topic: String
    @Option(name: .long, help: "Start of the range: ISO-8601 time or a duration ago (90s, 10m, 2h, 1d).") var from: String
    @Option(name: .long, help: "End of the range (exclusive); default: now.") var to: String?
    @Option(name: .long, help: "Only this subscription (ARN or logical id).") var subscription: String?
    @OptionGroup var options: EngineOptions

    func run() async throws {
        let now = Timestamp(date: .now)
        guard let start = Output.parseTime(from, now: now) else { throw CLIError.usage("--from: cannot read '\(from)' as a time or duration") }
        var end: Timestamp?
        if let to {
            guard let t = Output.parseTime(to, now: now) else { throw CLIError.usage("--to: cannot read '\(to)' as a time or duration") }
            end = t
        }
        let r = try await options.client()
            .send(ReplayTopicOperation(body: ControlAPI.ReplayRequest(topic: topic, from: start, to: end, subscription: subscription)))
        if options.json { return try Output.json(r) }
        print("replayed \(r.messages) message(s) from \(r.from.iso8601) to \(r.to.iso8601): \(r.deliveries) deliveries, \(r.filteredOut) filtered out, \(r.failed) failed")
    }
}
