import Foundation
import IngestAPI
import IngestConsole
import IngestCore

extension AWSConsoleSource {
    public func perform(_ command: ConsoleCommand) async throws -> ConsoleReply {
        if command.isChange, !allowChanges {
            throw AWSClientError(kind: .configuration, action: "ingest",
                                 message: "read-only: this console changes nothing in \(target); start it with --allow-changes to redrive, purge or delete")
        }
        defer { if command.isChange { invalidateAfterChange() } }
        switch command {
        case .deadLetters(let queue, let after, let limit):
            return .deadLetters(try await peek(queue, after: after, limit: limit))
        case .messageLogs(let id):
            return .logLines(try await searchLogs(pattern: "\"\(id)\"", functions: inventory.functions, since: now().addingTimeInterval(-86_400), limit: 200))
        case .alarmHistory(let name):
            return .alarmHistory(try await alarmHistory(name))
        case .metric(let namespace, let name, let dimensions, let minutes):
            return .metric(try await apis.cloudWatch.series(namespace: namespace, name: name, dimensions: dimensions, minutes: minutes, now: now()))
        case .logs(let query):
            return .logLines(try await logs(query))
        case .tableItems(let table, let limit):
            return .tableItems(table: table, items: try await apis.dynamodb.scan(table, limit: limit))
        case .streamRecords:
            throw AWSClientError(kind: .notOnAWS, action: "dynamodb:GetRecords", message: "ingest shows stream records of a local engine only; use aws dynamodbstreams get-records")
        case .redrive(let request):
            return .moveTask(try await redrive(request))
        case .cancelMoveTask(let source):
            return .moveTask(try await cancelMove(source))
        case .purge(let queue):
            let url = try await changeableQueueURL(queue)
            let before = Int(try await apis.sqs.attributes(of: url)["ApproximateNumberOfMessages"] ?? "") ?? 0
            try await apis.sqs.purge(url)
            return .purged(PurgeResult(queue: AWSInventory.queueName(fromURL: url), purged: before))
        case .deleteMessage(let queue, let id):
            let url = try await changeableQueueURL(queue)
            let m = try await find(url, messageId: id)
            let failed = try await apis.sqs.deleteBatch(url, handles: [m.receiptHandle])
            guard failed.isEmpty else {
                throw AWSClientError(kind: .service(code: "DeleteFailed", status: 400), action: "sqs:DeleteMessage", message: "the message could not be deleted")
            }
            return .deleted(queue: queue, messageId: id)
        case .resend(let queue, let id, let body, let to):
            return try await resend(queue: queue, id: id, body: body, to: to)
        case .configureFunction(let name, let body):
            return .configured(try await configure(name, body))
        case .updateCode:
            throw AWSClientError(kind: .notOnAWS, action: "lambda:UpdateFunctionCode", message: "deploy code to AWS through your pipeline, not from the console")
        case .replay:
            throw AWSClientError(kind: .notOnAWS, action: "sns:Publish", message: "standard SNS topics keep no archive to replay from")
        case .resetStream:
            throw AWSClientError(kind: .notOnAWS, action: "lambda:UpdateEventSourceMapping", message: "a stream mapping's position cannot be moved on AWS")
        }
    }

    func alarmHistory(_ name: String) async throws(AWSClientError) -> [AlarmHistoryItem] {
        do { return try await apis.cloudWatch.history(of: name) } catch {
            guard error.kind == .unsupported, let a = alarms.first(where: { $0.name == name }) else { throw error }
            // The endpoint keeps no history (moto): the current state is the one fact known.
            return [AlarmHistoryItem(alarmName: name, timestamp: a.since, type: .stateUpdate,
                                     summary: "In \(a.state.rawValue) since \(a.since.iso8601) (this endpoint keeps no alarm history)",
                                     data: "{\"newState\":{\"stateValue\":\"\(a.state.rawValue)\"}}")]
        }
    }

    func logs(_ query: LogQuery) async throws(AWSClientError) -> [LogLine] {
        var lines: [LogLine]
        let fromTail = query.afterId != nil || (query.requestId == nil && query.contains == nil && query.since == nil)
        if fromTail {
            lines = logTail.lines(after: query.afterId, limit: 10_000)
        } else {
            var pattern: String?
            if let id = query.requestId { pattern = "\"\(id)\"" } else if let c = query.contains { pattern = "\"\(c.replacingOccurrences(of: "\"", with: ""))\"" }
            let functions = query.source.map { [$0] } ?? inventory.functions
            lines = try await searchLogs(pattern: pattern, functions: functions, since: query.since?.date ?? now().addingTimeInterval(-3_600), limit: query.limit * 2)
        }
        lines = lines.filter { l in
            (query.source.map { l.source == $0 } ?? true) && (query.minLevel.map { l.level >= $0 } ?? true)
                && (query.requestId.map { l.requestId == $0 || l.message.contains($0) } ?? true)
                && (query.since.map { l.at >= $0 } ?? true)
                // CloudWatch matched the text before redaction (an e-mail address, say); the tail's lines are filtered here.
                && (!fromTail || query.contains.map { l.message.range(of: $0, options: .caseInsensitive) != nil } ?? true)
        }
        return Array(query.afterId == nil ? lines.suffix(query.limit) : lines.prefix(query.limit))
    }

    /// FilterLogEvents over the functions' log groups, oldest first, numbered apart from the live tail.
    func searchLogs(pattern: String?, functions: [String], since: Date, limit: Int) async throws(AWSClientError) -> [LogLine] {
        var events: [LogEvent] = []
        for f in functions {
            events += try await apis.logs.filter(group: AWSLogTail.group(of: f), startMillis: Int64(since.timeIntervalSince1970 * 1000), pattern: pattern, limit: limit)
        }
        var tail = AWSLogTail()
        tail.append(events)
        return Array(tail.lines(after: 0, limit: limit))
    }

    func redrive(_ request: RedriveRequest) async throws -> MoveTaskInfo {
        let sourceURL = try await changeableQueueURL(request.source)
        let sourceArn = try await queueArn(sourceURL)
        var destination: ClientSideMove.Destination = .sources(fallbackURL: nil)
        var destinationArn: String?
        if let to = request.destination {
            let url = try await changeableQueueURL(to)
            guard url != sourceURL else {
                throw AWSClientError(kind: .service(code: "InvalidParameterValue", status: 400), action: "sqs:StartMessageMoveTask",
                                     message: "the destination is the dead-letter queue itself")
            }
            destinationArn = try await queueArn(url)
            destination = .queue(url: url, arn: destinationArn!)
        }
        if request.messageIds == nil, !moveTasksUnsupported {
            do {
                let handle = try await apis.sqs.startMoveTask(source: sourceArn, destination: destinationArn, maxPerSecond: request.maxPerSecond)
                let listed = (try? await apis.sqs.listMoveTasks(source: sourceArn, max: 1))?.first
                return listed ?? MoveTaskInfo(taskHandle: handle, status: .running, sourceArn: sourceArn, destinationArn: destinationArn,
                                              maxNumberOfMessagesPerSecond: request.maxPerSecond, approximateNumberOfMessagesMoved: 0,
                                              approximateNumberOfMessagesToMove: 0, startedTimestamp: Timestamp(date: now()).millis)
            } catch {
                guard error.kind == .unsupported else { throw error }
                moveTasksUnsupported = true
            }
        }
        try refuseRunningMove(sourceArn, sourceURL)
        if case .sources = destination {
            let sources = try await apis.sqs.deadLetterSources(of: sourceURL)
            destination = .sources(fallbackURL: sources.count == 1 ? sources[0] : nil)
        }
        // Visible and in flight (a peek's or a consumer's messages come back): what the move will take.
        let attributes = try await apis.sqs.attributes(of: sourceURL)
        let depth = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"].reduce(0) { $0 + (Int(attributes[$1] ?? "") ?? 0) }
        let move = ClientSideMove(sourceArn: sourceArn, destinationArn: destinationArn, maxPerSecond: request.maxPerSecond,
                                  toMove: request.messageIds?.count ?? depth, messageIds: request.messageIds, startedAt: now())
        // Checked again with no suspension before the insert: two redrives of one DLQ cannot both start.
        try refuseRunningMove(sourceArn, sourceURL)
        movers[sourceArn] = move
        let sqs = apis.sqs, now = self.now, sleep = apis.sqs.connection.sleep, ids = request.messageIds.map(Set.init)
        let dest = destination
        Task { await move.run(sqs: sqs, sourceURL: sourceURL, destination: dest, maxPerSecond: request.maxPerSecond, messageIds: ids, now: now, sleep: sleep) }
        return move.info
    }

    func refuseRunningMove(_ sourceArn: String, _ sourceURL: String) throws(AWSClientError) {
        if let running = movers[sourceArn], running.info.status == .running || running.info.status == .cancelling {
            throw AWSClientError(kind: .service(code: "UnsupportedOperation", status: 400), action: "sqs:ReceiveMessage",
                                 message: "a move from \(AWSInventory.queueName(fromURL: sourceURL)) is already running")
        }
    }

    /// The URL of a queue a change may touch: with a stack, template or prefix, only one of its queues.
    func changeableQueueURL(_ queue: String) async throws(AWSClientError) -> String {
        let url = try await queueURL(queue)
        if case .everything = scope { return url }
        guard inventory.queueURLs.contains(url) else {
            throw AWSClientError(kind: .notOnAWS, action: "sqs:GetQueueUrl",
                                 message: "\(AWSInventory.queueName(fromURL: url)) is not one of the queues of \(scope.description); changes stay inside the chosen resources")
        }
        return url
    }

    /// The client-side move of a source, to wait on (the CLI waits: its process is the mover).
    public func clientSideMove(handle: String) -> ClientSideMove? { movers.values.first { $0.handle == handle } }

    func cancelMove(_ source: String) async throws -> MoveTaskInfo {
        if let local = movers.values.first(where: { ($0.info.taskHandle == source || AWSInventory.lastComponent($0.info.sourceArn) == source
                                                     || $0.info.sourceArn == source) && $0.info.status == .running }) {
            local.cancel()
            await local.wait()
            return local.info
        }
        // A queue (name, URL or ARN) whose running task to cancel, or a task handle itself.
        var handle = source
        var arn: String?
        let looksLikeQueue = source.count <= 80 || source.hasPrefix("arn:") || source.hasPrefix("http")
        if looksLikeQueue {
            let url = try await queueURL(source)
            let queueArn = try await queueArn(url)
            arn = queueArn
            let tasks: [MoveTaskInfo]
            do { tasks = try await apis.sqs.listMoveTasks(source: queueArn) } catch {
                guard error.kind == .unsupported else { throw error }
                moveTasksUnsupported = true
                throw AWSClientError(kind: .service(code: "ResourceNotFoundException", status: 404), action: "sqs:CancelMessageMoveTask",
                                     message: "no move from \(source) is running here (this endpoint has no message move tasks; a move another console or CLI started runs in that process and ends with it)")
            }
            guard let running = tasks.first(where: { $0.status == .running }), let h = running.taskHandle else {
                throw AWSClientError(kind: .service(code: "ResourceNotFoundException", status: 404), action: "sqs:ListMessageMoveTasks",
                                     message: "no running move task from \(source)")
            }
            handle = h
        }
        let moved = try await apis.sqs.cancelMoveTask(handle: handle)
        if let arn, let t = try await apis.sqs.listMoveTasks(source: arn, max: 1).first { return t }
        return MoveTaskInfo(taskHandle: nil, status: .cancelling, sourceArn: arn ?? source, approximateNumberOfMessagesMoved: moved,
                            approximateNumberOfMessagesToMove: 0, startedTimestamp: Timestamp(date: now()).millis)
    }

    func resend(queue: String, id: String, body: String?, to: String?) async throws -> ConsoleReply {
        let url = try await changeableQueueURL(queue)
        let m = try await find(url, messageId: id)
        var destination: String?
        if let to { destination = try await changeableQueueURL(to) }
        if destination == nil, let arn = m.attributes["DeadLetterQueueSourceArn"] { destination = try await apis.sqs.queueURL(named: AWSInventory.lastComponent(arn)) }
        if destination == nil {
            let sources = try await apis.sqs.deadLetterSources(of: url)
            if sources.count == 1 { destination = sources[0] }
        }
        guard let destination else {
            try await apis.sqs.changeVisibility(url, [(handle: m.receiptHandle, timeout: 0)])
            throw AWSClientError(kind: .service(code: "InvalidParameterValue", status: 400), action: "sqs:SendMessage",
                                 message: "the message names no source queue: choose a destination")
        }
        let fifo = destination.hasSuffix(".fifo")
        let result = try await apis.sqs.sendBatch(destination, [SQSSendEntry(id: "e0", body: body ?? m.body, messageAttributes: m.messageAttributes,
                                                                            messageGroupId: fifo ? (m.attributes["MessageGroupId"] ?? "redrive") : nil,
                                                                            deduplicationId: fifo ? m.messageId : nil)])
        guard let newId = result.sent["e0"] else {
            try await apis.sqs.changeVisibility(url, [(handle: m.receiptHandle, timeout: 0)])
            throw AWSClientError(kind: .service(code: "SendFailed", status: 400), action: "sqs:SendMessage", message: result.failed["e0"] ?? "the send failed")
        }
        let undeleted = try? await apis.sqs.deleteBatch(url, handles: [m.receiptHandle])
        guard undeleted?.isEmpty == true else {
            throw AWSClientError(kind: .service(code: "DeleteFailed", status: 400), action: "sqs:DeleteMessage",
                                 message: "sent as \(newId), but it could not be deleted from \(AWSInventory.queueName(fromURL: url)): delete it there, do not send it again")
        }
        return .resent(queue: queue, messageId: id, newMessageId: newId)
    }

    func configure(_ name: String, _ body: ControlAPI.ConfigureFunctionBody) async throws -> FunctionConfiguration {
        guard body.handler == nil, body.environment == nil, let enabled = body.enabled else {
            throw AWSClientError(kind: .notOnAWS, action: "lambda:UpdateFunctionConfiguration",
                                 message: "only event source mappings are switched from the console on AWS; change handlers and environment through your deployment")
        }
        let mappings = try await apis.lambda.listMappings().filter { $0.functionName == name }
        for m in mappings { _ = try await apis.lambda.setMapping(m.uuid, enabled: enabled) }
        let f = slow.functions.first { $0.name == name }
        let summary = FunctionSummary(name: name, handler: f?.handler ?? "-", handlerSource: "aws lambda", timeoutSeconds: f?.timeout ?? 0,
                                      memorySizeMB: f?.memorySize ?? 0, environment: [:], running: 0, invocations: 0, errors: 0, timeouts: 0, throttles: 0)
        let summaries = mappings.map { m in
            MappingSummary(logicalId: inventory.logicalIds[m.uuid] ?? m.uuid, uuid: m.uuid, function: name, source: AWSInventory.lastComponent(m.eventSourceArn),
                           enabled: enabled, batchSize: m.batchSize)
        }
        return FunctionConfiguration(function: summary, mappings: summaries)
    }
}
