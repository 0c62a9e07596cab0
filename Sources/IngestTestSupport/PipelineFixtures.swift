import IngestCore

extension Fixtures {
    /// An `AWS::Lambda::Function` resource mapped to a built-in handler.
    public static func function(_ name: String, handler: String, timeout: Int = 3, environment: [String: String] = [:],
                                reservedConcurrency: Int? = nil) -> ResourceDefinition {
        var props: [String: JSONValue] = [
            "FunctionName": .string(name), "Timeout": .int(timeout),
            "Environment": ["Variables": .object(environment.mapValues { .string($0) })],
        ]
        if let reservedConcurrency { props["ReservedConcurrentExecutions"] = .int(reservedConcurrency) }
        return ResourceDefinition(logicalId: name.replacingOccurrences(of: "-", with: ""), type: "AWS::Lambda::Function", physicalId: name,
                                  arn: context.functionArn(name), status: .notYetRun, properties: .object(props),
                                  metadata: ["Ingest": ["Handler": .string(handler)]], location: "fixture:1")
    }

    /// An SQS `AWS::Lambda::EventSourceMapping` resource.
    public static func sqsMapping(_ id: String, queue: String, function: String, batchSize: Int = 10, window: Int = 0,
                                  maximumConcurrency: Int? = nil, reportBatchItemFailures: Bool = true, enabled: Bool = true) -> ResourceDefinition {
        var props: [String: JSONValue] = [
            "FunctionName": .string(function), "EventSourceArn": .string(context.queueArn(queue)), "BatchSize": .int(batchSize),
            "MaximumBatchingWindowInSeconds": .int(window), "Enabled": .bool(enabled),
        ]
        if let maximumConcurrency { props["ScalingConfig"] = ["MaximumConcurrency": .int(maximumConcurrency)] }
        if reportBatchItemFailures { props["FunctionResponseTypes"] = ["ReportBatchItemFailures"] }
        return ResourceDefinition(logicalId: id, type: "AWS::Lambda::EventSourceMapping", physicalId: stableId(id), arn: nil, status: .notYetRun,
                                  properties: .object(props), location: "fixture:1")
    }

    /// A DynamoDB table resource keyed by `user_id`, optionally with a stream.
    public static func table(_ name: String, key: String = "user_id", stream: String? = nil) -> ResourceDefinition {
        var props: [String: JSONValue] = [
            "TableName": .string(name),
            "AttributeDefinitions": [["AttributeName": .string(key), "AttributeType": "S"]],
            "KeySchema": [["AttributeName": .string(key), "KeyType": "HASH"]],
            "BillingMode": "PAY_PER_REQUEST",
        ]
        if let stream { props["StreamSpecification"] = ["StreamViewType": .string(stream)] }
        return ResourceDefinition(logicalId: name.replacingOccurrences(of: "_", with: ""), type: "AWS::DynamoDB::Table", physicalId: name,
                                  arn: context.tableArn(name), status: .notYetRun, properties: .object(props), location: "fixture:1")
    }

    /// A stream `AWS::Lambda::EventSourceMapping` resource.
    public static func streamMapping(_ id: String, table: String, function: String, batchSize: Int = 100, startingPosition: String = "TRIM_HORIZON",
                                     maximumRetryAttempts: Int = -1, bisect: Bool = false, onFailureQueue: String? = nil,
                                     reportBatchItemFailures: Bool = false) -> ResourceDefinition {
        var props: [String: JSONValue] = [
            "FunctionName": .string(function), "EventSourceArn": .string(context.tableArn(table) + "/stream/2024-01-01T00:00:00.000"),
            "BatchSize": .int(batchSize), "StartingPosition": .string(startingPosition), "MaximumRetryAttempts": .int(maximumRetryAttempts),
            "BisectBatchOnFunctionError": .bool(bisect),
        ]
        if let onFailureQueue { props["DestinationConfig"] = ["OnFailure": ["Destination": .string(context.queueArn(onFailureQueue))]] }
        if reportBatchItemFailures { props["FunctionResponseTypes"] = ["ReportBatchItemFailures"] }
        return ResourceDefinition(logicalId: id, type: "AWS::Lambda::EventSourceMapping", physicalId: stableId(id), arn: nil, status: .notYetRun,
                                  properties: .object(props), location: "fixture:1")
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
