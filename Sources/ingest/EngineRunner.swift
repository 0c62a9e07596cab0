import Foundation
import Hummingbird
import IngestCore
import IngestServer
import Logging
import ServiceLifecycle

/// Runs the gateway and the control API beside an engine until a shutdown signal.
struct EngineRunner {
    let pipeline: PipelineRuntime
    let keys: [ApiKeyInfo]
    let stages: [String]
    let dataDirectory: String
    let host: String
    let port: Int

    /// Starts both servers; calls `ready` once both listen, then runs until SIGINT/SIGTERM.
    func run(ready: @escaping @Sendable (String, String) -> Void) async throws {
        var logger = Logger(label: "ingest")
        logger.logLevel = .warning
        let socket = (dataDirectory as NSString).appendingPathComponent(ControlAPI.socketName)
        let gatewayRouter = Router(context: GatewayRequestContext.self)
        let apiName = pipeline.definition.resources.first { $0.type == "AWS::ApiGateway::RestApi" }?.properties["Name"]?.stringValue ?? "ingest"
        // The access log: the stage's AccessLogSetting.Format, else a JSON default, into <data-dir>/access.log and the log book.
        let stageFormat = pipeline.definition.resources.first { $0.type == "AWS::ApiGateway::Stage" }?.properties["AccessLogSetting"]?["Format"]?.stringValue
        let format: AccessLogFormat
        do { format = try AccessLogFormat.forStage(stageFormat) } catch { throw CLIError.failed("the stage's access log format: \(error)") }
        let book = pipeline.logBook
        let clock = pipeline.clock
        let writer = try AccessLogWriter(directory: dataDirectory, sink: { line, id in
            book.append(level: .info, source: "gateway", requestId: id, message: line, at: clock.now())
        })
        defer { try? writer.close() }
        // The integration timeout of the store method (the seed's 1,200 ms), else API Gateway's 29 s.
        let timeout = pipeline.definition.resources.filter { $0.type == "AWS::ApiGateway::Method" }
            .compactMap { $0.properties["Integration"]?["TimeoutInMillis"].flatMap { $0.intValue ?? $0.stringValue.flatMap { Int($0) } } }.max() ?? 29_000
        Gateway(engine: pipeline.engine, keys: keys, stages: stages, apiName: apiName, metrics: pipeline.metrics, usage: pipeline.usage,
                accessLog: (writer, format), integrationTimeoutMillis: Int64(timeout)).addRoutes(to: gatewayRouter)
        let controlRouter = Router()
        ControlServer(pipeline: pipeline).addRoutes(to: controlRouter)
        let readiness = Readiness(expected: 2)
        let engine = pipeline.engine
        let keys = self.keys
        let dataDirectory = self.dataDirectory
        let host = self.host
        let gateway = Application(
            router: gatewayRouter,
            configuration: .init(address: .hostname(host, port: port), serverName: "ingest"),
            onServerRunning: { channel in
                let actual = channel.localAddress?.port ?? 0
                let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(actual)"
                await engine.configure(dataDirectory: dataDirectory, gatewayURL: url, apiKeys: keys, readOnly: false)
                await readiness.arrive(gateway: url)
            },
            logger: logger)
        let control = Application(
            router: controlRouter,
            configuration: .init(address: .unixDomainSocket(path: socket), serverName: "ingest-control"),
            onServerRunning: { _ in
                chmod(socket, 0o600)
                await readiness.arrive(gateway: nil)
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [gateway, control], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let pipeline = self.pipeline
        let waiter = Task {
            let url = await readiness.wait()
            await pipeline.start()
            ready(url, socket)
        }
        defer {
            waiter.cancel()
            unlink(socket)
        }
        do {
            try await group.run()
            await pipeline.stop()
        } catch {
            await pipeline.stop()
            throw CLIError.failed("the engine stopped: \(error)")
        }
    }
}

/// Waits for both servers to report that they listen.
actor Readiness {
    var remaining: Int
    var url = ""
    var waiters: [CheckedContinuation<String, Never>] = []

    init(expected: Int) { remaining = expected }

    func arrive(gateway: String?) {
        if let gateway { url = gateway }
        remaining -= 1
        if remaining == 0 { for w in waiters { w.resume(returning: url) }; waiters = [] }
    }

    func wait() async -> String {
        if remaining <= 0 { return url }
        return await withCheckedContinuation { waiters.append($0) }
    }
}
