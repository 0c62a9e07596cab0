import Foundation
import Hummingbird
import IngestServer
import Logging
import ServiceLifecycle

extension EngineRunner {
    /// The AWS endpoint (`--aws-listen`): the AWS wire protocols on plain HTTP, calling the same engine.
    func awsEndpoint(_ listener: Listener, readiness: Readiness, logger: Logger) -> some Service {
        let router = Router()
        let fallback = listener.address.url(scheme: "http", port: listener.address.port)
        let signatures = awsRequireSignature ? AWSAccessKeyReader(directory: dataDirectory).verifier : nil
        AWSServer(pipeline: pipeline, fallbackEndpoint: fallback, signatures: signatures).addRoutes(to: router)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(listener.address.host, port: listener.address.port), serverName: "ingest-aws"),
            onServerRunning: { channel in
                await readiness.arrive(.aws, url: listener.address.url(scheme: "http", port: channel.localAddress?.port ?? 0))
            },
            logger: logger)
        return OptionalService(inner: app, optional: awsOptional) { error in
            FileHandle.standardError.write(Data("ingest: warning: the AWS endpoint cannot listen on \(listener.address) (\(error)); running without it (give --aws-listen HOST:PORT or --aws-listen off)\n".utf8))
            await readiness.arrive(.aws, url: nil)
        }
    }
}

/// A service whose failure to start may be survivable: when `optional`, an error is reported and the
/// service waits for the group's shutdown instead of ending the whole engine.
struct OptionalService<Inner: Service>: Service {
    let inner: Inner
    let optional: Bool
    let onFailure: @Sendable (any Error) async -> Void

    func run() async throws {
        do {
            try await inner.run()
        } catch where optional && !Task.isCancelled {
            await onFailure(error)
            try? await gracefulShutdown()
        }
    }
}
