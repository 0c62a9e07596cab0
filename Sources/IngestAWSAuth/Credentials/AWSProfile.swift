/// One profile as both files give it. Like botocore's merged ("scoped") config, a key in the
/// credentials file wins over the same key in the config file; empty values count as absent.
struct AWSProfile: Sendable {
    var name: String
    var config: [String: AWSINIValue]
    var credentials: [String: AWSINIValue]
    /// `~/.aws/config [prod]`
    var configSource: String
    /// `~/.aws/credentials [prod]`
    var credentialsSource: String

    /// An empty profile: `default` when no file has it.
    static func empty(_ name: String, files: AWSSharedFiles) -> AWSProfile {
        AWSProfile(name: name, config: [:], credentials: [:],
                   configSource: "\(files.configDisplayPath) [\(name)]", credentialsSource: "\(files.credentialsDisplayPath) [\(name)]")
    }

    /// The text value of `key`, credentials file first.
    func value(_ key: String) -> String? {
        Self.text(credentials[key]) ?? Self.text(config[key])
    }

    /// Whether `key` is set in either file.
    func has(_ key: String) -> Bool { value(key) != nil }

    static func text(_ value: AWSINIValue?) -> String? {
        guard let text = value?.text, !text.isEmpty else { return nil }
        return text
    }
}
