/// The services the endpoint answers, in the order a query-protocol request without `Version` or a
/// credential scope is matched against their operations.
enum AWSServices {
    static let all: [any AWSService.Type] = [
        SQSService.self,
        SNSService.self,
        DynamoDBService.self,
        DynamoDBStreamsService.self,
        CloudWatchService.self,
        LogsService.self,
    ]

    /// The service whose JSON protocol uses this `X-Amz-Target` prefix.
    static func byTarget(prefix: Substring) -> (any AWSService.Type)? {
        all.first { $0.model.targetPrefix.map { $0[...] == prefix } ?? false }
    }

    /// The service a query-protocol call is for: by its `Version`, else by the signing name of its
    /// credential scope, else the first that has the operation.
    static func forQuery(action: String, version: String?, signingName: String?) -> (any AWSService.Type)? {
        let query = all.filter { $0.model.queryVersion != nil }
        if let version, let s = query.first(where: { $0.model.queryVersion == version }) { return s }
        if let signingName, let s = query.first(where: { $0.model.signingName == signingName }) { return s }
        return query.first { $0.model.operations.contains(action) }
    }
}
