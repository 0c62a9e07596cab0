import Foundation
import IngestCore

/// Why a request's signature is refused, with the error code AWS answers for it (all HTTP 403).
public struct SigV4Failure: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// Checks SigV4 `Authorization` headers against the secrets of known access keys: the scope, the date
/// (at most 15 minutes from now, as AWS allows) and the signature, compared in constant time.
public struct SigV4Verifier: Sendable {
    /// How far a request's date may be from now.
    public static let maxSkew: TimeInterval = 15 * 60

    let secret: @Sendable (String) -> String?

    /// `secret` answers an access key id's secret, or nil for an unknown key.
    public init(secret: @escaping @Sendable (String) -> String?) { self.secret = secret }

    /// The access key id that signed the request, or why it is refused.
    public func verify(_ request: SigV4Request, now: Date) -> Result<String, SigV4Failure> {
        guard let header = request.header("authorization") else {
            return .failure(SigV4Failure(code: "MissingAuthenticationToken", message: "Request is missing Authentication Token"))
        }
        let auth: SigV4Authorization
        do { auth = try SigV4Authorization(header: header) } catch {
            let detail: String
            switch error {
            case .notSigV4: detail = "Only \(SigV4Signing.algorithm) signatures are accepted."
            case .missing(let part): detail = "Authorization header requires '\(part)' parameter."
            case .malformedCredential: detail = "Credential must have the form ACCESS_KEY/YYYYMMDD/REGION/SERVICE/aws4_request."
            }
            return .failure(SigV4Failure(code: "IncompleteSignature", message: detail))
        }
        guard let secret = secret(auth.accessKeyId) else {
            return .failure(SigV4Failure(code: "InvalidClientTokenId", message: "The security token included in the request is invalid."))
        }
        guard auth.signedHeaders.contains("host") else {
            return .failure(SigV4Failure(code: "SignatureDoesNotMatch", message: "The host header must be signed."))
        }
        guard let dateValue = request.header("x-amz-date") ?? request.header("date"), let (date, amzDate) = SigV4Signing.parseDate(dateValue) else {
            return .failure(SigV4Failure(code: "IncompleteSignature", message: "Authorization requires an X-Amz-Date or Date header."))
        }
        guard amzDate.hasPrefix(auth.scope.date) else {
            return .failure(SigV4Failure(code: "SignatureDoesNotMatch", message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(auth.scope.date)' != '\(amzDate.prefix(8))'."))
        }
        if abs(date.timeIntervalSince(now)) > Self.maxSkew {
            return .failure(SigV4Failure(code: "SignatureDoesNotMatch", message: "Signature expired: \(amzDate) is more than 15 minutes from the server's time \(SigV4Signing.amzDate(now))."))
        }
        let given = auth.signature.lowercased()
        let matches = [true, false].contains { normalize in
            (normalize || SigV4Canonical.query(request.query) != SigV4Canonical.query(request.query, normalize: false))
                && ConstantTime.equals(SigV4Signing.signature(of: request, signedHeaders: auth.signedHeaders, amzDate: amzDate, scope: auth.scope,
                                                              secret: secret, normalizeQuery: normalize), given)
        }
        guard matches else {
            return .failure(SigV4Failure(code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."))
        }
        return .success(auth.accessKeyId)
    }
}
