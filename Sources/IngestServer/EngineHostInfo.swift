import IngestAPI
import IngestCore
import Synchronization

/// What the host knows about a running engine that the engine itself does not: its data directory,
/// where the gateway listens (known only once it does) and the gateway's API keys. The control API
/// reports them beside the engine's own state.
public final class EngineHostInfo: Sendable {
    private struct State {
        var dataDirectory: String?
        var gatewayURL: String?
        var apiKeys: [ApiKeyInfo]
        /// The store resource's path under the gateway URL (`/prod/store`).
        var storePath: String
    }
    private let state: Mutex<State>

    public init(dataDirectory: String? = nil, gatewayURL: String? = nil, apiKeys: [ApiKeyInfo] = [], storePath: String = "/store") {
        state = Mutex(State(dataDirectory: dataDirectory, gatewayURL: gatewayURL, apiKeys: apiKeys, storePath: storePath))
    }

    /// Records where the gateway listens.
    public func gatewayListening(at url: String) { state.withLock { $0.gatewayURL = url } }

    public var gatewayURL: String? { state.withLock { $0.gatewayURL } }

    /// The engine's status with the host's part filled in.
    func complete(_ status: EngineStatus) -> EngineStatus {
        var s = status
        state.withLock { h in
            s.dataDirectory = h.dataDirectory
            s.gatewayURL = h.gatewayURL
        }
        return s
    }

    /// The gateway URL, its store resource, the topics and the API keys (for `ingest keys`).
    func keys(topicArns: [String]) -> KeysInfo {
        state.withLock { h in
            return KeysInfo(gatewayURL: h.gatewayURL, storeURL: h.gatewayURL.map { $0 + h.storePath }, topicArns: topicArns, keys: h.apiKeys)
        }
    }
}
