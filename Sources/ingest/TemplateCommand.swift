import ArgumentParser
import IngestCore
import IngestHandlers
import IngestHost

/// `ingest template check FILE`.
struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template", abstract: "Work with pipeline templates.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Load a template and list what will run, what is not enforced locally, and what is unknown.")

        @Argument(help: "The template file (YAML); omit for the bundled one.") var file: String?
        @Option(name: .long, help: "Override a template parameter, Name=Value (repeatable).") var parameter: [String] = []
        @Option(name: .long, help: "Region used in ARNs.") var region = "us-east-1"
        @Option(name: .long, help: "Account id used in ARNs.") var accountId = "000000000000"
        @Option(name: .long, help: "Map a function to a built-in handler, FunctionName=HANDLER (repeatable), as `up` would.") var handler: [String] = []
        @Flag(name: .long, help: "Print the resolved definition as JSON.") var json = false

        func run() async throws {
            let d = try TemplateSource.load(path: file, parameters: parameter, context: AWSContext(region: region, accountId: accountId))
            // The same checks `up` makes: handlers, mapping rules, alarm settings.
            _ = try EngineHost.pipeline(d, handlers: BuiltinHandlers.registry, overrides: handler)
            if json { return try Output.json(d) }
            print("\(d.source): \(d.resources.count) resources")
            Output.table(["LOGICAL ID", "TYPE", "STATUS", "NAME / ID", "LINE"],
                         d.resources.map { [$0.logicalId, $0.type, $0.status.rawValue, $0.physicalId, String($0.location.split(separator: ":").last ?? "")] })
            print("")
            let counts = Dictionary(grouping: d.resources, by: \.status).mapValues(\.count)
            print("runs: \(counts[.runs] ?? 0)  not yet run: \(counts[.notYetRun] ?? 0)  not enforced locally: \(counts[.notEnforced] ?? 0)  unknown: \(counts[.unknown] ?? 0)")
            print("queues: \(d.queues.map(\.name).joined(separator: ", "))")
            print("topics: \(d.topics.map(\.name).joined(separator: ", "))")
            for w in d.warnings { print("warning: \(w)") }
        }
    }
}
