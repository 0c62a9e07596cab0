import Foundation
import Hummingbird
import IngestAPI
import IngestCore
import IngestServer
import Logging
import ServiceLifecycle

/// A TCP listener: where, and with which certificate (plain HTTP without one).
public struct Listener: Sendable {
    public var address: ListenAddress
    public var tls: TLSFiles?
    public var scheme: String { tls == nil ? "http" : "https" }

    public init(address: ListenAddress, tls: TLSFiles?) {
        self.address = address
        self.tls = tls
    }
}

/// Where a started engine answers.
public struct EngineAddresses: Sendable {
    public var gateway: String
    public var socket: String
    /// The control API on TCP (bearer tokens), when `--control-listen` was given.
    public var control: String?
    /// The AWS endpoint, unless it is off (or its default port was taken).
    public var aws: String?
}

/// Runs the gateway, the control API and the AWS endpoint beside an engine until a shutdown signal.
struct EngineRunner {
    public let pipeline: PipelineRuntime
    public let keys: [ApiKeyInfo]
    public let stages: [String]
    public let dataDirectory: String
    public let gatewayListener: Listener
    /// The control API on TCP, besides the Unix socket.
    public let controlListener: Listener?
    /// The AWS endpoint.
    public let awsListener: Listener?
    /// Whether a taken port of the AWS endpoint is a warning rather than a failure (the default address).
    public let awsOptional: Bool
    /// Whether the AWS endpoint verifies signatures against the data directory's access keys.
    public let awsRequireSignature: Bool
    /// Told the AWS endpoint's URL (or `nil`) once every server listens, before the pipeline starts.
    let awsListening: (@Sendable (String?) -> Void)?

    init(pipeline: PipelineRuntime, keys: [ApiKeyInfo], stages: [String], dataDirectory: String, gatewayListener: Listener,
         controlListener: Listener?, awsListener: Listener? = nil, awsOptional: Bool = false,
         awsRequireSignature: Bool = false, awsListening: (@Sendable (String?) -> Void)? = nil) {
        self.awsListening = awsListening
        self.awsRequireSignature = awsRequireSignature
        self.awsListener = awsListener
        self.awsOptional = awsOptional
        self.pipeline = pipeline
        self.keys = keys
        self.stages = stages
        self.dataDirectory = dataDirectory
        self.gatewayListener = gatewayListener
        self.controlListener = controlListener
    }

    /// Starts the servers; calls `ready` once all listen, then runs until SIGINT/SIGTERM, or until `stopWhen`
    /// returns (the console quit), and then shuts down as gracefully as for SIGTERM.
    public func run(stopWhen: (@Sendable () async -> Void)? = nil, ready: @escaping @Sendable (EngineAddresses) -> Void) async throws {
        var logger = Logger(label: "ingest")
        logger.logLevel = .warning
        let socket = (dataDirectory as NSString).appendingPathComponent(ControlAPI.socketName)
        let gatewayRouter = Router(context: GatewayRequestContext.self)
        let gatewayDefinition = pipeline.definition.gateway
        // The access log: the stage's AccessLogSetting.Format, else a JSON default, into <data-dir>/access.log and the log book.
        let stageFormat = gatewayDefinition.accessLogFormat
        let format: AccessLogFormat
        do { format = try AccessLogFormat.forStage(stageFormat) } catch { throw HostError("the stage's access log format: \(error)") }
        let book = pipeline.logBook
        let clock = pipeline.clock
        let writer = try AccessLogWriter(directory: dataDirectory, sink: { line, id in
            book.append(level: .info, source: "gateway", requestId: id, message: line, at: clock.now())
        })
        defer { try? writer.close() }
        // The integration timeout of the store method (the seed's 1,200 ms), else API Gateway's 29 s.
        let timeout = gatewayDefinition.integrationTimeoutMillis
        Gateway(engine: pipeline.engine, keys: keys, stages: stages, apiName: gatewayDefinition.apiName, metrics: pipeline.metrics, usage: pipeline.usage,
                accessLog: (writer, format), integrationTimeoutMillis: Int64(timeout)).addRoutes(to: gatewayRouter)
        let host = EngineHostInfo(dataDirectory: dataDirectory, apiKeys: keys, storePath: pipeline.definition.storePath)
        let controlRouter = Router()
        controlRouter.add(middleware: ReadOnlyRequestMiddleware())
        ControlServer(pipeline: pipeline, host: host).addRoutes(to: controlRouter)
        let readiness = Readiness(expected: 2 + (controlListener == nil ? 0 : 1) + (awsListener == nil ? 0 : 1))
        let gatewayListener = self.gatewayListener
        // The certificates were checked at startup; a failure here still ends as one line (its description).
        let gateway = Application(
            router: gatewayRouter,
            server: try TLSFiles.serverBuilder(gatewayListener.tls),
            configuration: .init(address: .hostname(gatewayListener.address.host, port: gatewayListener.address.port), serverName: "ingest"),
            onServerRunning: { channel in
                let url = gatewayListener.address.url(scheme: gatewayListener.scheme, port: channel.localAddress?.port ?? 0)
                host.gatewayListening(at: url)
                await readiness.arrive(.gateway, url: url)
            },
            logger: logger)
        let control = Application(
            router: controlRouter,
            configuration: .init(address: .unixDomainSocket(path: socket), serverName: "ingest-control"),
            onServerRunning: { _ in
                chmod(socket, 0o600)
                await readiness.arrive(.socket, url: socket)
            },
            logger: logger)
        var services: [any Service] = [gateway, control]
        if let controlListener { services.append(try remoteControl(controlListener, host: host, readiness: readiness, logger: logger)) }
        if let awsListener { services.append(awsEndpoint(awsListener, readiness: readiness, logger: logger)) }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint, .sighup], logger: logger))
        let pipeline = self.pipeline
        let awsListening = self.awsListening
        let waiter = Task {
            let urls = await readiness.wait()
            awsListening?(urls[.aws])
            await pipeline.start()
            ready(EngineAddresses(gateway: urls[.gateway] ?? "", socket: socket, control: urls[.control], aws: urls[.aws]))
        }
        let stopper = stopWhen.map { wait in
            Task {
                await wait()
                if !Task.isCancelled { await group.triggerGracefulShutdown() }
            }
        }
        defer {
            waiter.cancel()
            stopper?.cancel()
            unlink(socket)
        }
        do {
            try await group.run()
            await pipeline.stop()
        } catch {
            await pipeline.stop()
            throw HostError("the engine stopped: \(error)")
        }
    }

    /// The control API on TCP: the same routes as the socket, behind bearer tokens read from the data directory.
    func remoteControl(_ listener: Listener, host: EngineHostInfo, readiness: Readiness, logger: Logger) throws -> some Service {
        let router = Router()
        router.add(middleware: BearerTokenMiddleware(tokens: ControlTokenReader(directory: dataDirectory)))
        router.add(middleware: ReadOnlyRequestMiddleware())
        ControlServer(pipeline: pipeline, host: host).addRoutes(to: router)
        return Application(
            router: router,
            server: try TLSFiles.serverBuilder(listener.tls),
            configuration: .init(address: .hostname(listener.address.host, port: listener.address.port), serverName: "ingest-control"),
            onServerRunning: { channel in
                await readiness.arrive(.control, url: listener.address.url(scheme: listener.scheme, port: channel.localAddress?.port ?? 0))
            },
            logger: logger)
    }
}

/// Waits for every server to report that it listens, collecting their addresses.
actor Readiness {
    enum Role: Hashable { case gateway, socket, control, aws }
    var remaining: Int
    var urls: [Role: String] = [:]
    var waiters: [CheckedContinuation<[Role: String], Never>] = []

    init(expected: Int) { remaining = expected }

    /// A server listens at `url`; `nil` is a server that will not listen (an optional one whose port was taken).
    func arrive(_ role: Role, url: String?) {
        urls[role] = url
        remaining -= 1
        if remaining == 0 { for w in waiters { w.resume(returning: urls) }; waiters = [] }
    }

    func wait() async -> [Role: String] {
        if remaining <= 0 { return urls }
        return await withCheckedContinuation { waiters.append($0) }
    }
}
