import Foundation
import IngestAWSAuth
import IngestCore

/// One access key of the AWS endpoint: its id (`AKIA…`, public), its secret and when it was made.
/// SigV4 signs with the secret itself, so the engine must hold it: the file is readable by its owner
/// only (0600), and the secret is printed once, by `ingest aws-key create`.
public struct AWSAccessKey: Codable, Sendable, Equatable {
    public var name: String
    public var accessKeyId: String
    public var secretAccessKey: String
    public var created: Date

    public init(name: String, accessKeyId: String, secretAccessKey: String, created: Date) {
        self.name = name
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.created = created
    }

    /// A new key: `AKIA` and 16 base-32 characters (as AWS shapes ids), and 40 characters of secret
    /// from 30 random bytes.
    public static func generate(name: String, now: Date) -> AWSAccessKey {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let id = "AKIA" + String((0..<16).map { _ in alphabet[Int.random(in: 0..<32, using: &rng)] })
        let secret = Data((0..<30).map { _ in UInt8.random(in: .min ... .max, using: &rng) }).base64EncodedString()
        return AWSAccessKey(name: name, accessKeyId: id, secretAccessKey: secret, created: now)
    }
}

/// The access-key file of a data directory, `aws-keys.json` (mode 0600): written by `ingest aws-key`,
/// read by the engine when a signed request arrives and the file changed.
public struct AWSAccessKeyFile: Sendable, Equatable {
    public static let fileName = "aws-keys.json"

    public var keys: [AWSAccessKey]

    public init(keys: [AWSAccessKey] = []) { self.keys = keys }

    struct Stored: Codable { var keys: [AWSAccessKey] }

    public static func load(directory: String) throws(DataFileError) -> AWSAccessKeyFile {
        AWSAccessKeyFile(keys: try PrivateJSONFile.load(Stored.self, path: path(in: directory), what: "an access-key file")?.keys ?? [])
    }

    public func save(directory: String) throws(DataFileError) {
        try PrivateJSONFile.save(Stored(keys: keys), path: Self.path(in: directory))
    }

    public static func path(in directory: String) -> String { (directory as NSString).appendingPathComponent(fileName) }

    /// The secret of an access key id, comparing every stored id in constant time.
    public func secret(for accessKeyId: String) -> String? {
        var found: String?
        for k in keys where ConstantTime.equals(k.accessKeyId, accessKeyId) { found = k.secretAccessKey }
        return found
    }
}

/// The engine's view of the access-key file, read again when it changes; the verifier of
/// `--aws-require-signature` asks it for secrets.
public final class AWSAccessKeyReader: Sendable {
    let file: ChangedFileCache<AWSAccessKeyFile>

    public init(directory: String) {
        file = ChangedFileCache(path: AWSAccessKeyFile.path(in: directory)) { _ in
            (try? AWSAccessKeyFile.load(directory: directory)) ?? AWSAccessKeyFile()
        }
    }

    /// A verifier over the current keys (none when the file is missing or unreadable: nothing passes).
    public var verifier: SigV4Verifier {
        SigV4Verifier { [file] id in file.current().secret(for: id) }
    }
}
