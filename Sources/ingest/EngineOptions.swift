import ArgumentParser
import IngestHost
import Foundation
import IngestClient

/// Options every engine-facing command takes: the local engine by its data directory, or a remote one
/// by URL and bearer token.
struct EngineOptions: ParsableArguments {
    @Option(name: .long, help: "The engine's data directory (default: $INGEST_DATA_DIR, $XDG_STATE_HOME/ingest or ~/.local/state/ingest).")
    var dataDir: String?

    @Option(name: .long, help: "A remote engine's control URL, http(s)://HOST:PORT (`ingest up --control-listen`); default $INGEST_ENGINE.")
    var engine: String?

    @Option(name: .long, help: "The bearer token for --engine (`ingest token create`); default $INGEST_TOKEN.")
    var token: String?

    @Option(name: .long, help: "PEM certificate(s) to trust for an https --engine (default $INGEST_CA_CERT, else the system's roots).")
    var caCert: String?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    var dataDirectory: DataDirectory { DataDirectory.resolve(dataDir) }

    /// Where commands send their calls: --engine (or INGEST_ENGINE) when given, else the data directory's socket.
    var endpoint: ControlEndpoint {
        let env = ProcessInfo.processInfo.environment
        func given(_ option: String?, _ name: String) -> String? {
            if let option, !option.isEmpty { return option }
            if let v = env[name], !v.isEmpty { return v }
            return nil
        }
        guard let url = given(engine, "INGEST_ENGINE") else { return .unixSocket(dataDirectory: dataDirectory.path) }
        return .http(url: url, token: given(token, "INGEST_TOKEN"), caCertPath: given(caCert, "INGEST_CA_CERT").map(DataDirectory.absolute))
    }

    /// The control client for this command; a malformed --engine URL is a usage error.
    func client() throws -> ControlClient {
        do { return try ControlClient(endpoint: endpoint) } catch let e as ControlClientError { throw CLIError.usage(e.description) }
    }
}
