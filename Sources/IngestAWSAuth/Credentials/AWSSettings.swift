import Foundation

/// Where a CLI's AWS calls go and with which credentials, resolved like the AWS CLI v2.
public struct AWSSettings: Sendable {
    /// The profile used: `default` when none was named.
    public var profile: String
    public var region: String
    /// The services whose endpoint is overridden, and the URL each goes to.
    public var endpointOverrides: [AWSServiceName: URL]
    public let credentials: AWSCredentialsProvider

    public init(profile: String = "default", region: String, endpointOverrides: [AWSServiceName: URL] = [:], credentials: AWSCredentialsProvider) {
        self.profile = profile
        self.region = region
        self.endpointOverrides = endpointOverrides
        self.credentials = credentials
    }

    /// The override if any, else `https://{prefix}.{region}.amazonaws.com` (`amazonaws.com.cn` in China).
    public func endpoint(for service: AWSServiceName) -> URL {
        if let url = endpointOverrides[service] { return url }
        return URL(string: "https://\(service.endpointPrefix).\(region).\(AWSRegions.dnsSuffix(for: region))")!
    }

    public func hasEndpointOverride(for service: AWSServiceName) -> Bool { endpointOverrides[service] != nil }

    /// Resolves like the AWS CLI. `profile`/`region`/`endpointURL` are the command-line flags (nil when
    /// not given); `environment` is the process environment (HOME included) to read everything else from.
    ///
    /// - profile: `--profile`, `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, else `default`; a named profile must
    ///   exist in the config or the credentials file.
    /// - region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, else the profile's `region`; it must be a
    ///   known AWS region unless an endpoint is overridden.
    /// - endpoints: see `AWSEndpointOverrides`. Credentials: see `AWSCredentialChain`; their errors are
    ///   thrown by `credentials.current(now:)`, not here.
    public static func resolve(profile flagProfile: String?, region flagRegion: String?, endpointURL: String?,
                               environment: [String: String]) throws(AWSConfigError) -> AWSSettings {
        func env(_ name: String) -> String? { AWSCredentialChain.nonEmpty(environment[name]) }
        let files = try AWSSharedFiles.load(environment: environment)
        let named = flagProfile ?? env("AWS_PROFILE") ?? env("AWS_DEFAULT_PROFILE")
        let name = named ?? "default"
        let profile: AWSProfile
        if let found = files.profile(name) {
            profile = found
        } else if named == nil {
            profile = .empty(name, files: files)
        } else {
            throw AWSConfigError.profileNotFound(name)
        }

        let overrides = try AWSEndpointOverrides.resolve(flag: endpointURL, environment: environment, profile: profile, files: files)
        guard let region = AWSCredentialChain.nonEmpty(flagRegion) ?? env("AWS_REGION") ?? env("AWS_DEFAULT_REGION") ?? profile.value("region") else {
            throw AWSConfigError.noRegion
        }
        guard AWSRegions.isWellFormed(region) else {
            throw AWSConfigError("invalid region \"\(region)\": a region is letters, digits and hyphens, like us-east-1 (check --region, AWS_REGION or the profile's region)")
        }
        if !AWSRegions.known.contains(region), overrides.isEmpty {
            throw AWSConfigError("unknown region \(region): no AWS endpoint sqs.\(region).\(AWSRegions.dnsSuffix(for: region)) (check --region, AWS_REGION or the profile's region)")
        }

        let source = AWSCredentialChain.select(profile: profile, profileFromFlag: flagProfile != nil, environment: environment)
        return AWSSettings(profile: name, region: region, endpointOverrides: overrides, credentials: AWSCredentialsProvider(source: source))
    }
}
