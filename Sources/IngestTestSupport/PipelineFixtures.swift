import IngestCore

extension Fixtures {
    /// A function whose `Metadata.Ingest.Handler` names a built-in handler, chosen as `PipelineRuntime` would choose it.
    public static func function(_ name: String, handler: String, timeout: Int = 3, environment: [String: String] = [:],
                                reservedConcurrency: Int? = nil) -> FunctionDefinition {
        FunctionDefinition(logicalId: name.replacingOccurrences(of: "-", with: ""), name: name, arn: context.functionArn(name),
                           handler: handler, handlerSource: "metadata",
                           handlerCandidates: [HandlerCandidate(handler, source: "metadata"), HandlerCandidate(name, source: "function name")],
                           timeoutSeconds: timeout, environment: environment, reservedConcurrency: reservedConcurrency, location: "fixture:1")
    }

    /// An SQS event source mapping.
    public static func sqsMapping(_ id: String, queue: String, function: String, batchSize: Int = 10, window: Int = 0,
                                  maximumConcurrency: Int? = nil, reportBatchItemFailures: Bool = true,
                                  enabled: Bool = true) -> EventSourceMappingDefinition {
        EventSourceMappingDefinition(logicalId: id, uuid: stableId(id), functionName: function, eventSourceArn: context.queueArn(queue),
                                     source: .sqs, batchSize: batchSize, maximumBatchingWindowInSeconds: window,
                                     maximumConcurrency: maximumConcurrency, reportBatchItemFailures: reportBatchItemFailures,
                                     enabled: enabled, location: "fixture:1")
    }

    /// A DynamoDB table keyed by `user_id` (a string), on demand, optionally with a stream.
    public static func table(_ name: String, key: String = "user_id", stream: StreamViewType? = nil) -> TableDefinition {
        TableDefinition(logicalId: name.replacingOccurrences(of: "_", with: ""), name: name, hashKey: KeyAttribute(name: key, type: .s),
                        streamViewType: stream, billingMode: .payPerRequest, context: context)
    }

    /// A DynamoDB stream event source mapping.
    public static func streamMapping(_ id: String, table: String, function: String, batchSize: Int = 100,
                                     startingPosition: EventSourceMappingDefinition.StartingPosition = .trimHorizon,
                                     maximumRetryAttempts: Int = -1, bisect: Bool = false, onFailureQueue: String? = nil,
                                     reportBatchItemFailures: Bool = false) -> EventSourceMappingDefinition {
        EventSourceMappingDefinition(logicalId: id, uuid: stableId(id), functionName: function,
                                     eventSourceArn: context.tableArn(table) + "/stream/" + TableDefinition.streamLabel,
                                     source: .dynamodbStream, batchSize: batchSize, reportBatchItemFailures: reportBatchItemFailures,
                                     startingPosition: startingPosition, maximumRetryAttempts: maximumRetryAttempts,
                                     bisectBatchOnFunctionError: bisect, onFailureDestination: onFailureQueue.map { context.queueArn($0) },
                                     location: "fixture:1")
    }

    static func stableId(_ s: String) -> String {
        let h = MD5.hex(s)
        let c = Array(h)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }
}

/// Waits, without sleeping, until `condition` holds: yields to other tasks between checks and fails
/// the test after a bounded number of rounds instead of hanging.
public func eventually(_ what: String = "condition", rounds: Int = 200_000, _ condition: () async throws -> Bool) async throws {
    for _ in 0..<rounds {
        if try await condition() { return }
        await Task.yield()
    }
    throw EventuallyTimeout(what: what)
}

public struct EventuallyTimeout: Error, CustomStringConvertible {
    public var what: String
    public init(what: String) { self.what = what }
    public var description: String { "\(what) did not happen" }
}
