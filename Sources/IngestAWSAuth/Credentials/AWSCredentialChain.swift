/// Where a profile's credentials come from, chosen when the settings resolve.
enum AWSCredentialSource: Sendable, Equatable {
    /// Keys from the environment or a file.
    case fixed(AWSCredentials)
    /// A `credential_process`, run when credentials are asked for and again before they expire.
    case process(AWSCredentialProcess)
    /// No credentials: the reason, thrown when credentials are asked for.
    case unavailable(AWSConfigError)
}

/// botocore's credential chain, for the sources ingest supports:
/// 1. `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`, or the legacy
///    `AWS_SECURITY_TOKEN`, which botocore reads first), skipped when the profile was named with `--profile`;
/// 2. the profile's keys in the shared credentials file (`aws_session_token`, or the legacy
///    `aws_security_token`, read first as well);
/// 3. the profile's `credential_process` (from either file, the credentials file's first);
/// 4. the profile's keys in the config file.
/// A profile that assumes a role, uses IAM Identity Center or web identity, and has none of these,
/// is reported as not supported yet.
enum AWSCredentialChain {
    static func select(profile: AWSProfile, profileFromFlag: Bool, environment: [String: String]) -> AWSCredentialSource {
        do throws(AWSConfigError) {
            return try choose(profile: profile, profileFromFlag: profileFromFlag, environment: environment)
        } catch {
            return .unavailable(error)
        }
    }

    static func choose(profile: AWSProfile, profileFromFlag: Bool, environment: [String: String]) throws(AWSConfigError) -> AWSCredentialSource {
        if !profileFromFlag, let credentials = try fromEnvironment(environment) { return .fixed(credentials) }
        if let credentials = try fromFile(profile.credentials, source: profile.credentialsSource) { return .fixed(credentials) }
        if let command = profile.value("credential_process") {
            return .process(AWSCredentialProcess(command: command, profile: profile.name, environment: environment))
        }
        if let credentials = try fromFile(profile.config, source: profile.configSource) { return .fixed(credentials) }
        if let kind = unsupportedKind(of: profile) {
            throw AWSConfigError("profile \(profile.name) uses \(kind), which ingest does not support yet; use a profile with "
                + "credential_process = aws configure export-credentials --profile \(profile.name) --format process")
        }
        if nonEmpty(environment["AWS_ROLE_ARN"]) != nil, nonEmpty(environment["AWS_WEB_IDENTITY_TOKEN_FILE"]) != nil {
            throw AWSConfigError("AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE (web identity) is not supported by ingest yet; "
                + "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use a profile with credential_process")
        }
        throw AWSConfigError.noCredentials
    }

    static func fromEnvironment(_ environment: [String: String]) throws(AWSConfigError) -> AWSCredentials? {
        let id = nonEmpty(environment["AWS_ACCESS_KEY_ID"]), secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"])
        switch (id, secret) {
        case (nil, nil):
            return nil
        case (_?, nil):
            throw AWSConfigError("partial credentials in environment variables: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, _?):
            throw AWSConfigError("partial credentials in environment variables: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (let id?, let secret?):
            let token = nonEmpty(environment["AWS_SECURITY_TOKEN"]) ?? nonEmpty(environment["AWS_SESSION_TOKEN"])
            return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, source: "environment variables")
        }
    }

    static func fromFile(_ values: [String: AWSINIValue], source: String) throws(AWSConfigError) -> AWSCredentials? {
        let id = AWSProfile.text(values["aws_access_key_id"]), secret = AWSProfile.text(values["aws_secret_access_key"])
        switch (id, secret) {
        case (nil, nil):
            return nil
        case (_?, nil):
            throw AWSConfigError("partial credentials in \(source): aws_access_key_id is set but aws_secret_access_key is not")
        case (nil, _?):
            throw AWSConfigError("partial credentials in \(source): aws_secret_access_key is set but aws_access_key_id is not")
        case (let id?, let secret?):
            let token = AWSProfile.text(values["aws_security_token"]) ?? AWSProfile.text(values["aws_session_token"])
            return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, source: source)
        }
    }

    /// The kind of a profile whose credentials botocore would fetch from a service ingest does not call.
    static func unsupportedKind(of profile: AWSProfile) -> String? {
        if profile.has("role_arn") { return "role_arn (assume role)" }
        if ["sso_session", "sso_start_url", "sso_account_id", "sso_role_name"].contains(where: profile.has) {
            return "sso_* settings (IAM Identity Center)"
        }
        if profile.has("web_identity_token_file") { return "web_identity_token_file (web identity)" }
        return nil
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
