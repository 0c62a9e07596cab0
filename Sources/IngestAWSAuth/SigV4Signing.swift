import Crypto
import Foundation

/// The signature arithmetic of SigV4: the string to sign, the derived signing key and the signature.
public enum SigV4Signing {
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// The string to sign for a canonical request at `amzDate` (`20150830T123600Z`) in `scope`.
    public static func stringToSign(canonicalRequest: String, amzDate: String, scope: SigV4Scope) -> String {
        [algorithm, amzDate, scope.description, SigV4Canonical.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))].joined(separator: "\n")
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    public static func signingKey(secret: String, scope: SigV4Scope) -> SymmetricKey {
        var key = SymmetricKey(data: Data(("AWS4" + secret).utf8))
        for part in [scope.date, scope.region, scope.service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// The hex signature of a string to sign.
    public static func signature(stringToSign: String, key: SymmetricKey) -> String {
        SigV4Canonical.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
    }

    /// The signature of a request over the given signed headers.
    public static func signature(of request: SigV4Request, signedHeaders: [String], amzDate: String, scope: SigV4Scope, secret: String,
                                 normalizeQuery: Bool = true) -> String {
        let canonical = SigV4Canonical.request(request, signedHeaders: signedHeaders, normalizeQuery: normalizeQuery)
        return signature(stringToSign: stringToSign(canonicalRequest: canonical, amzDate: amzDate, scope: scope),
                         key: signingKey(secret: secret, scope: scope))
    }

    /// `YYYYMMDD'T'HHMMSS'Z'` in UTC.
    public static func amzDate(_ date: Date) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// The instant of an `X-Amz-Date` value, or of an RFC 1123 `Date` header (`Mon, 09 Sep 2011 23:36:00 GMT`),
    /// with its `X-Amz-Date` form.
    public static func parseDate(_ value: String) -> (date: Date, amzDate: String)? {
        for format in ["yyyyMMdd'T'HHmmss'Z'", "EEE, dd MMM yyyy HH:mm:ss zzz"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = format
            if let d = f.date(from: value) { return (d, amzDate(d)) }
        }
        return nil
    }
}
