import Foundation
import IngestAWSAuth
import Testing

/// A temporary directory holding a fake HOME and AWS config files, and the environment pointing at them.
/// Nothing reads the real HOME: `environment` is all `AWSSettings.resolve` sees.
final class AWSFixture: Sendable {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-aws-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var home: String { root + "/home" }

    /// Writes `text` at `path` under the root and returns the full path.
    @discardableResult
    func write(_ path: String, _ text: String) throws -> String {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// A shell script under the root, and the `credential_process` line that runs it.
    func process(_ name: String, _ body: String) throws -> String {
        "/bin/sh " + (try write(name, body))
    }

    /// HOME and PATH, `AWS_CONFIG_FILE`/`AWS_SHARED_CREDENTIALS_FILE` for the texts given (written under the root), then `extra`.
    func environment(config: String? = nil, credentials: String? = nil, _ extra: [String: String] = [:]) throws -> [String: String] {
        var env = ["HOME": home, "PATH": "/usr/bin:/bin"]
        if let config { env["AWS_CONFIG_FILE"] = try write("config", config) }
        if let credentials { env["AWS_SHARED_CREDENTIALS_FILE"] = try write("credentials", credentials) }
        return env.merging(extra) { _, new in new }
    }
}

/// The error's description, or nil when `body` succeeds.
func configError<T>(_ body: () throws(AWSConfigError) -> T) -> String? {
    do { _ = try body(); return nil } catch { return error.description }
}

func configError<T>(_ body: () async throws -> T) async -> String? {
    do { _ = try await body(); return nil } catch let error as AWSConfigError { return error.description } catch { return "not an AWSConfigError: \(error)" }
}

func resolve(_ env: [String: String], profile: String? = nil, region: String? = "us-east-1", endpoint: String? = nil) throws(AWSConfigError) -> AWSSettings {
    try AWSSettings.resolve(profile: profile, region: region, endpointURL: endpoint, environment: env)
}

@Suite("AWS credentials: botocore's chain, credential_process, caching")
struct CredentialChainTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    /// The Expiration the test processes print: 2030-01-01T00:00:00Z.
    static let expiration = Date(timeIntervalSince1970: 1_893_456_000)

    static let credentialsFile = """
        [default]
        aws_access_key_id = AKIDFILEDEFAULT
        aws_secret_access_key = secret-file-default

        [prod]
        aws_access_key_id = AKIDFILEPROD
        aws_secret_access_key = secret-file-prod
        aws_session_token = token-file-prod
        """

    static let envKeys = ["AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "secret-env", "AWS_SESSION_TOKEN": "token-env"]

    func credentials(_ env: [String: String], profile: String? = nil, at now: Date = now) async throws -> AWSCredentials {
        try await resolve(env, profile: profile).credentials.current(now: now)
    }

    @Test("environment variables come first, with their session token, over the credentials file")
    func environmentFirst() async throws {
        let f = try AWSFixture()
        let c = try await credentials(try f.environment(credentials: Self.credentialsFile, Self.envKeys))
        #expect(c == AWSCredentials(accessKeyId: "AKIDENVIRONMENT", secretAccessKey: "secret-env", sessionToken: "token-env", source: "environment variables"))
        #expect(c.signing == SigV4Credentials(accessKeyId: "AKIDENVIRONMENT", secretAccessKey: "secret-env", sessionToken: "token-env"))
        // AWS_PROFILE does not skip them either: only the flag does.
        let named = try await credentials(try f.environment(credentials: Self.credentialsFile, Self.envKeys.merging(["AWS_PROFILE": "prod"]) { $1 }))
        #expect(named.accessKeyId == "AKIDENVIRONMENT")
    }

    @Test("AWS_SECURITY_TOKEN, the legacy name, is read too, and like botocore it wins over AWS_SESSION_TOKEN")
    func legacyToken() async throws {
        let f = try AWSFixture()
        var env = try f.environment(["AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "secret-env", "AWS_SECURITY_TOKEN": "token-legacy"])
        #expect(try await credentials(env).sessionToken == "token-legacy")
        env["AWS_SESSION_TOKEN"] = "token-env"
        #expect(try await credentials(env).sessionToken == "token-legacy")
        env["AWS_SECURITY_TOKEN"] = ""
        #expect(try await credentials(env).sessionToken == "token-env")
        env["AWS_SESSION_TOKEN"] = nil
        #expect(try await credentials(env).sessionToken == nil)
    }

    @Test("--profile skips environment credentials; the profile's keys from the credentials file are used")
    func profileFlagSkipsEnvironment() async throws {
        let f = try AWSFixture()
        let env = try f.environment(credentials: Self.credentialsFile, Self.envKeys)
        let c = try await credentials(env, profile: "prod")
        #expect(c.accessKeyId == "AKIDFILEPROD")
        #expect(c.secretAccessKey == "secret-file-prod")
        #expect(c.sessionToken == "token-file-prod")
        #expect(c.source.hasSuffix("/credentials [prod]"))
        // Even partial environment credentials are skipped then.
        let partial = try f.environment(credentials: Self.credentialsFile, ["AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT"])
        #expect(try await credentials(partial, profile: "prod").accessKeyId == "AKIDFILEPROD")
        #expect(await configError { try await credentials(partial) }?.contains("AWS_SECRET_ACCESS_KEY") == true)
    }

    @Test("the credentials file wins over the config file; the files' default places are under HOME, named with ~")
    func credentialsFileOverConfigFile() async throws {
        let f = try AWSFixture()
        try f.write("home/.aws/credentials", Self.credentialsFile)
        try f.write("home/.aws/config", """
            [profile prod]
            aws_access_key_id = AKIDCONFIGPROD
            aws_secret_access_key = secret-config-prod
            [profile staging]
            aws_access_key_id = AKIDCONFIGSTAGING
            aws_secret_access_key = secret-config-staging
            aws_session_token = token-config-staging
            """)
        let env = try f.environment()
        let prod = try await credentials(env, profile: "prod")
        #expect(prod.accessKeyId == "AKIDFILEPROD")
        #expect(prod.source == "~/.aws/credentials [prod]")
        let staging = try await credentials(env, profile: "staging")
        #expect(staging == AWSCredentials(accessKeyId: "AKIDCONFIGSTAGING", secretAccessKey: "secret-config-staging",
                                          sessionToken: "token-config-staging", source: "~/.aws/config [staging]"))
        let fallback = try await credentials(env)
        #expect(fallback.accessKeyId == "AKIDFILEDEFAULT")
        #expect(fallback.source == "~/.aws/credentials [default]")
        #expect(fallback.sessionToken == nil)
        #expect(try resolve(env).credentials.sourceDescription == "~/.aws/credentials [default]")
    }

    @Test("aws_security_token is read as the session token in the files")
    func legacyTokenInFiles() async throws {
        let f = try AWSFixture()
        let env = try f.environment(credentials: "[default]\naws_access_key_id=AKIDX\naws_secret_access_key=sx\naws_security_token=token-legacy\n")
        #expect(try await credentials(env).sessionToken == "token-legacy")
    }

    static let goodProcess = """
        echo run >> "$COUNT_FILE"
        n=$(wc -l < "$COUNT_FILE" | tr -d ' ')
        printf '{"Version": 1, "AccessKeyId": "AKIDPROC%s", "SecretAccessKey": "secret-proc-%s", "SessionToken": "token-proc-%s", "Expiration": "2030-01-01T00:00:00Z"}\\n' "$n" "$n" "$n"
        """

    func runs(_ f: AWSFixture) -> Int {
        let text = (try? String(contentsOfFile: f.root + "/count", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").count
    }

    @Test("credential_process: run through /bin/sh with the environment given, its JSON read, Expiration kept")
    func processSuccess() async throws {
        let f = try AWSFixture()
        let command = try f.process("cred.sh", Self.goodProcess)
        let env = try f.environment(config: "[profile build]\ncredential_process = \(command)\n", ["COUNT_FILE": f.root + "/count"])
        let c = try await credentials(env, profile: "build")
        #expect(c == AWSCredentials(accessKeyId: "AKIDPROC1", secretAccessKey: "secret-proc-1", sessionToken: "token-proc-1",
                                    expiration: Self.expiration, source: "credential_process of profile build"))
        #expect(runs(f) == 1)
        #expect(!c.isExpired(at: Self.now))
        #expect(c.isExpired(at: Self.expiration))
        // Without SessionToken and Expiration: long-term keys, cached for good.
        let plain = try f.process("plain.sh", #"printf '{"Version":1,"AccessKeyId":"AKIDPLAIN","SecretAccessKey":"secret-plain"}'"#)
        let env2 = try f.environment(config: "[default]\ncredential_process = \(plain)\n")
        let p = try await credentials(env2)
        #expect(p.sessionToken == nil && p.expiration == nil && p.accessKeyId == "AKIDPLAIN")
    }

    @Test("the order after the credentials file: credential_process, then the config file's keys")
    func processBeforeConfigKeys() async throws {
        let f = try AWSFixture()
        let command = try f.process("cred.sh", Self.goodProcess)
        let config = """
            [profile prod]
            credential_process = \(command)
            [profile build]
            credential_process = \(command)
            aws_access_key_id = AKIDCONFIGBUILD
            aws_secret_access_key = secret-config-build
            """
        let env = try f.environment(config: config, credentials: Self.credentialsFile, ["COUNT_FILE": f.root + "/count"])
        #expect(try await credentials(env, profile: "prod").accessKeyId == "AKIDFILEPROD")
        #expect(runs(f) == 0)
        #expect(try await credentials(env, profile: "build").accessKeyId == "AKIDPROC1")
        // A credential_process in the credentials file counts too (botocore merges the two files' profiles).
        let env2 = try f.environment(config: "[default]\nregion = eu-west-1\n", credentials: "[default]\ncredential_process = \(command)\n",
                                     ["COUNT_FILE": f.root + "/count"])
        #expect(try await credentials(env2).accessKeyId == "AKIDPROC2")
    }

    @Test("credential_process failing: its exit status and the first line of its stderr")
    func processFailure() async throws {
        let f = try AWSFixture()
        let failing = try f.process("fail.sh", "echo '' >&2; echo 'token has expired, run aws sso login' >&2; echo 'second line' >&2; exit 3")
        let env = try f.environment(config: "[profile sso]\ncredential_process = \(failing)\n")
        let message = await configError { try await credentials(env, profile: "sso") }
        #expect(message == "credential_process of profile sso exited with status 3: token has expired, run aws sso login")
        let silent = try f.process("silent.sh", "exit 1")
        let env2 = try f.environment(config: "[default]\ncredential_process = \(silent)\n")
        #expect(await configError { try await credentials(env2) }
            == "credential_process of profile default exited with status 1 (nothing on stderr)")
        // The command line runs under /bin/sh -c, so $$ is the shell that ingest waits for.
        let env3 = try f.environment(config: "[default]\ncredential_process = kill -9 $$\n")
        #expect(await configError { try await credentials(env3) }
            == "credential_process of profile default was killed by signal 9 (nothing on stderr)")
        let missing = try f.environment(config: "[default]\ncredential_process = /nonexistent/tool --flag\n")
        let notFound = await configError { try await credentials(missing) }
        #expect(notFound?.hasPrefix("credential_process of profile default exited with status 127: ") == true)
    }

    @Test("credential_process printing something else than Version 1 credentials", arguments: [
        ("oops", "credential_process of profile default printed invalid JSON: invalid JSON at byte 0: unexpected character"),
        ("", "credential_process of profile default printed nothing on stdout (expected JSON with Version 1)"),
        (#"[1]"#, "credential_process of profile default printed a JSON array, not an object with Version 1"),
        (#"{"AccessKeyId":"AKIDX","SecretAccessKey":"s3cr3t-value"}"#, "credential_process of profile default printed no Version; only Version 1 is supported"),
        (#"{"Version":2,"AccessKeyId":"AKIDX","SecretAccessKey":"s3cr3t-value"}"#, "credential_process of profile default printed Version 2; only Version 1 is supported"),
        (#"{"Version":"1","AccessKeyId":"AKIDX","SecretAccessKey":"s3cr3t-value"}"#, #"credential_process of profile default printed Version "1"; only Version 1 is supported"#),
        (#"{"Version":1,"SecretAccessKey":"s3cr3t-value"}"#, "credential_process of profile default printed no AccessKeyId"),
        (#"{"Version":1,"AccessKeyId":"AKIDX"}"#, "credential_process of profile default printed no SecretAccessKey"),
        (#"{"Version":1,"AccessKeyId":"AKIDX","SecretAccessKey":7}"#, "credential_process of profile default printed SecretAccessKey as a JSON number, not a string"),
        (#"{"Version":1,"AccessKeyId":"AKIDX","SecretAccessKey":"s3cr3t-value","Expiration":"tomorrow"}"#,
         "credential_process of profile default printed an Expiration that is not an ISO-8601 time: tomorrow"),
    ])
    func processBadOutput(output: String, expected: String) async throws {
        let f = try AWSFixture()
        let path = try f.write("out.json", output)
        let env = try f.environment(config: "[default]\ncredential_process = cat \(path)\n")
        let message = await configError { try await credentials(env) }
        #expect(message == expected)
        #expect(message?.contains("s3cr3t") == false)
    }

    @Test("credential_process whose Expiration is already past: an error saying when they expired")
    func processExpired() async throws {
        let f = try AWSFixture()
        let command = try f.process("cred.sh", Self.goodProcess)
        let env = try f.environment(config: "[profile ci]\ncredential_process = \(command)\n", ["COUNT_FILE": f.root + "/count"])
        let settings = try resolve(env, profile: "ci")
        let message = await configError { () async throws(AWSConfigError) in
            try await settings.credentials.current(now: Self.expiration.addingTimeInterval(60))
        }
        #expect(message == "credentials from credential_process of profile ci expired at 2030-01-01T00:00:00.000Z")
    }

    @Test("credential_process results are cached until 5 minutes before Expiration, then run again")
    func processCachingAndRefresh() async throws {
        let f = try AWSFixture()
        let command = try f.process("cred.sh", Self.goodProcess)
        let env = try f.environment(config: "[default]\ncredential_process = \(command)\n", ["COUNT_FILE": f.root + "/count"])
        let provider = try resolve(env).credentials
        let hourBefore = Self.expiration.addingTimeInterval(-3600)
        #expect(try await provider.current(now: hourBefore).accessKeyId == "AKIDPROC1")
        #expect(try await provider.current(now: hourBefore.addingTimeInterval(60)).accessKeyId == "AKIDPROC1")
        #expect(try await provider.current(now: Self.expiration.addingTimeInterval(-301)).accessKeyId == "AKIDPROC1")
        #expect(runs(f) == 1)
        #expect(try await provider.current(now: Self.expiration.addingTimeInterval(-300)).accessKeyId == "AKIDPROC2")
        #expect(runs(f) == 2)
        // Within the 5 minutes every call runs it again (its Expiration is still 2030-01-01, still inside).
        #expect(try await provider.current(now: Self.expiration.addingTimeInterval(-200)).accessKeyId == "AKIDPROC3")
        #expect(AWSCredentialsProvider.refreshMargin == 300)
    }

    @Test("callers asking at once share one run of credential_process")
    func processSharedRun() async throws {
        let f = try AWSFixture()
        let command = try f.process("cred.sh", Self.goodProcess)
        let env = try f.environment(config: "[default]\ncredential_process = \(command)\n", ["COUNT_FILE": f.root + "/count"])
        let provider = try resolve(env).credentials
        async let a = provider.current(now: Self.now)
        async let b = provider.current(now: Self.now)
        async let c = provider.current(now: Self.now)
        let keys = try await [a, b, c].map(\.accessKeyId)
        #expect(keys == ["AKIDPROC1", "AKIDPROC1", "AKIDPROC1"])
        #expect(runs(f) == 1)
    }

    @Test("a refresh that fails keeps the cached credentials until they expire, then the failure is thrown")
    func processRefreshFailure() async throws {
        let f = try AWSFixture()
        let command = try f.process("cred.sh", """
            echo run >> "$COUNT_FILE"
            n=$(wc -l < "$COUNT_FILE" | tr -d ' ')
            if [ "$n" -ge 2 ]; then echo "the SSO session has expired" >&2; exit 2; fi
            printf '{"Version":1,"AccessKeyId":"AKIDPROC1","SecretAccessKey":"secret-proc","Expiration":"2030-01-01T00:00:00Z"}'
            """)
        let env = try f.environment(config: "[default]\ncredential_process = \(command)\n", ["COUNT_FILE": f.root + "/count"])
        let provider = try resolve(env).credentials
        #expect(try await provider.current(now: Self.now).accessKeyId == "AKIDPROC1")
        #expect(try await provider.current(now: Self.expiration.addingTimeInterval(-120)).accessKeyId == "AKIDPROC1")
        #expect(runs(f) == 2)
        let message = await configError { try await provider.current(now: Self.expiration) }
        #expect(message == "credential_process of profile default exited with status 2: the SSO session has expired")
    }

    @Test("partial credentials name what is missing, and never the secret")
    func partialCredentials() async throws {
        let f = try AWSFixture()
        let cases: [([String: String], String?, String)] = [
            (try f.environment(["AWS_ACCESS_KEY_ID": "AKIDONLY"]), nil,
             "partial credentials in environment variables: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
            (try f.environment(["AWS_SECRET_ACCESS_KEY": "s3cr3t-env"]), nil,
             "partial credentials in environment variables: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"),
            (try f.environment(credentials: "[prod]\naws_access_key_id = AKIDONLY\n"), "prod",
             "partial credentials in \(f.root)/credentials [prod]: aws_access_key_id is set but aws_secret_access_key is not"),
            (try f.environment(config: "[profile prod]\naws_secret_access_key = s3cr3t-file\n"), "prod",
             "partial credentials in \(f.root)/config [prod]: aws_secret_access_key is set but aws_access_key_id is not"),
        ]
        for (env, profile, expected) in cases {
            let settings = try resolve(env, profile: profile)
            let message = await configError { try await settings.credentials.current(now: Self.now) }
            #expect(message == expected)
        }
    }

    @Test("role_arn and sso_* profiles without keys or credential_process: not supported yet, use credential_process")
    func unsupportedProfiles() async throws {
        let f = try AWSFixture()
        let config = """
            [profile admin]
            role_arn = arn:aws:iam::123456789012:role/Admin
            source_profile = default
            [profile dev]
            sso_session = corp
            sso_account_id = 123456789012
            sso_role_name = Developer
            [profile keyed]
            role_arn = arn:aws:iam::123456789012:role/Admin
            aws_access_key_id = AKIDKEYED
            aws_secret_access_key = secret-keyed
            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            """
        let env = try f.environment(config: config)
        let admin = await configError { try await credentials(env, profile: "admin") }
        #expect(admin == "profile admin uses role_arn (assume role), which ingest does not support yet; use a profile with credential_process = aws configure export-credentials --profile admin --format process")
        let dev = await configError { try await credentials(env, profile: "dev") }
        #expect(dev == "profile dev uses sso_* settings (IAM Identity Center), which ingest does not support yet; use a profile with credential_process = aws configure export-credentials --profile dev --format process")
        #expect(try await credentials(env, profile: "keyed").accessKeyId == "AKIDKEYED")
    }

    @Test("no credentials anywhere: the CLI's words")
    func noCredentials() async throws {
        let f = try AWSFixture()
        for env in [try f.environment(), try f.environment(config: "[default]\nregion = us-west-2\n", credentials: "")] {
            let settings = try resolve(env)
            #expect(await configError { try await settings.credentials.current(now: Self.now) }
                == #"Unable to locate credentials. You can configure credentials by running "aws configure"."#)
            #expect(settings.credentials.sourceDescription.hasPrefix("none: Unable to locate credentials."))
        }
    }

    @Test("a named profile in neither file: the CLI's words, whether named by --profile, AWS_PROFILE or AWS_DEFAULT_PROFILE")
    func missingProfile() throws {
        let f = try AWSFixture()
        let env = try f.environment(config: "[profile staging]\nregion = eu-west-1\n", credentials: Self.credentialsFile)
        #expect(configError { () throws(AWSConfigError) in try resolve(env, profile: "nope") } == "the config profile (nope) could not be found")
        #expect(configError { () throws(AWSConfigError) in try resolve(env.merging(["AWS_PROFILE": "gone"]) { $1 }) }
            == "the config profile (gone) could not be found")
        #expect(configError { () throws(AWSConfigError) in try resolve(env.merging(["AWS_DEFAULT_PROFILE": "old"]) { $1 }) }
            == "the config profile (old) could not be found")
        // `[staging]` in the config file is not a profile there (only `[profile staging]` is); in the credentials file it is.
        let plain = try f.environment(config: "[staging]\nregion = eu-west-1\n")
        #expect(configError { () throws(AWSConfigError) in try resolve(plain, profile: "staging") } == "the config profile (staging) could not be found")
        // Unnamed, `default` may be missing; named, it must exist (as in botocore).
        let empty = try f.environment()
        #expect(try resolve(empty).profile == "default")
        #expect(configError { () throws(AWSConfigError) in try resolve(empty, profile: "default") } == "the config profile (default) could not be found")
    }

    @Test("errors are one line and hold no secret; descriptions show the key's last 4 characters and the source only")
    func noSecretsAnywhere() async throws {
        let f = try AWSFixture()
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN"
        let credentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: secret, sessionToken: token,
                                         expiration: Self.expiration, source: "environment variables")
        #expect(credentials.description == "access key ****MPLE from environment variables, with a session token, expires 2030-01-01T00:00:00.000Z")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in ["\(credentials)", String(reflecting: credentials), dumped] {
            #expect(!text.contains(secret) && !text.contains(token) && !text.contains("AKIAIOSFODNN7EXAMPLE"))
        }

        var messages: [String] = []
        // A garbled line holding a secret, a secret without its key id, a process printing a secret without Version.
        let garbled = try f.environment(credentials: "[default]\naws_access_key_id = AKIDX\n\(secret)\n")
        messages.append(configError { () throws(AWSConfigError) in try resolve(garbled) } ?? "")
        let lonely = try f.environment(credentials: "[default]\naws_secret_access_key = \(secret)\naws_session_token = \(token)\n")
        let lonelySettings = try resolve(lonely)
        messages.append(await configError { try await lonelySettings.credentials.current(now: Self.now) } ?? "")
        let envSecret = try f.environment(["AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token])
        let envSettings = try resolve(envSecret)
        messages.append(await configError { try await envSettings.credentials.current(now: Self.now) } ?? "")
        let json = try f.write("out.json", #"{"Version":3,"AccessKeyId":"AKIDX","SecretAccessKey":"\#(secret)","SessionToken":"\#(token)"}"#)
        let process = try resolve(try f.environment(config: "[default]\ncredential_process = cat \(json)\n"))
        messages.append(await configError { try await process.credentials.current(now: Self.now) } ?? "")
        let noKey = try f.write("nokey.json", #"{"Version":1,"SecretAccessKey":"\#(secret)","SessionToken":"\#(token)"}"#)
        let noKeyProcess = try resolve(try f.environment(config: "[default]\ncredential_process = cat \(noKey)\n"))
        messages.append(await configError { try await noKeyProcess.credentials.current(now: Self.now) } ?? "")
        #expect(messages.count == 5)
        for message in messages {
            #expect(!message.isEmpty)
            #expect(!message.contains("\n"))
            #expect(!message.contains(secret) && !message.contains(token))
        }
        #expect(messages[0] == "cannot parse \(f.root)/credentials line 3: expected a [section], a key = value line or a comment")
        #expect(AWSConfigError("two\nlines").description == "two lines")
    }
}
