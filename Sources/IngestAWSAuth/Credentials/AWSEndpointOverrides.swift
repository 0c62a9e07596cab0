import Foundation

/// Each service's endpoint override, in botocore's order: `--endpoint-url` for every service, else
/// `AWS_ENDPOINT_URL_<SUFFIX>`, else `AWS_ENDPOINT_URL`, else the service's `endpoint_url` in the
/// profile's `[services NAME]` section, else the profile's `endpoint_url`. All but the flag are ignored
/// when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (or, when that is unset, the profile's
/// `ignore_configured_endpoint_urls`) is `true`.
enum AWSEndpointOverrides {
    static func resolve(flag: String?, environment: [String: String], profile: AWSProfile, files: AWSSharedFiles)
        throws(AWSConfigError) -> [AWSServiceName: URL] {
        if let flag {
            let url = try validated(flag, from: "--endpoint-url")
            return Dictionary(uniqueKeysWithValues: AWSServiceName.allCases.map { ($0, url) })
        }
        if ignoresConfigured(environment: environment, profile: profile) { return [:] }
        var section: (name: String, values: [String: AWSINIValue])?
        if let name = profile.value("services") {
            guard let values = files.servicesSections[name] else {
                throw AWSConfigError("profile \(profile.name) names services = \(name), but \(files.configDisplayPath) has no [services \(name)] section")
            }
            section = (name, values)
        }
        var overrides: [AWSServiceName: URL] = [:]
        for service in AWSServiceName.allCases {
            let own = "AWS_ENDPOINT_URL_\(service.environmentSuffix)"
            var candidates: [(value: String?, source: String)] = [
                (environment[own], own),
                (environment["AWS_ENDPOINT_URL"], "AWS_ENDPOINT_URL"),
            ]
            if let section {
                candidates.append((section.values[service.configKey]?.nested?["endpoint_url"],
                                   "\(service.configKey) endpoint_url in [services \(section.name)] of \(files.configDisplayPath)"))
            }
            candidates.append((profile.value("endpoint_url"), "endpoint_url of profile \(profile.name)"))
            if let chosen = candidates.first(where: { !($0.value ?? "").isEmpty }), let value = chosen.value {
                overrides[service] = try validated(value, from: chosen.source)
            }
        }
        return overrides
    }

    static func ignoresConfigured(environment: [String: String], profile: AWSProfile) -> Bool {
        if let value = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"], !value.isEmpty { return value.lowercased() == "true" }
        return profile.value("ignore_configured_endpoint_urls")?.lowercased() == "true"
    }

    /// An `http://` or `https://` URL with a host.
    static func validated(_ text: String, from source: String) throws(AWSConfigError) -> URL {
        if let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
           let host = parts.host, !host.isEmpty, let url = parts.url {
            return url
        }
        throw AWSConfigError("invalid endpoint URL \"\(text)\" from \(source): it must be an http:// or https:// URL with a host")
    }
}
