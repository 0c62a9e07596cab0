import Foundation
import IngestAPI
import IngestAWSAuth
import IngestConsole
import IngestCore

/// The console's source on a real AWS account (or any endpoint that speaks the AWS protocols: moto, the
/// engine's own): the same snapshot and commands as an engine, read from SQS, SNS, CloudWatch, Logs,
/// DynamoDB and Lambda, so every panel, key and dialog works unchanged.
///
/// AWS is slower and charged per call, so parts refresh on their own schedules: queue depths, move tasks
/// and logs every 2 s, alarms every 5 s, the rest every 30 s, the resource list every minute. A part that
/// fails keeps its last value and adds a warning; only credentials or the queue listing failing fails a snapshot.
public actor AWSConsoleSource: ConsoleSource {
    public nonisolated let label: String
    public nonisolated let account: String
    public nonisolated let region: String
    public nonisolated let allowChanges: Bool
    public let apis: AWSAPIs
    let scope: AWSScope
    let now: @Sendable () -> Date
    let startedAt: Date

    var inventory = AWSInventory()
    var inventoryAt: Date?
    var queueAttributes: [String: [String: String]] = [:]
    var queuesAt: Date?
    /// Changes made so far; a refresh marks its part fresh only when none happened while it read.
    var changes = 0
    var slow = SlowParts()
    var slowAt: Date?
    var alarms: [AlarmSummary] = []
    var alarmsAt: Date?
    var remoteMoveTasks: [MoveTaskInfo] = []
    var moveTasksAt: Date?
    var moveTasksUnsupported = false
    var logTail = AWSLogTail()
    var logsAt: Date?
    var movers: [String: ClientSideMove] = [:]
    var partWarnings: [String: String] = [:]
    var refreshProblems: [String] = []

    /// What the 30-second refresh reads.
    struct SlowParts: Sendable {
        var topics: [TopicStatus] = []
        var functions: [LambdaFunctionInfo] = []
        var mappings: [EventSourceMappingInfo] = []
        var tables: [TableSummary] = []
        /// Metric values by query id (ages, invocations, errors, throttles, publishes).
        var metrics: [String: Double] = [:]
        /// DLQ URL → the names of queues that dead-letter into it (ListDeadLetterSourceQueues).
        var deadLetterSources: [String: [String]] = [:]
    }

    init(apis: AWSAPIs, scope: AWSScope, identity: CallerIdentity, allowChanges: Bool, now: @escaping @Sendable () -> Date) {
        self.apis = apis
        self.scope = scope
        self.account = identity.account
        self.region = apis.sqs.connection.region
        self.allowChanges = allowChanges
        self.now = now
        self.startedAt = now()
        self.label = "aws \(identity.account) \(apis.sqs.connection.region) · \(scope.description)\(allowChanges ? "" : " · read-only")"
    }

    /// Connects: checks the credentials with STS GetCallerIdentity (the account id every change names), or,
    /// where the endpoint has no STS (the engine's own), takes the account from a queue's ARN.
    public static func open(connection: AWSConnection, scope: AWSScope, allowChanges: Bool) async throws(AWSClientError) -> AWSConsoleSource {
        let apis = AWSAPIs(connection)
        var identity: CallerIdentity
        do { identity = try await apis.sts.callerIdentity() } catch {
            if error.isAccessDenied || error.isExpiredCredentials || error.kind == .configuration || error.kind == .transport
                || AWSClientError.badCredentialCodes.contains(error.code ?? "") { throw error }
            identity = CallerIdentity(account: "unknown", arn: "")
            if let url = try await apis.sqs.listQueues(prefix: nil).first, let arn = try await apis.sqs.attributes(of: url)["QueueArn"] {
                identity.account = String(arn.split(separator: ":").dropFirst(4).first ?? "unknown")
            }
        }
        return AWSConsoleSource(apis: apis, scope: scope, identity: identity, allowChanges: allowChanges, now: connection.now)
    }

    /// `account 123456789012 in us-east-1`: what every confirmation names.
    public nonisolated var target: String { "account \(account) in \(region)" }

    static let queueSeconds = 2.0, alarmSeconds = 5.0, slowSeconds = 30.0, inventorySeconds = 60.0, logSeconds = 2.0

    func due(_ at: Date?, _ seconds: Double, _ t: Date) -> Bool { at.map { t.timeIntervalSince($0) >= seconds } ?? true }

    /// Forgets what a change may have altered, so the next snapshot reads it again.
    /// A snapshot in flight across the change then does not mark its older reads fresh (`changes` moved on).
    func invalidateAfterChange() {
        changes += 1
        queuesAt = nil
        moveTasksAt = nil
        slowAt = nil
    }

    public func snapshot(logsAfter: UInt64?, logLimit: Int) async throws -> ConsoleSnapshot {
        let t = now()
        if due(inventoryAt, Self.inventorySeconds, t) { try await refreshInventory(at: t) }
        var before = changes
        if due(queuesAt, Self.queueSeconds, t) { try await refreshQueues(); if changes == before { queuesAt = t } }
        before = changes
        if due(slowAt, Self.slowSeconds, t) { await refreshSlow(at: t); if changes == before { slowAt = t } }
        if due(alarmsAt, Self.alarmSeconds, t) { await refreshAlarms(); alarmsAt = t }
        before = changes
        if due(moveTasksAt, Self.queueSeconds, t) { await refreshMoveTasks(); if changes == before { moveTasksAt = t } }
        if due(logsAt, Self.logSeconds, t) { await refreshLogs(at: t); logsAt = t }
        return buildSnapshot(at: t, logsAfter: logsAfter, logLimit: logLimit)
    }

    /// Finds the scope's resources again (every minute, and before the first command that names one).
    func refreshInventory(at t: Date) async throws(AWSClientError) {
        var warnings: [String] = []
        inventory = try await AWSInventory.resolve(scope, apis: apis, warnings: &warnings)
        inventoryAt = t
        partWarnings["inventory"] = warnings.isEmpty ? nil : warnings.joined(separator: "; ")
        slowAt = nil
    }

    func refreshQueues() async throws {
        let urls = inventory.queueURLs
        let apis = self.apis
        var fresh: [String: [String: String]] = [:]
        var failures: [String] = []
        try await withThrowingTaskGroup(of: (String, Result<[String: String], AWSClientError>).self) { group in
            for url in urls {
                group.addTask {
                    do throws(AWSClientError) { return (url, .success(try await apis.sqs.attributes(of: url))) } catch { return (url, .failure(error)) }
                }
            }
            for try await (url, result) in group {
                switch result {
                case .success(let a): fresh[url] = a
                case .failure(let e):
                    if e.isExpiredCredentials || e.kind == .configuration { throw e }
                    if e.code == "AWS.SimpleQueueService.NonExistentQueue" || e.code == "QueueDoesNotExist" { inventoryAt = nil; continue }
                    failures.append(e.description)
                    if let old = queueAttributes[url] { fresh[url] = old }
                }
            }
        }
        queueAttributes = fresh
        partWarnings["queues"] = failures.first
    }

    /// The scope's alarms by name (found with the inventory), or every alarm in the region.
    func refreshAlarms() async {
        do {
            alarms = try await apis.cloudWatch.alarms(names: inventory.alarmNames)
            alarms.sort { $0.name < $1.name }
            partWarnings["alarms"] = nil
        } catch {
            partWarnings["alarms"] = error.description
        }
    }

    func refreshMoveTasks() async {
        guard !moveTasksUnsupported else { return }
        let dlqArns = deadLetterQueueArns()
        var tasks: [MoveTaskInfo] = []
        var problem: String?
        for arn in dlqArns {
            do { tasks += try await apis.sqs.listMoveTasks(source: arn) } catch {
                if error.kind == .unsupported { moveTasksUnsupported = true; break }
                // This DLQ's tasks as last read; the others are still read.
                tasks += remoteMoveTasks.filter { $0.sourceArn == arn }
                problem = error.description
            }
        }
        remoteMoveTasks = tasks
        partWarnings["moveTasks"] = problem
    }

    func refreshLogs(at t: Date) async {
        let since = Int64((t.timeIntervalSince1970 - 600) * 1000)
        var events: [LogEvent] = []
        for f in slow.functions.map(\.name) where inventory.functions.contains(f) {
            let group = AWSLogTail.group(of: f)
            do { events += try await apis.logs.filter(group: group, startMillis: logTail.start(of: group, since: since), limit: 500) } catch {
                partWarnings["logs"] = error.description
                return
            }
        }
        logTail.append(events)
        partWarnings["logs"] = nil
    }

    /// ARNs of the queues shown as dead-letter queues.
    func deadLetterQueueArns() -> [String] {
        let status = queueStatuses()
        return status.filter(\.isDeadLetterQueue).map(\.arn)
    }
}
