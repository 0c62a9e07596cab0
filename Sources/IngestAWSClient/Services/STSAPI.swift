import IngestAWSAuth

/// Who the credentials belong to (`GetCallerIdentity`, which needs no permission).
public struct CallerIdentity: Sendable, Hashable {
    public var account: String
    public var arn: String
}

public struct STSAPI: Sendable {
    public let connection: AWSConnection
    public init(_ connection: AWSConnection) { self.connection = connection }

    public func callerIdentity() async throws(AWSClientError) -> CallerIdentity {
        let xml = try await connection.query(.sts, action: "GetCallerIdentity", version: "2011-06-15")
        guard let account = xml.first("Account")?.text else {
            throw AWSClientError(kind: .malformedResponse, action: "sts:GetCallerIdentity", message: "no Account in the answer")
        }
        return CallerIdentity(account: account, arn: xml.first("Arn")?.text ?? "")
    }
}
