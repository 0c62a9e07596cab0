import Foundation
import IngestCore

/// What the endpoint knows of one AWS service to route and answer its calls: the names its SDKs send and
/// the shapes its replies take. The values come from the service's botocore model.
public struct AWSServiceModel: Sendable {
    /// The name in a SigV4 credential scope (`sqs`, `sns`, `dynamodb`, `monitoring`, `logs`).
    public var signingName: String
    /// The `X-Amz-Target` prefix of its JSON protocol (`AmazonSQS`), when it has one.
    public var targetPrefix: String?
    /// Its JSON protocol's version, `1.0` or `1.1` (the `application/x-amz-json-*` content type).
    public var jsonVersion: String
    /// The `Version` its query-protocol requests carry (`2012-11-05`), when it has the query protocol.
    public var queryVersion: String?
    /// The namespace of its query-protocol XML replies.
    public var xmlNamespace: String
    /// The operations it answers.
    public var operations: Set<String>
    /// Whether its query-protocol lists and maps are flattened (SQS: `<QueueUrl>` repeated) or wrapped in
    /// `member`/`entry` elements (SNS, CloudWatch).
    public var flattenedQuery: Bool
    /// Whether it answers the Smithy RPC v2 CBOR protocol at `/service/{targetPrefix}/operation/{Op}` (CloudWatch).
    public var rpcV2CBOR = false

    public init(signingName: String, targetPrefix: String?, jsonVersion: String = "1.0", queryVersion: String?, xmlNamespace: String,
                operations: Set<String>, flattenedQuery: Bool = false) {
        self.signingName = signingName
        self.targetPrefix = targetPrefix
        self.jsonVersion = jsonVersion
        self.queryVersion = queryVersion
        self.xmlNamespace = xmlNamespace
        self.operations = operations
        self.flattenedQuery = flattenedQuery
    }
}

/// What every service's operations run against: the pipeline (engine, tables, functions, log book,
/// metrics, alarms) and where this endpoint answers.
public struct AWSRequestContext: Sendable {
    public let pipeline: PipelineRuntime
    /// Where this endpoint answers (`http://127.0.0.1:4566`): URLs a service returns point here.
    public let endpoint: String

    public init(pipeline: PipelineRuntime, endpoint: String) {
        self.pipeline = pipeline
        self.endpoint = endpoint
    }
}

/// One AWS service behind the endpoint. Each operation decodes its input, calls the operation the
/// control API calls as well (one set of rules), and encodes the answer; a service keeps no state.
public protocol AWSService: Sendable {
    static var model: AWSServiceModel { get }
    init(context: AWSRequestContext)
    /// Runs one operation; an action outside ``AWSServiceModel/operations`` throws `UnknownOperationException`.
    func call(_ action: String, _ input: AWSInput) async throws -> AWSValue
    /// An engine error in this service's wire shape, or nil to answer it as an internal failure.
    static func wireError(_ error: any Error) -> AWSError?
}

extension AWSService {
    public static func wireError(_ error: any Error) -> AWSError? { error as? AWSError }
}
