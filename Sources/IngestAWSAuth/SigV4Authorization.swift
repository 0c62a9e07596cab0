/// An `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header, parsed.
public struct SigV4Authorization: Sendable, Equatable {
    public var accessKeyId: String
    public var scope: SigV4Scope
    /// Lower-case names, in the order given (SigV4 requires them sorted).
    public var signedHeaders: [String]
    public var signature: String

    public init(accessKeyId: String, scope: SigV4Scope, signedHeaders: [String], signature: String) {
        self.accessKeyId = accessKeyId
        self.scope = scope
        self.signedHeaders = signedHeaders
        self.signature = signature
    }

    /// Why a header is not a SigV4 authorization.
    public enum ParseError: Error, Sendable, Equatable {
        case notSigV4
        case missing(String)
        case malformedCredential
    }

    /// Parses the header; the three components may come in any order, separated by commas and spaces.
    public init(header: String) throws(ParseError) {
        let trimmed = header.drop { $0 == " " }
        guard trimmed.hasPrefix(SigV4Signing.algorithm + " ") else { throw .notSigV4 }
        var fields: [Substring: Substring] = [:]
        for part in trimmed.dropFirst(SigV4Signing.algorithm.count + 1).split(separator: ",") {
            let p = part.drop { $0 == " " }
            guard let eq = p.firstIndex(of: "=") else { continue }
            fields[p[..<eq]] = p[p.index(after: eq)...].reversed().drop { $0 == " " }.reversed().map(String.init).joined()[...]
        }
        guard let credential = fields["Credential"] else { throw .missing("Credential") }
        guard let signed = fields["SignedHeaders"] else { throw .missing("SignedHeaders") }
        guard let signature = fields["Signature"], !signature.isEmpty else { throw .missing("Signature") }
        let c = credential.split(separator: "/", omittingEmptySubsequences: false)
        guard c.count == 5, c[4] == "aws4_request", !c[0].isEmpty, c[1].count == 8 else { throw .malformedCredential }
        self.init(accessKeyId: String(c[0]), scope: SigV4Scope(date: String(c[1]), region: String(c[2]), service: String(c[3])),
                  signedHeaders: signed.split(separator: ";").map { $0.lowercased() }, signature: String(signature))
    }

    /// The header's text.
    public var header: String {
        "\(SigV4Signing.algorithm) Credential=\(accessKeyId)/\(scope.description), SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature)"
    }
}
