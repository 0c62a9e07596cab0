import Foundation
import IngestCore

/// One set of AWS credentials and where they came from.
///
/// `description`, `debugDescription` and the mirror show the access key id's last four characters and
/// the source only: the secret access key and the session token never reach a log line or a `dump`.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When the credentials stop working; `nil` for long-term keys.
    public var expiration: Date?
    /// Where they came from, in words: `environment variables`, `~/.aws/credentials [prod]`,
    /// `credential_process of profile prod`, `~/.aws/config [prod]`.
    public var source: String

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil, source: String) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    /// The keys the SigV4 signer takes.
    public var signing: SigV4Credentials {
        SigV4Credentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }

    /// Whether `now` is at or past the expiration; long-term keys never expire.
    public func isExpired(at now: Date) -> Bool {
        guard let expiration else { return false }
        return now >= expiration
    }

    /// The access key id shortened to its last four characters: `****WXYZ`.
    public var maskedAccessKeyId: String {
        accessKeyId.count > 4 ? "****" + accessKeyId.suffix(4) : "****"
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var text = "access key \(maskedAccessKeyId) from \(source)"
        if sessionToken != nil { text += ", with a session token" }
        if let expiration { text += ", expires \(ISO8601.format(Timestamp(date: expiration)))" }
        return text
    }

    public var debugDescription: String { "AWSCredentials(\(description))" }

    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyId": maskedAccessKeyId, "source": source, "expiration": expiration as Any], displayStyle: .struct)
    }
}
