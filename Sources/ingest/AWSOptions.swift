import ArgumentParser
import Foundation
import IngestAWSAuth
import IngestAWSClient

/// `--aws` and its flags: operate an AWS deployment (or moto, or an engine's AWS endpoint) with the same
/// commands and console, credentials and region resolved as the AWS CLI resolves them.
struct AWSOptions: ParsableArguments {
    @Flag(name: .customLong("aws"), help: "Operate an AWS deployment instead of an ingest engine (credentials, region and endpoints as the AWS CLI finds them).")
    var enabled = false

    @Option(name: .long, help: "With --aws: the profile of ~/.aws/config and ~/.aws/credentials (default $AWS_PROFILE, else default).")
    var profile: String?

    @Option(name: .long, help: "With --aws: the region (default $AWS_REGION, $AWS_DEFAULT_REGION, else the profile's).")
    var region: String?

    @Option(name: .customLong("endpoint-url"), help: "With --aws: one endpoint for every service (moto, an engine's --aws-listen); default $AWS_ENDPOINT_URL and per-service overrides.")
    var endpointURL: String?

    @Option(name: .long, help: "With --aws: only the resources of this CloudFormation stack and its nested stacks (ListStackResources).")
    var stack: String?

    @Option(name: .long, help: "With --aws: only the resources of this template, by the names CloudFormation gives them (with --stack for generated names).")
    var template: String?

    @Option(name: .long, help: "With --aws: only resources whose names start with this (and the alarms and mappings on them).")
    var prefix: String?

    func validate() throws {
        if !enabled, profile != nil || region != nil || endpointURL != nil || stack != nil || template != nil || prefix != nil {
            throw ValidationError("--profile, --region, --endpoint-url, --stack, --template and --prefix need --aws")
        }
        if prefix != nil, stack != nil || template != nil { throw ValidationError("--prefix cannot be combined with --stack or --template") }
    }

    var scope: AWSScope {
        get throws {
            if let template {
                do { return .template(try TemplateNames.load(path: template, stack: stack)) } catch { throw CLIError.usage("--template: \(error)") }
            }
            if let stack { return .stack(stack) }
            if let prefix { return .prefix(prefix) }
            return .everything
        }
    }

    /// Resolves settings and opens the source (which checks the credentials with STS).
    func source(allowChanges: Bool) async throws -> AWSConsoleSource {
        let settings: AWSSettings
        do {
            settings = try AWSSettings.resolve(profile: profile, region: region, endpointURL: endpointURL, environment: ProcessInfo.processInfo.environment)
        } catch { throw CLIError.usage(error.description) }
        let scope = try self.scope
        return try await AWSConsoleSource.open(connection: AWSConnection(settings: settings), scope: scope, allowChanges: allowChanges)
    }

    /// A change on AWS goes ahead only when confirmed: `--yes`, or the account id typed at the prompt.
    static func confirm(_ change: String, on source: AWSConsoleSource, yes: Bool) throws {
        if yes { return }
        guard isatty(0) == 1 else {
            throw CLIError.usage("\(change) in \(source.target): add --yes to confirm (no terminal to ask on)")
        }
        FileHandle.standardError.write(Data("\(change) in \(source.target)? Type the account id to confirm: ".utf8))
        guard let answer = readLine(), answer.trimmingCharacters(in: .whitespaces) == source.account else {
            throw CLIError.failed("not confirmed: nothing changed")
        }
    }
}
