import ArgumentParser
import IngestAPI
import IngestClient
import IngestCore

/// `ingest status`: topics, queues and move tasks of the running engine.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show topics, queues (visible, in flight, delayed, oldest age, DLQ depth), tables, alarms and move tasks.",
        discussion: "Everything the engine runs, from the template or created through the AWS endpoint. --json prints the engine's status (topics, queues, move tasks); ingest table list and ingest alarms have the rest as JSON.")

    @OptionGroup var options: EngineOptions
    @OptionGroup var aws: AWSOptions

    func run() async throws {
        if aws.enabled {
            let snapshot = try await aws.source(allowChanges: false).snapshot(logsAfter: nil, logLimit: 0)
            if options.json { return try Output.json(snapshot.status) }
            return Self.show(snapshot.status, tables: snapshot.tables, alarms: snapshot.alarms, fromAWS: true)
        }
        let client = try options.client()
        let s = try await client.send(StatusOperation())
        if options.json { return try Output.json(s) }
        Self.show(s, tables: try await client.send(ListTablesOperation()), alarms: try await client.send(ListAlarmsOperation()))
    }

    static func show(_ s: EngineStatus, tables: [TableSummary], alarms: [AlarmSummary], fromAWS: Bool = false) {
        if fromAWS {
            // An AWS account read with --aws: no engine, no uptime; the account, region and scope.
            print("aws account \(s.accountId) · \(s.region) · \(s.template) · read at \(s.now.iso8601)\(s.readOnly ? " · READ-ONLY" : "")")
        } else {
            print("engine \(s.engineVersion) · up since \(s.startedAt.iso8601) · \(s.region)/\(s.accountId)\(s.readOnly ? " · READ-ONLY" : "")")
            print("template  \(s.template)")
            print("storage   \(s.storage)")
            print("encryption \(s.encryption)")
        }
        if let g = s.gatewayURL { print("gateway   \(g)") }
        print("")
        for t in s.topics {
            print("topic \(t.name)  published \(t.published)  archived \(t.archived)")
            Output.table(["SUBSCRIPTION", "ENDPOINT", "RAW", "DELIVERED", "FILTERED", "FAILED", "DLQ"],
                         t.subscriptions.map { sub in
                             [String(sub.arn.split(separator: ":").last ?? ""), String(sub.endpoint.split(separator: ":").last ?? ""),
                              sub.rawMessageDelivery ? "yes" : "no", String(sub.delivered), String(sub.filteredOut), String(sub.failed),
                              sub.deadLetterTargetArn.map { String($0.split(separator: ":").last ?? "") } ?? "-"]
                         }, indent: "  ")
            print("")
        }
        Output.table(["QUEUE", "VISIBLE", "IN FLIGHT", "DELAYED", "OLDEST", "DLQ", "DLQ DEPTH", "SENT", "RECEIVED", "DELETED"],
                     s.queues.map { q in
                         [q.name + (q.isDeadLetterQueue ? " [DLQ]" : ""), String(q.visible), String(q.inFlight), String(q.delayed),
                          Output.age(q.ageOfOldestMessage), q.deadLetterQueue.map { "\($0) (max \(q.maxReceiveCount ?? 0))" } ?? "-",
                          q.deadLetterQueueDepth.map(String.init) ?? "-", String(q.counters.sent), String(q.counters.received),
                          String(q.counters.deleted)]
                     })
        if !tables.isEmpty {
            print("")
            Output.table(["TABLE", "KEY", "ITEMS", "STREAM"], tables.map { t in
                [t.name, t.keySchema, String(t.itemCount), t.streamViewType.map { "\($0.rawValue) (\(t.streamRecordCount) records)" } ?? "-"]
            })
        }
        if !alarms.isEmpty {
            print("")
            Output.table(["ALARM", "STATE", "CONDITION"], alarms.map { a in [a.name, a.state.rawValue, a.condition] })
        }
        if !s.moveTasks.isEmpty {
            print("")
            MoveTasksCommand.printTasks(s.moveTasks)
        }
        for w in s.warnings { print("warning: \(w)") }
    }
}
