import ArgumentParser
import IngestAWSClient
import Foundation
import IngestAPI
import IngestClient
import IngestCore

/// `ingest alarms`.
struct AlarmsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alarms", abstract: "Show every alarm: state, value against threshold, since when, last reason.")
    @OptionGroup var options: EngineOptions
    @OptionGroup var aws: AWSOptions

    func run() async throws {
        let alarms = aws.enabled ? try await aws.source(allowChanges: false).snapshot(logsAfter: nil, logLimit: 0).alarms
            : try await options.client().send(ListAlarmsOperation())
        if options.json { return try Output.json(alarms) }
        Output.table(["ALARM", "STATE", "VALUE", "CONDITION", "SINCE", "REASON"], alarms.map { a in
            [a.name, a.state.rawValue, a.value.map { String(format: "%g", $0) } ?? "-", a.condition, a.since.iso8601, String(a.reason.prefix(90))]
        })
    }
}

/// `ingest alarm-history NAME`.
struct AlarmHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alarm-history", abstract: "Show an alarm's state history, newest first.")
    @Argument(help: "The alarm name.") var name: String
    @OptionGroup var options: EngineOptions
    @OptionGroup var aws: AWSOptions

    func run() async throws {
        var items: [AlarmHistoryItem] = []
        if aws.enabled {
            let source = try await aws.source(allowChanges: false)
            _ = try await source.snapshot(logsAfter: nil, logLimit: 0)
            if case .alarmHistory(let h) = try await source.perform(.alarmHistory(alarm: name)) { items = h }
        } else {
            items = try await options.client().send(AlarmHistoryOperation(name: name))
        }
        if options.json { return try Output.json(items) }
        if items.isEmpty { print("no history yet"); return }
        for i in items { print("\(i.timestamp.iso8601)  \(i.type.rawValue)  \(i.summary)") }
    }
}

/// `ingest logs`.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Read the log book: function invocations, handler lines, alarms, gateway access-log lines (--function gateway); e-mail addresses redacted.")
    @Option(name: .long, help: "Only this function (or source such as alarms).") var function: String?
    @Option(name: .long, help: "Minimum level: DEBUG, INFO, WARN, ERROR.") var level: String?
    @Option(name: .customLong("request-id"), help: "Only this invocation.") var requestId: String?
    @Option(name: .long, help: "Only lines newer than this: a duration (10m, 2h) or an ISO-8601 time.") var since: String?
    @Option(name: .long, help: "Only lines containing this text.") var grep: String?
    @Option(name: .long, help: "At most this many lines.") var limit = 200
    @Flag(name: .long, help: "Keep printing new lines as they arrive.") var follow = false
    @OptionGroup var options: EngineOptions
    @OptionGroup var aws: AWSOptions

    func run() async throws {
        var logQuery = LogQuery(source: function, requestId: requestId, contains: grep, limit: limit)
        if let level {
            guard let l = LogLevel(rawValue: level.uppercased()) else { throw CLIError.usage("--level takes DEBUG, INFO, WARN or ERROR, got '\(level)'") }
            logQuery.minLevel = l
        }
        if let since {
            guard let t = Output.parseTime(since, now: Timestamp(date: .now)) else { throw CLIError.usage("--since: cannot read '\(since)'") }
            logQuery.since = t
        }
        if aws.enabled { return try await runAWS(logQuery) }
        let client = try options.client()
        var lines = try await client.send(LogsOperation(query: logQuery))
        // Following never goes back before what was shown.
        var after: UInt64 = 0
        while true {
            for l in lines { try printLine(l) }
            guard follow else { return }
            fflush(nil)   // each batch as it comes, even into a pipe
            after = max(after, lines.last?.id ?? 0)
            if after == 0 { after = try await client.send(LastLogIdOperation()) }
            var next = logQuery
            next.afterId = after
            lines = try await client.send(LogsOperation(query: next, wait: true))
        }
    }

    func printLine(_ l: LogLine) throws {
        if options.json { try Output.jsonLine(l) } else {
            print("\(l.at.iso8601) \(l.level.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)) \(l.source)\(l.requestId.map { " [\($0.prefix(8))]" } ?? "") \(l.message)")
        }
    }

    /// The functions' CloudWatch Logs; `--follow` polls them every 2 seconds.
    func runAWS(_ query: LogQuery) async throws {
        let source = try await aws.source(allowChanges: false)
        var snapshot = try await source.snapshot(logsAfter: nil, logLimit: 0)
        var q = query
        if q.since == nil && q.requestId == nil && q.contains == nil { q.since = Timestamp(date: Date().addingTimeInterval(-3_600)) }
        if case .logLines(let lines) = try await source.perform(.logs(q)) { for l in lines { try printLine(l) } }
        guard follow else { return }
        var after = snapshot.lastLogId
        while true {
            fflush(nil)
            try await Task.sleep(for: .seconds(2))
            snapshot = try await source.snapshot(logsAfter: after, logLimit: 1_000)
            for l in snapshot.logs where q.source.map({ l.source == $0 }) ?? true { try printLine(l) }
            after = snapshot.lastLogId
        }
    }
}

/// `ingest table scan|get`.
struct TableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "table", abstract: "Read and write table items.", subcommands: [Scan.self, Get.self, Put.self, List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List tables with item counts and stream positions.")
        @OptionGroup var options: EngineOptions
        func run() async throws {
            let tables = try await options.client().send(ListTablesOperation())
            if options.json { return try Output.json(tables) }
            Output.table(["TABLE", "KEY", "ITEMS", "BYTES", "WRITES", "COND. FAILED", "STREAM", "RECORDS", "CAPACITY (not enforced)"], tables.map { t in
                [t.name, t.keySchema, String(t.itemCount), String(t.sizeBytes), String(t.writes), String(t.conditionalCheckFailures),
                 t.streamViewType?.rawValue ?? "-", t.streamViewType == nil ? "-" : String(t.streamRecordCount),
                 t.billingMode == .provisioned ? "\(t.readCapacity ?? 0) read / \(t.writeCapacity ?? 0) write" : "on demand"]
            })
        }
    }

    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "scan", abstract: "Print a table's items, one plain JSON object per line (--json: the page with plain and DynamoDB JSON).")
        @Argument(help: "The table name.") var table: String
        @Option(name: .long, help: "Items per page.") var limit = 50
        @Option(name: .long, help: "Continue after this key (plain JSON, as the previous page printed it).") var start: String?
        @OptionGroup var options: EngineOptions
        func run() async throws {
            var startKey: JSONValue?
            if let start {
                do { startKey = try JSONValue.parse(start) } catch { throw CLIError.usage("--start is not JSON: \(error)") }
            }
            let page = try JSONValue(encoding: try await options.client().send(TableItemsOperation(table: table, limit: limit, start: startKey)))
            if options.json { return print(page.pretty()) }
            let items = page["items"]?.arrayValue ?? []
            for i in items { print((i["plain"] ?? i).serialized()) }
            if let next = page["lastEvaluatedKey"], next != .null {
                Output.note("more items: ingest table scan \(table) --start '\(next.serialized())'")
            }
        }
    }

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "put",
            abstract: "Write one item (replacing any item with its key), e.g. `ingest table put demo_user_onboarding '{\"user_id\":\"u1\",\"status\":\"COMPLETED\"}'`. The change goes to the table's stream like any write.")
        @Argument(help: "The table name.") var table: String
        @Argument(help: "The item as a JSON object: plain values, or DynamoDB JSON ({\"S\": \"...\"}).") var item: String
        @OptionGroup var options: EngineOptions
        func run() async throws {
            let value: JSONValue
            do { value = try JSONValue.parse(item) } catch { throw CLIError.usage("the item is not JSON: \(error)") }
            guard case .object = value else { throw CLIError.usage("the item must be a JSON object") }
            let stored = try JSONValue(encoding: try await options.client().send(PutTableItemOperation(table: table, item: value)))
            print(options.json ? stored.pretty() : (stored["plain"] ?? stored).serialized())
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Print one item by key, e.g. `ingest table get demo_user_metadata user_id=auth0|abc`.")
        @Argument(help: "The table name.") var table: String
        @Argument(help: "Key attributes as NAME=VALUE (strings; numbers with NAME=n:42).") var key: [String]
        @OptionGroup var options: EngineOptions
        func run() async throws {
            var k: [String: JSONValue] = [:]
            for pair in key {
                guard let eq = pair.firstIndex(of: "=") else { throw CLIError.usage("key parts are NAME=VALUE, got '\(pair)'") }
                let value = String(pair[pair.index(after: eq)...])
                k[String(pair[..<eq])] = value.hasPrefix("n:") ? ["N": .string(String(value.dropFirst(2)))] : ["S": .string(value)]
            }
            let item = try JSONValue(encoding: try await options.client().send(GetTableItemOperation(table: table, key: .object(k))))
            print(options.json ? item.pretty() : (item["plain"] ?? item).pretty())
        }
    }
}

/// `ingest stream replay MAPPING --from SEQUENCE|TIME`.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stream", abstract: "Operate table stream consumers.", subcommands: [Replay.self])

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "replay", abstract: "Reset a stream consumer to a sequence number or a time, so it re-reads from there.")
        @Argument(help: "The stream mapping: logical id, UUID or function name.") var mapping: String
        @Option(name: .long, help: "A sequence number (all digits), an ISO-8601 time, or a duration ago (10m).") var from: String
        @OptionGroup var options: EngineOptions
        func run() async throws {
            let body: ControlAPI.StreamReplayBody
            if !from.isEmpty, from.allSatisfy(\.isNumber), from.count > 6 {
                body = .init(mapping: mapping, sequence: from, time: nil)
            } else if let t = Output.parseTime(from, now: Timestamp(date: .now)) {
                body = .init(mapping: mapping, sequence: nil, time: t)
            } else {
                throw CLIError.usage("--from takes a sequence number, an ISO-8601 time or a duration ago")
            }
            let s = try await options.client().send(ReplayStreamOperation(body: body))
            if options.json { return try Output.json(s) }
            print("\(s.mapping) (\(s.function)) now after \(s.checkpoint ?? "the start of the stream"): \(s.lag) record(s) to re-read")
        }
    }
}

/// `ingest metrics [NAMESPACE]`.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "metrics", abstract: "Show recent one-minute datapoints (AWS/SQS, AWS/SNS, AWS/Lambda, AWS/DynamoDB, AWS/ApiGateway).")
    @Argument(help: "Only this namespace, e.g. AWS/SQS.") var namespace: String?
    @Option(name: .long, help: "Minutes of history.") var minutes = 5
    @OptionGroup var options: EngineOptions
    func run() async throws {
        let series = try await options.client().send(MetricsOperation(namespace: namespace, minutes: minutes))
        if options.json { return try Output.json(series) }
        Output.table(["NAMESPACE", "METRIC", "DIMENSIONS", "LAST MINUTE SUM", "MAX", "POINTS"], series.map { s in
            let last = s.points.last
            return [s.namespace, s.name, s.dimensions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
                    last.map { String(format: "%g", $0.sum) } ?? "-", last.map { String(format: "%g", $0.maximum) } ?? "-", String(s.points.count)]
        })
    }
}

/// `ingest function configure NAME`.
struct FunctionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "function", abstract: "Inspect and change functions at runtime.", subcommands: [Configure.self, UpdateCode.self, List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Functions with invocations, errors, throttles and durations.")
        @OptionGroup var options: EngineOptions
        func run() async throws {
            let fns = try await options.client().send(ListFunctionsOperation())
            if options.json { return try Output.json(fns) }
            Output.table(["FUNCTION", "HANDLER", "TIMEOUT", "RUNNING", "INVOCATIONS", "ERRORS", "THROTTLES", "P50 ms", "P99 ms", "COLD", "INIT P50 ms"], fns.map { f in
                [f.name, f.runtime.map { "\($0) \(f.runtimeHandler ?? "")" } ?? f.handler, "\(f.timeoutSeconds)s", String(f.running), String(f.invocations),
                 String(f.errors), String(f.throttles),
                 f.durationP50.map { String(format: "%.0f", $0) } ?? "-", f.durationP99.map { String(format: "%.0f", $0) } ?? "-",
                 f.coldStarts.map(String.init) ?? "-", f.initP50.map { String(format: "%.0f", $0) } ?? "-"]
            })
        }
    }

    struct UpdateCode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update-code",
            abstract: "Deploy a function's code without a restart: a directory, .zip or source file run with the function's Runtime and Handler.",
            discussion: "The next invocation starts the new code (a cold start); warm processes of the old code end after their current invocation. A function on a built-in handler switches to its code. The path is on the engine's machine; a relative one is taken from this directory.")
        @Argument(help: "The function name.") var name: String
        @Argument(help: "The code: a directory, a .zip, or one source file.") var path: String
        @Option(name: .long, help: "Run it with this Runtime instead (python3.12, nodejs20.x, provided.al2023).") var runtime: String?
        @Option(name: .long, help: "Run it with this Handler instead (app.lambda_handler, index.handler).") var handler: String?
        @OptionGroup var options: EngineOptions
        func run() async throws {
            let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
            let full = (absolute as NSString).standardizingPath
            let reply = try await options.client().send(UpdateFunctionCodeOperation(name: name, body: .init(path: full, runtime: runtime, handler: handler)))
            if options.json { return try Output.json(reply) }
            let f = reply.function
            print("\(f.name): runs \(f.runtime ?? "?") \(f.runtimeHandler ?? "") from \(f.code ?? full); warm environments of the old code retire after their current invocation")
        }
    }

    struct Configure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "configure", abstract: "Switch a function's handler, set environment variables, or enable/disable its mappings: the local \"deploy a fix\".")
        @Argument(help: "The function name.") var name: String
        @Option(name: .long, help: "A built-in handler name, or 'code' to run the function's own code again.") var handler: String?
        @Option(name: .long, help: "Set an environment variable, K=V (repeatable).") var env: [String] = []
        @Option(name: .long, help: "Enable (true) or disable (false) the function's event source mappings.") var enabled: Bool?
        @OptionGroup var options: EngineOptions
        func run() async throws {
            var environment: [String: String]?
            if !env.isEmpty {
                environment = [:]
                for e in env {
                    guard let eq = e.firstIndex(of: "="), eq != e.startIndex else { throw CLIError.usage("--env takes K=V, got '\(e)'") }
                    environment![String(e[..<eq])] = String(e[e.index(after: eq)...])
                }
            }
            guard handler != nil || environment != nil || enabled != nil else { throw CLIError.usage("nothing to change: give --handler, --env or --enabled") }
            let body = ControlAPI.ConfigureFunctionBody(handler: handler, environment: environment, enabled: enabled)
            let reply = try await options.client().send(ConfigureFunctionOperation(name: name, body: body))
            if options.json { return try Output.json(reply) }
            print("\(reply.function.name): handler \(reply.function.handler); mappings: \(reply.mappings.map { "\($0.logicalId) \($0.enabled ? "enabled" : "disabled")" }.joined(separator: ", "))")
        }
    }
}
