import Foundation
import IngestCore

/// The SNS operations of the AWS endpoint (the query protocol, wrapped lists and maps, XML answers).
/// Each one decodes its input, calls the engine operation the control API and the gateway call as well
/// (one set of rules), and encodes the engine's answer; none keeps state.
public struct SNSService: AWSService {
    public let engine: Engine

    public init(engine: Engine) { self.engine = engine }

    public init(context: AWSRequestContext) { self.init(engine: context.pipeline.engine) }

    public static let namespace = "http://sns.amazonaws.com/doc/2010-03-31/"

    public static let model = AWSServiceModel(
        signingName: "sns", targetPrefix: nil, queryVersion: "2010-03-31", xmlNamespace: namespace, operations: operations, flattenedQuery: false)

    /// The operations this service answers.
    public static let operations: Set<String> = [
        "CreateTopic", "DeleteTopic", "ListTopics", "GetTopicAttributes", "SetTopicAttributes",
        "Subscribe", "Unsubscribe", "ListSubscriptions", "ListSubscriptionsByTopic", "GetSubscriptionAttributes", "SetSubscriptionAttributes",
        "Publish", "PublishBatch", "TagResource", "UntagResource", "ListTagsForResource",
    ]

    /// Engine errors in SNS's shape; the input readers' `MissingParameter` is SNS's `InvalidParameter`.
    public static func wireError(_ error: any Error) -> AWSError? {
        switch error {
        case let e as SNSError:
            return AWSError(code: e.code, message: e.message, senderFault: e.httpStatus < 500, status: e.httpStatus, namespace: "com.amazonaws.sns")
        case let e as AWSError where e.code == "MissingParameter":
            return AWSError(code: "InvalidParameter", message: "Invalid parameter: \(e.message)", namespace: "com.amazonaws.sns")
        case let e as AWSError: return e
        case let e as SQSError: return AWSError(e)
        default: return nil
        }
    }

    public func call(_ action: String, _ input: AWSInput) async throws -> AWSValue {
        switch action {
        case "CreateTopic": return try await createTopic(input)
        case "DeleteTopic": return try await deleteTopic(input)
        case "ListTopics": return try await listTopics(input)
        case "GetTopicAttributes": return try await getTopicAttributes(input)
        case "SetTopicAttributes": return try await setTopicAttributes(input)
        case "TagResource": return try await tagResource(input)
        case "UntagResource": return try await untagResource(input)
        case "ListTagsForResource": return try await listTagsForResource(input)
        case "Subscribe": return try await subscribe(input)
        case "Unsubscribe": return try await unsubscribe(input)
        case "ListSubscriptions": return try await listSubscriptions(input, topic: nil)
        case "ListSubscriptionsByTopic": return try await listSubscriptions(input, topic: try input.string("TopicArn"))
        case "GetSubscriptionAttributes": return try await getSubscriptionAttributes(input)
        case "SetSubscriptionAttributes": return try await setSubscriptionAttributes(input)
        case "Publish": return try await publish(input)
        case "PublishBatch": return try await publishBatch(input)
        default: throw AWSError.unknownOperation(action)
        }
    }

    /// A page of at most 100 of `items` after an opaque `NextToken` (the last key given, in base64).
    static func page<T>(_ items: [T], key: (T) -> String, _ input: AWSInput) throws(AWSError) -> (items: [T], next: String?) {
        var rest = items[...]
        if let token = try input.optionalString("NextToken") {
            guard let data = Data(base64Encoded: token), let after = String(data: data, encoding: .utf8) else {
                throw AWSError(code: "InvalidParameter", message: "Invalid parameter: NextToken", namespace: "com.amazonaws.sns")
            }
            rest = rest.drop { key($0) <= after }
        }
        let taken = Array(rest.prefix(100))
        let next = rest.count > 100 ? taken.last.map { Data(key($0).utf8).base64EncodedString() } : nil
        return (taken, next)
    }

    /// `Tags.member.N.Key/Value` as a map.
    static func tags(_ input: AWSInput) throws(AWSError) -> [String: String] {
        var out: [String: String] = [:]
        for t in try input.structures("Tags") { out[try t.string("Key")] = try t.optionalString("Value") ?? "" }
        return out
    }
}
