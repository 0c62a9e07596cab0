import Crypto
import Foundation
import IngestCore

/// One bearer token of the remote control API, as stored: its name, the SHA-256 of the token (never the
/// token itself), when it was created and whether it may change anything.
public struct ControlToken: Codable, Sendable, Equatable {
    public var name: String
    /// Lower-case hex SHA-256 of the token text.
    public var sha256: String
    public var created: Date
    public var readOnly: Bool

    public init(name: String, sha256: String, created: Date, readOnly: Bool) {
        self.name = name
        self.sha256 = sha256
        self.created = created
        self.readOnly = readOnly
    }
}

/// The token file of a data directory, `control-tokens.json` (mode 0600): written by `ingest token`,
/// read by the engine when a request arrives and the file changed.
public struct ControlTokenFile: Sendable, Equatable {
    public static let fileName = "control-tokens.json"
    /// Every token starts with this, so one found in a log or a paste is recognisable.
    public static let prefix = "ingt_"

    public var tokens: [ControlToken]

    public init(tokens: [ControlToken] = []) { self.tokens = tokens }

    public typealias FileError = DataFileError

    struct Stored: Codable { var tokens: [ControlToken] }

    /// The directory's tokens; none when there is no file yet.
    public static func load(directory: String) throws(FileError) -> ControlTokenFile {
        ControlTokenFile(tokens: try PrivateJSONFile.load(Stored.self, path: path(in: directory), what: "a token file")?.tokens ?? [])
    }

    /// Writes the file readable by its owner only, replacing the old one in one rename.
    public func save(directory: String) throws(FileError) {
        try PrivateJSONFile.save(Stored(tokens: tokens), path: Self.path(in: directory))
    }

    public static func path(in directory: String) -> String { (directory as NSString).appendingPathComponent(fileName) }

    /// A new token: the prefix and 32 random bytes in base64url, without padding.
    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        let b64 = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + b64
    }

    /// The hex SHA-256 of a token's text.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The token whose hash matches, comparing every stored hash in constant time.
    public func match(_ token: String) -> ControlToken? {
        let given = Self.hash(token)
        var found: ControlToken?
        for t in tokens where ConstantTime.equals(t.sha256, given) { found = t }
        return found
    }
}
