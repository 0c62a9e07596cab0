import ArgumentParser
import IngestAPI
import IngestClient
import IngestCore

/// `ingest keys`: where the gateway listens and which keys it takes.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Show the gateway URL, topic ARNs and API keys of the running engine.")

    @OptionGroup var options: EngineOptions

    func run() async throws {
        let client = try options.client()
        var k = try await client.send(KeysOperation())
        let usage = try await client.send(KeyUsageOperation())
        k.usage = usage
        if options.json { return try Output.json(k) }
        print("gateway  \(k.gatewayURL ?? "(starting)")")
        for t in k.topicArns { print("topic    \(t)") }
        if k.keys.isEmpty { print("keys     none: the gateway takes requests without a key") }
        let byName = Dictionary(usage.map { ($0.keyName, $0) }, uniquingKeysWith: { a, _ in a })
        Output.table(["KEY NAME", "ID", "VALUE", "ENABLED", "SOURCE", "PLAN", "RATE/BURST", "USED", "REMAINING", "RESETS", "THROTTLED", "OVER QUOTA"],
                     k.keys.map { key in
            let u = byName[key.name]
            return [key.name, key.id, key.value, key.enabled ? "yes" : "no", key.source, u?.plan ?? "-",
                    u.flatMap { u in u.rateLimit.map { String(format: "%g/s, %d", $0, u.burstLimit ?? 0) } } ?? "-",
                    u.map { String($0.used) } ?? "-", u?.remaining.map(String.init) ?? "-", u?.resetsAt?.iso8601 ?? "-",
                    u.map { String($0.throttled) } ?? "-", u.map { String($0.quotaRefused) } ?? "-"]
        })
    }
}
