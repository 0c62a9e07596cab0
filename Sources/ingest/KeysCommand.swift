import ArgumentParser
import IngestClient
import IngestCore

/// `ingest keys`: where the gateway listens and which keys it takes.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Show the gateway URL, topic ARNs and API keys of the running engine.")

    @OptionGroup var options: EngineOptions

    func run() async throws {
        let k: KeysInfo = try await ControlClient(dataDirectory: options.dataDirectory.path).get("/v1/keys")
        if options.json { return try Output.json(k) }
        print("gateway  \(k.gatewayURL ?? "(starting)")")
        for t in k.topicArns { print("topic    \(t)") }
        if k.keys.isEmpty { print("keys     none: the gateway takes requests without a key") }
        Output.table(["KEY NAME", "ID", "VALUE", "ENABLED", "SOURCE"], k.keys.map { [$0.name, $0.id, $0.value, $0.enabled ? "yes" : "no", $0.source] })
    }
}
