import Foundation

/// Credentials a request is signed with.
public struct SigV4Credentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

/// Signs requests the way the AWS SDKs do: adds `X-Amz-Date`, `X-Amz-Security-Token` (with a session
/// token) and `Authorization` over every header present.
public struct SigV4Signer: Sendable {
    public var credentials: SigV4Credentials
    public var region: String
    public var service: String

    public init(credentials: SigV4Credentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The request with its signing headers added. It must carry a `host` header already.
    public func sign(_ request: SigV4Request, at date: Date) -> SigV4Request {
        var r = request
        let amzDate = SigV4Signing.amzDate(date)
        r.headers.removeAll { ["authorization", "x-amz-date", "x-amz-security-token"].contains($0.name.lowercased()) }
        r.headers.append((name: "X-Amz-Date", value: amzDate))
        if let token = credentials.sessionToken { r.headers.append((name: "X-Amz-Security-Token", value: token)) }
        let scope = SigV4Scope(date: String(amzDate.prefix(8)), region: region, service: service)
        let signed = SigV4Canonical.signableHeaders(r)
        let signature = SigV4Signing.signature(of: r, signedHeaders: signed, amzDate: amzDate, scope: scope, secret: credentials.secretAccessKey)
        let auth = SigV4Authorization(accessKeyId: credentials.accessKeyId, scope: scope, signedHeaders: signed, signature: signature)
        r.headers.append((name: "Authorization", value: auth.header))
        return r
    }
}
