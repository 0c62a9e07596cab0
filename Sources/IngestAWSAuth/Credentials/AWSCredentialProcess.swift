import Foundation
import IngestCore

/// A profile's `credential_process`: a command line whose stdout is the credentials as JSON,
/// `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.
struct AWSCredentialProcess: Sendable, Equatable {
    var command: String
    var profile: String
    /// The environment the command runs with: the one the settings were resolved from.
    var environment: [String: String]

    /// `credential_process of profile prod`
    var source: String { "credential_process of profile \(profile)" }

    /// Runs the command and reads its credentials, blocking the calling thread.
    func run() -> Result<AWSCredentials, AWSConfigError> {
        switch ShellCommand.run(command, environment: environment) {
        case .failure(let error):
            return .failure(AWSConfigError("cannot run \(source): \(error.description)"))
        case .success(let outcome):
            switch outcome.termination {
            case .exited(0):
                return Result { () throws(AWSConfigError) in try Self.credentials(from: outcome.stdout, source: source) }
            case .exited(let code):
                return .failure(AWSConfigError("\(source) exited with status \(code)\(Self.firstLine(outcome.stderr))"))
            case .signaled(let signal):
                return .failure(AWSConfigError("\(source) was killed by signal \(signal)\(Self.firstLine(outcome.stderr))"))
            }
        }
    }

    /// `: ` and the first non-blank line of stderr, at most 300 characters; empty when there is none.
    static func firstLine(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).map({ $0.trimmingWhitespace() }).first(where: { !$0.isEmpty }) else {
            return " (nothing on stderr)"
        }
        return ": " + (line.count > 300 ? line.prefix(300) + "…" : String(line))
    }

    /// The credentials in the process's stdout. Messages name the keys, never their values.
    static func credentials(from stdout: [UInt8], source: String) throws(AWSConfigError) -> AWSCredentials {
        let json: JSONValue
        do { json = try JSONValue.parse(bytes: stdout) } catch {
            let trimmed = String(decoding: stdout, as: UTF8.self).trimmingWhitespace()
            if trimmed.isEmpty { throw AWSConfigError("\(source) printed nothing on stdout (expected JSON with Version 1)") }
            throw AWSConfigError("\(source) printed invalid JSON: \(error)")
        }
        guard let object = json.objectValue else {
            throw AWSConfigError("\(source) printed a JSON \(json.kindName), not an object with Version 1")
        }
        guard let version = object["Version"] else {
            throw AWSConfigError("\(source) printed no Version; only Version 1 is supported")
        }
        guard case .number = version, version.intValue == 1 else {
            let shown: String = switch version {
            case .number(let n): n
            case .string(let s): "\"\(s.prefix(20))\""
            default: version.kindName
            }
            throw AWSConfigError("\(source) printed Version \(shown); only Version 1 is supported")
        }
        func string(_ key: String, required: Bool) throws(AWSConfigError) -> String? {
            switch object[key] {
            case .string(let s) where !s.isEmpty: return s
            case nil, .null?, .string?:
                if required { throw AWSConfigError("\(source) printed no \(key)") }
                return nil
            case let other?:
                throw AWSConfigError("\(source) printed \(key) as a JSON \(other.kindName), not a string")
            }
        }
        let accessKeyId = try string("AccessKeyId", required: true)!
        let secretAccessKey = try string("SecretAccessKey", required: true)!
        let sessionToken = try string("SessionToken", required: false)
        var expiration: Date?
        if let text = try string("Expiration", required: false) {
            guard let time = ISO8601.parse(text) else {
                throw AWSConfigError("\(source) printed an Expiration that is not an ISO-8601 time: \(text.prefix(40))")
            }
            expiration = time.date
        }
        return AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken,
                              expiration: expiration, source: source)
    }
}
