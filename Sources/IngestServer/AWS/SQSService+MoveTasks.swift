import IngestCore

/// DLQ redrive: message move tasks.
extension SQSService {
    func startMessageMoveTask(_ input: AWSInput) async throws -> AWSValue {
        let request = try RedriveRequest(source: input.string("SourceArn"), destination: input.optionalString("DestinationArn"),
                                         maxPerSecond: input.optionalInt("MaxNumberOfMessagesPerSecond"))
        let task = try await engine.startMoveTask(request)
        return .structure([AWSMember("TaskHandle", .string(task.taskHandle ?? ""))])
    }

    func listMessageMoveTasks(_ input: AWSInput) async throws -> AWSValue {
        let source = try input.string("SourceArn")
        let max = try input.optionalInt("MaxResults") ?? 1
        let tasks = try await engine.listMoveTasks(source: source, maxResults: max)
        let entries: [AWSValue] = tasks.map { t in
            var m: [AWSMember] = []
            m.add("TaskHandle", t.taskHandle.map(AWSValue.string))
            m.append(AWSMember("Status", .string(t.status.rawValue)))
            m.append(AWSMember("SourceArn", .string(t.sourceArn)))
            m.add("DestinationArn", t.destinationArn.map(AWSValue.string))
            m.add("MaxNumberOfMessagesPerSecond", t.maxNumberOfMessagesPerSecond.map { .integer(Int64($0)) })
            m.append(AWSMember("ApproximateNumberOfMessagesMoved", .integer(Int64(t.approximateNumberOfMessagesMoved))))
            m.append(AWSMember("ApproximateNumberOfMessagesToMove", .integer(Int64(t.approximateNumberOfMessagesToMove))))
            m.add("FailureReason", t.failureReason.map(AWSValue.string))
            m.append(AWSMember("StartedTimestamp", .integer(t.startedTimestamp)))
            return .structure(m)
        }
        return .structure([AWSMember("Results", .list(member: "ListMessageMoveTasksResultEntry", entries))])
    }

    func cancelMessageMoveTask(_ input: AWSInput) async throws -> AWSValue {
        let task = try await engine.cancelMoveTask(try input.string("TaskHandle"))
        return .structure([AWSMember("ApproximateNumberOfMessagesMoved", .integer(Int64(task.approximateNumberOfMessagesMoved)))])
    }
}
