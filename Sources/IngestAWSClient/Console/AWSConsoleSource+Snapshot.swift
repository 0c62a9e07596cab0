import Foundation
import IngestAPI
import IngestConsole
import IngestCore

extension AWSConsoleSource {
    /// Topics and subscriptions, functions and mappings, tables, dead-letter sources and the metrics the
    /// panels show (queue age, invocations, errors, throttles, publishes): the 30-second part.
    func refreshSlow(at t: Date) async {
        var parts = SlowParts()
        refreshProblems = []
        let apis = self.apis
        // A part whose call fails keeps the values read last time (the failure is the refresh's warning).
        for arn in inventory.topicArns {
            guard let listed = await attempt({ () async throws(AWSClientError) in try await apis.sns.subscriptions(of: arn) }) else {
                if let old = slow.topics.first(where: { $0.arn == arn }) { parts.topics.append(old) }
                continue
            }
            var subs: [SubscriptionStatus] = []
            for s in listed {
                let a = s.arn.hasPrefix("arn:") ? await attempt({ () async throws(AWSClientError) in try await apis.sns.subscriptionAttributes(s.arn) }) ?? [:] : [:]
                let dlq = (try? JSONValue.parse(a["RedrivePolicy"] ?? ""))?["deadLetterTargetArn"]?.stringValue
                subs.append(SubscriptionStatus(arn: s.arn, protocol: s.protocol, endpoint: Redaction.redact(s.endpoint), rawMessageDelivery: a["RawMessageDelivery"] == "true",
                                               hasFilterPolicy: !(a["FilterPolicy"] ?? "").isEmpty, deadLetterTargetArn: dlq,
                                               delivered: 0, filteredOut: 0, failed: 0, redrivenToDLQ: 0, failedToRedriveToDLQ: 0))
            }
            parts.topics.append(TopicStatus(name: AWSInventory.lastComponent(arn), arn: arn, published: 0, archived: 0, archiveRetentionSeconds: 0,
                                            subscriptions: subs))
        }
        if !inventory.functions.isEmpty {
            let wanted = Set(inventory.functions)
            parts.functions = (await attempt({ () async throws(AWSClientError) in try await apis.lambda.listFunctions() }))?.filter { wanted.contains($0.name) }
                ?? slow.functions
            parts.mappings = (await attempt({ () async throws(AWSClientError) in try await apis.lambda.listMappings() }))?
                .filter { m in wanted.contains(m.functionName) || inventory.mappingUUIDs?.contains(m.uuid) == true } ?? slow.mappings
        }
        for name in inventory.tables {
            if let s = await attempt({ () async throws(AWSClientError) in try await apis.dynamodb.describe(name, logicalId: inventory.logicalIds[name]) })
                ?? slow.tables.first(where: { $0.name == name }) {
                parts.tables.append(s)
            }
        }
        for url in inventory.queueURLs where isDeadLetterTarget(url) {
            parts.deadLetterSources[url] = (await attempt({ () async throws(AWSClientError) in try await apis.sqs.deadLetterSources(of: url) }))?
                .map(AWSInventory.queueName(fromURL:)) ?? slow.deadLetterSources[url] ?? []
        }
        parts.metrics = await metrics(at: t, functions: parts.functions.map(\.name), topics: parts.topics.map(\.name))
        slow = parts
        partWarnings["slow"] = refreshProblems.isEmpty ? nil : Array(Set(refreshProblems)).sorted().prefix(3).joined(separator: "; ")
    }

    /// One call of a refresh: its value, or `nil` and the problem noted for the refresh's warning.
    func attempt<T: Sendable>(_ body: () async throws(AWSClientError) -> T) async -> T? {
        do { return try await body() } catch {
            refreshProblems.append(error.kind == .unsupported ? "\(error.action) is not served by this endpoint" : error.description)
            return nil
        }
    }

    /// Whether some selected queue's redrive policy or a subscription targets the queue.
    func isDeadLetterTarget(_ url: String) -> Bool {
        guard let arn = queueAttributes[url]?["QueueArn"] else { return false }
        return queueAttributes.values.contains { Self.redrive($0)?.target == arn }
            || slow.topics.contains { $0.subscriptions.contains { $0.deadLetterTargetArn == arn } }
            || AWSInventory.queueName(fromURL: url).lowercased().contains("dead-letter") || AWSInventory.queueName(fromURL: url).lowercased().contains("dlq")
    }

    func metrics(at t: Date, functions: [String], topics: [String]) async -> [String: Double] {
        typealias Q = CloudWatchAPI.MetricQuery
        var queries: [Q] = []
        var keys: [String: String] = [:]
        func add(_ key: String, _ ns: String, _ name: String, _ dims: [String: String], _ stat: String) {
            let id = "m\(queries.count)"
            keys[id] = key
            queries.append(Q(id: id, namespace: ns, name: name, dimensions: dims, stat: stat, period: 300))
        }
        for url in inventory.queueURLs {
            let q = AWSInventory.queueName(fromURL: url)
            add("age/\(q)", "AWS/SQS", "ApproximateAgeOfOldestMessage", ["QueueName": q], "Maximum")
            for (key, metric) in [("sent", "NumberOfMessagesSent"), ("received", "NumberOfMessagesReceived"), ("deleted", "NumberOfMessagesDeleted")] {
                add("\(key)/\(q)", "AWS/SQS", metric, ["QueueName": q], "Sum")
            }
        }
        for f in functions {
            for m in ["Invocations", "Errors", "Throttles"] { add("\(m)/\(f)", "AWS/Lambda", m, ["FunctionName": f], "Sum") }
            add("p50/\(f)", "AWS/Lambda", "Duration", ["FunctionName": f], "p50")
            add("p99/\(f)", "AWS/Lambda", "Duration", ["FunctionName": f], "p99")
        }
        for topic in topics { add("published/\(topic)", "AWS/SNS", "NumberOfMessagesPublished", ["TopicName": topic], "Sum") }
        guard !queries.isEmpty else { return [:] }
        do {
            // Counts add up from the period the console opened in, so they grow like a local engine's
            // counters (the panels' per-minute rates are their differences); the newest hour at least.
            let opened = Int64(startedAt.timeIntervalSince1970 * 1000) / 300_000 * 300_000
            let values = try await apis.cloudWatch.values(queries, start: min(t.addingTimeInterval(-3600), startedAt), end: t)
            var out: [String: Double] = [:]
            for (id, points) in values {
                guard let key = keys[id] else { continue }
                // Ages and percentiles: the newest period; counts: the hour's sum.
                if key.hasPrefix("age/") || key.hasPrefix("p50/") || key.hasPrefix("p99/") {
                    if let newest = points.keys.max() { out[key] = points[newest] }
                } else {
                    out[key] = points.filter { $0.key >= opened }.values.reduce(0, +)
                }
            }
            return out
        } catch {
            refreshProblems.append(error.description)
            return slow.metrics
        }
    }

    static func redrive(_ attributes: [String: String]) -> (target: String, maxReceiveCount: Int?)? {
        guard let text = attributes["RedrivePolicy"], !text.isEmpty, let json = try? JSONValue.parse(text),
              let target = json["deadLetterTargetArn"]?.stringValue else { return nil }
        let max = json["maxReceiveCount"]?.intValue ?? json["maxReceiveCount"]?.stringValue.flatMap { Int($0) }
        return (target, max)
    }

    func queueStatuses() -> [QueueStatus] {
        let byArn = Dictionary(queueAttributes.compactMap { url, a in a["QueueArn"].map { ($0, (url, a)) } }, uniquingKeysWith: { a, _ in a })
        return inventory.queueURLs.compactMap { url -> QueueStatus? in
            guard let a = queueAttributes[url] else { return nil }
            let name = AWSInventory.queueName(fromURL: url)
            let arn = a["QueueArn"] ?? ""
            let redrive = Self.redrive(a)
            let target = redrive.flatMap { byArn[$0.target] }
            var sources = queueAttributes.compactMap { u, attrs in Self.redrive(attrs)?.target == arn ? AWSInventory.queueName(fromURL: u) : nil }
            sources += (slow.deadLetterSources[url] ?? []).filter { !sources.contains($0) }
            let subs = slow.topics.flatMap(\.subscriptions).filter { $0.deadLetterTargetArn == arn }.map(\.arn)
            func n(_ key: String) -> Int { Int(a[key] ?? "") ?? 0 }
            return QueueStatus(
                name: name, arn: arn, url: url, visible: n("ApproximateNumberOfMessages"), inFlight: n("ApproximateNumberOfMessagesNotVisible"),
                delayed: n("ApproximateNumberOfMessagesDelayed"), ageOfOldestMessage: Int(slow.metrics["age/\(name)"] ?? 0),
                isDeadLetterQueue: !sources.isEmpty || !subs.isEmpty, sourceQueues: sources.sorted(), sourceSubscriptions: subs,
                deadLetterQueue: redrive.map { AWSInventory.lastComponent($0.target) }, maxReceiveCount: redrive?.maxReceiveCount,
                deadLetterQueueDepth: target.map { Int($0.1["ApproximateNumberOfMessages"] ?? "") ?? 0 },
                visibilityTimeout: n("VisibilityTimeout"), messageRetentionPeriod: n("MessageRetentionPeriod"),
                encrypted: !(a["KmsMasterKeyId"] ?? "").isEmpty || a["SqsManagedSseEnabled"] == "true", counters: counters(of: name))
        }
    }

    /// Sent, received and deleted since the console opened, from CloudWatch (which lags by a few minutes).
    func counters(of queue: String) -> QueueCounters {
        var c = QueueCounters()
        c.sent = Int(slow.metrics["sent/\(queue)"] ?? 0)
        c.received = Int(slow.metrics["received/\(queue)"] ?? 0)
        c.deleted = Int(slow.metrics["deleted/\(queue)"] ?? 0)
        return c
    }

    func buildSnapshot(at t: Date, logsAfter: UInt64?, logLimit: Int) -> ConsoleSnapshot {
        var topics = slow.topics
        for i in topics.indices { topics[i].published = Int(slow.metrics["published/\(topics[i].name)"] ?? 0) }
        let local = movers.values.map(\.info)
        let tasks = (local + remoteMoveTasks.filter { r in !local.contains { $0.taskHandle != nil && $0.taskHandle == r.taskHandle } })
            .sorted { $0.startedTimestamp > $1.startedTimestamp }
        var warnings = partWarnings.keys.sorted().compactMap { partWarnings[$0] }
        if moveTasksUnsupported {
            warnings.append("this endpoint has no message move tasks: redrives here move messages from this console (receive, send, then delete)")
        }
        let status = EngineStatus(
            engineVersion: "aws", startedAt: Timestamp(date: startedAt), now: Timestamp(date: t), region: region, accountId: account,
            template: scope.description, dataDirectory: nil, storage: "AWS", encryption: "per resource (KMS, SSE)",
            gatewayURL: inventory.restApiId.map { "https://\($0).execute-api.\(region).amazonaws.com" }, readOnly: !allowChanges,
            topics: topics, queues: queueStatuses(), moveTasks: tasks, warnings: warnings)
        let functions = slow.functions.map { f in
            FunctionSummary(name: f.name, handler: f.handler ?? "-", handlerSource: "aws lambda", timeoutSeconds: f.timeout, memorySizeMB: f.memorySize,
                            reservedConcurrency: nil, environment: Dictionary(uniqueKeysWithValues: f.environment.map { ($0.key, Redaction.environmentValue(name: $0.key, value: $0.value)) }), running: 0,
                            invocations: Int(slow.metrics["Invocations/\(f.name)"] ?? 0), errors: Int(slow.metrics["Errors/\(f.name)"] ?? 0),
                            timeouts: 0, throttles: Int(slow.metrics["Throttles/\(f.name)"] ?? 0),
                            durationP50: slow.metrics["p50/\(f.name)"], durationP99: slow.metrics["p99/\(f.name)"],
                            runtime: f.runtime, runtimeHandler: f.handler, code: nil)
        }
        let mappings = slow.mappings.map { m in
            MappingSummary(logicalId: inventory.logicalIds[m.uuid] ?? m.uuid, uuid: m.uuid, function: m.functionName,
                           source: AWSInventory.lastComponent(m.eventSourceArn), enabled: m.enabled, batchSize: m.batchSize,
                           inFlightBatches: nil, stream: nil)
        }
        return ConsoleSnapshot(status: status, functions: functions, mappings: mappings, alarms: alarms, tables: slow.tables,
                               gateway: GatewayTraffic(url: status.gatewayURL), logs: logTail.lines(after: logsAfter, limit: logLimit),
                               lastLogId: logTail.lastId, handlers: nil)
    }
}
