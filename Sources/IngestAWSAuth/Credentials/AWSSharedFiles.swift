/// The shared config and credentials files of one environment, read once, as botocore maps them:
/// in the config file `[default]` and `[profile NAME]` are profiles and `[services NAME]` are service
/// sections (other sections are ignored); in the credentials file every `[NAME]` is a profile.
struct AWSSharedFiles: Sendable {
    var configDisplayPath: String
    var credentialsDisplayPath: String
    var configProfiles: [String: [String: AWSINIValue]] = [:]
    var credentialsProfiles: [String: [String: AWSINIValue]] = [:]
    var servicesSections: [String: [String: AWSINIValue]] = [:]

    /// `AWS_CONFIG_FILE` (default `$HOME/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE` (default
    /// `$HOME/.aws/credentials`), HOME taken from `environment`. Missing files count as empty.
    static func load(environment: [String: String]) throws(AWSConfigError) -> AWSSharedFiles {
        let home = AWSPaths.home(environment)
        let configPath = AWSPaths.file(environment["AWS_CONFIG_FILE"], default: ".aws/config", home: home)
        let credentialsPath = AWSPaths.file(environment["AWS_SHARED_CREDENTIALS_FILE"], default: ".aws/credentials", home: home)
        var files = AWSSharedFiles(
            configDisplayPath: configPath.map { AWSPaths.display($0, home: home) } ?? "~/.aws/config",
            credentialsDisplayPath: credentialsPath.map { AWSPaths.display($0, home: home) } ?? "~/.aws/credentials")
        if let configPath, let text = try AWSFileReader.contents(path: configPath, displayPath: files.configDisplayPath) {
            let ini = try AWSINIFile.parse(text, displayPath: files.configDisplayPath)
            for section in ini.sections {
                let name = section.name
                if name.hasPrefix("profile") {
                    if let words = AWSShellWords.split(name), words.count == 2, words[0] == "profile" {
                        files.configProfiles[words[1]] = section.values
                    }
                } else if name.hasPrefix("sso-session") {
                    continue
                } else if name.hasPrefix("services") {
                    if let words = AWSShellWords.split(name), words.count == 2, words[0] == "services" {
                        files.servicesSections[words[1]] = section.values
                    }
                } else if name == "default" {
                    files.configProfiles["default"] = section.values
                }
            }
        }
        if let credentialsPath, let text = try AWSFileReader.contents(path: credentialsPath, displayPath: files.credentialsDisplayPath) {
            let ini = try AWSINIFile.parse(text, displayPath: files.credentialsDisplayPath)
            for section in ini.sections { files.credentialsProfiles[section.name] = section.values }
        }
        return files
    }

    /// The named profile from both files, or `nil` when neither has it.
    func profile(_ name: String) -> AWSProfile? {
        let config = configProfiles[name], credentials = credentialsProfiles[name]
        guard config != nil || credentials != nil else { return nil }
        return AWSProfile(name: name, config: config ?? [:], credentials: credentials ?? [:],
                          configSource: "\(configDisplayPath) [\(name)]", credentialsSource: "\(credentialsDisplayPath) [\(name)]")
    }
}

/// Where the files are, with HOME from the environment given, never from this process.
enum AWSPaths {
    static func home(_ environment: [String: String]) -> String? {
        guard var home = environment["HOME"], !home.isEmpty else { return nil }
        while home.count > 1, home.hasSuffix("/") { home.removeLast() }
        return home
    }

    static func file(_ variable: String?, default relative: String, home: String?) -> String? {
        if let variable, !variable.isEmpty { return expandingTilde(variable, home: home) }
        guard let home else { return nil }
        return home == "/" ? "/" + relative : home + "/" + relative
    }

    static func expandingTilde(_ path: String, home: String?) -> String {
        guard let home, path == "~" || path.hasPrefix("~/") else { return path }
        return (home == "/" ? "" : home) + path.dropFirst()
    }

    /// `~/.aws/config` for a file under HOME, the path as it is otherwise.
    static func display(_ path: String, home: String?) -> String {
        guard let home, home != "/", path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }
}

/// Python's `shlex.split` for section names (`[profile "my profile"]`): words split at blanks, quotes
/// group, a backslash escapes outside single quotes. `nil` for an unterminated quote, as shlex fails.
enum AWSShellWords {
    static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var word = "", inWord = false
        var quote: Character?
        var escaped = false
        for c in text {
            if escaped {
                if quote == "\"", c != "\"", c != "\\" { word.append("\\") }
                word.append(c); escaped = false; continue
            }
            if c == "\\", quote != "'" { escaped = true; inWord = true; continue }
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
                continue
            }
            if c == "'" || c == "\"" { quote = c; inWord = true; continue }
            if c.isWhitespace {
                if inWord { words.append(word); word = ""; inWord = false }
                continue
            }
            word.append(c); inWord = true
        }
        if quote != nil || escaped { return nil }
        if inWord { words.append(word) }
        return words
    }
}
