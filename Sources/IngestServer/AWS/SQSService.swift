import Foundation
import IngestCore

/// The SQS operations of the AWS endpoint. Each one decodes its input, calls the engine operation the
/// control API calls as well (one set of rules), and encodes the engine's answer; none keeps state.
public struct SQSService: AWSService {
    public let engine: Engine
    /// Where this endpoint answers (`http://127.0.0.1:4566`): queue URLs it returns point here.
    public let endpoint: String

    public init(engine: Engine, endpoint: String) {
        self.engine = engine
        self.endpoint = endpoint
    }

    public init(context: AWSRequestContext) { self.init(engine: context.pipeline.engine, endpoint: context.endpoint) }

    public static let model = AWSServiceModel(
        signingName: "sqs", targetPrefix: "AmazonSQS", queryVersion: "2012-11-05", xmlNamespace: AWSXMLEncoding.namespace,
        operations: operations, flattenedQuery: true)

    public static func wireError(_ error: any Error) -> AWSError? {
        switch error {
        case let e as AWSError: return e
        case let e as SQSError: return AWSError(e)
        default: return nil
        }
    }

    /// The operations this service answers (the rest of botocore's list is refused as unsupported).
    public static let operations: Set<String> = [
        "CreateQueue", "GetQueueUrl", "ListQueues", "GetQueueAttributes", "SetQueueAttributes", "DeleteQueue", "PurgeQueue",
        "ListDeadLetterSourceQueues", "TagQueue", "UntagQueue", "ListQueueTags",
        "SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch",
        "ChangeMessageVisibility", "ChangeMessageVisibilityBatch",
        "StartMessageMoveTask", "ListMessageMoveTasks", "CancelMessageMoveTask",
    ]

    /// Operations SQS has that this engine does not emulate.
    public static let unsupported: Set<String> = ["AddPermission", "RemovePermission"]

    /// Runs one operation. Engine errors come out as `SQSError`, input errors as `AWSError`.
    public func call(_ action: String, _ input: AWSInput) async throws -> AWSValue {
        switch action {
        case "CreateQueue": return try await createQueue(input)
        case "GetQueueUrl": return try await getQueueUrl(input)
        case "ListQueues": return try await listQueues(input)
        case "GetQueueAttributes": return try await getQueueAttributes(input)
        case "SetQueueAttributes": return try await setQueueAttributes(input)
        case "DeleteQueue": return try await deleteQueue(input)
        case "PurgeQueue": return try await purgeQueue(input)
        case "ListDeadLetterSourceQueues": return try await listDeadLetterSourceQueues(input)
        case "TagQueue": return try await tagQueue(input)
        case "UntagQueue": return try await untagQueue(input)
        case "ListQueueTags": return try await listQueueTags(input)
        case "SendMessage": return try await sendMessage(input)
        case "SendMessageBatch": return try await sendMessageBatch(input)
        case "ReceiveMessage": return try await receiveMessage(input)
        case "DeleteMessage": return try await deleteMessage(input)
        case "DeleteMessageBatch": return try await deleteMessageBatch(input)
        case "ChangeMessageVisibility": return try await changeMessageVisibility(input)
        case "ChangeMessageVisibilityBatch": return try await changeMessageVisibilityBatch(input)
        case "StartMessageMoveTask": return try await startMessageMoveTask(input)
        case "ListMessageMoveTasks": return try await listMessageMoveTasks(input)
        case "CancelMessageMoveTask": return try await cancelMessageMoveTask(input)
        default:
            if Self.unsupported.contains(action) {
                throw SQSError.unsupportedOperation("\(action) is not emulated by this engine (queue policies are not kept).")
            }
            throw AWSError.unknownOperation(action)
        }
    }

    // MARK: - Queue URLs

    /// The URL this endpoint gives a queue: `{endpoint}/{account}/{name}`.
    func queueURL(_ name: String) -> String { "\(endpoint)/\(engine.context.accountId)/\(name)" }

    /// The queue a request names. Any URL form resolves (`https://sqs.us-east-1.amazonaws.com/ACCOUNT/NAME`,
    /// this endpoint's, or a path): its last path segment is the name. Names and ARNs pass through.
    static func queueRef(_ url: String) -> String {
        guard url.contains("/") else { return url }
        return url.split(separator: "/").last.map(String.init) ?? url
    }

    /// The required `QueueUrl` member as the engine's queue reference.
    func queue(_ input: AWSInput) throws(AWSError) -> String { Self.queueRef(try input.string("QueueUrl")) }

    /// Pages a sorted list of names by `MaxResults` (1–1,000) and an opaque `NextToken` (the last name given).
    static func page(_ names: [String], _ input: AWSInput) throws(AWSError) -> (names: [String], next: String?) {
        let max = try input.optionalInt("MaxResults")
        if let max, !(1...1_000).contains(max) {
            throw AWSError.invalidParameter("MaxResults", "must be between 1 and 1000, got \(max)")
        }
        var rest = names[...]
        if let token = try input.optionalString("NextToken") {
            guard let data = Data(base64Encoded: token), let after = String(data: data, encoding: .utf8) else {
                throw AWSError(code: "InvalidParameterValue", message: "Invalid NextToken value.")
            }
            rest = rest.drop(while: { $0 <= after })
        }
        let limit = max ?? 1_000
        let taken = Array(rest.prefix(limit))
        let next = (max != nil && rest.count > limit) ? taken.last.map { Data($0.utf8).base64EncodedString() } : nil
        return (taken, next)
    }
}

extension AWSError {
    /// The operation is not one this service knows.
    public static func unknownOperation(_ action: String) -> AWSError {
        AWSError(code: "UnknownOperationException", queryCode: "InvalidAction",
                 message: "The action or operation requested is invalid. Verify that the action is typed correctly: \(action).",
                 namespace: "com.amazon.coral.service")
    }
}
