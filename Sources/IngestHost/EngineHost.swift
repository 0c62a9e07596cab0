import Foundation
import IngestAPI
import IngestCore
import IngestProcessRuntime
import IngestStore
import Synchronization

/// One engine and what it needs to run in this process: the data directory's lock, the template's
/// pipeline, its store (recovered), the gateway's API keys, and the servers. `ingest up` opens one and
/// runs it; tests do the same without spawning the binary.
public final class EngineHost: Sendable {
    public let configuration: EngineConfiguration
    public let definition: PipelineDefinition
    public let pipeline: PipelineRuntime
    /// The gateway's keys, from the template or generated once and kept in the data directory.
    public let keys: [ApiKeyInfo]
    /// What the operator should read before the engine starts (recovery counts, key notices, template warnings).
    public let notices: [String]
    let sqlite: SQLiteStore?
    /// Runs functions' own code as processes; `nil` when `runsCode` is off.
    let codeRunner: ProcessCodeRunner?
    let lockDescriptor: Int32
    private let closed = Atomic<Bool>(false)

    /// Takes the data directory's lock, loads the template, opens and recovers the store, builds the
    /// pipeline and resolves the API keys. Every refusal is one clear `HostError`.
    public static func open(_ configuration: EngineConfiguration) async throws -> EngineHost {
        let dir = configuration.dataDirectory
        try dir.create()
        let lock = try dir.lock()
        do {
            return try await open(configuration, lock: lock)
        } catch {
            DataDirectory.unlock(lock)
            throw error
        }
    }

    private static func open(_ configuration: EngineConfiguration, lock: Int32) async throws -> EngineHost {
        let dir = configuration.dataDirectory
        var notices: [String] = []
        var definition = try TemplateSource.load(path: configuration.templatePath, parameters: configuration.parameters, context: configuration.context)
        if let retention = configuration.archiveRetentionSeconds {
            for i in definition.topics.indices { definition.topics[i].archiveRetentionSeconds = retention }
        }
        if !configuration.runsCode, !configuration.codeOverrides.isEmpty {
            throw HostError.usage("--code runs a function's own code, which --builtin-only turns off; give one or the other")
        }
        let codeHandlers = try FunctionCodeLocations.apply(to: &definition, templatePath: configuration.templatePath,
                                                           overrides: configuration.codeOverrides)
        let codeRunner: ProcessCodeRunner?
        do {
            codeRunner = configuration.runsCode
                ? try ProcessCodeRunner(directory: (dir.path as NSString).appendingPathComponent("runtime"), region: definition.context.region) : nil
        } catch { throw HostError("\(error)") }
        var sqlite: SQLiteStore?
        if !configuration.memory {
            let (store, notice) = try StoreSetup.open(directory: dir.path, definition: definition, keyFile: configuration.keyFile,
                                                      seal: configuration.sealsEncryptedResources)
            sqlite = store
            if let notice { notices.append(notice) }
        }
        do {
            let pipeline = try pipeline(definition, handlers: configuration.handlers, overrides: codeHandlers + configuration.handlerOverrides,
                                        store: sqlite ?? MemoryStore(), codeRunner: codeRunner)
            if let sqlite {
                let started = ContinuousClock.now
                let snapshot: StoreSnapshot
                do { snapshot = try sqlite.load() } catch { throw HostError("\(error)") }
                let recovered = try await pipeline.restore(snapshot)
                if !snapshot.isEmpty {
                    let elapsed = ContinuousClock.now - started
                    notices.append(String(format: "ingest: recovered %d queued message(s), %d item(s) in %.2f s",
                                          recovered, snapshot.items.values.reduce(0) { $0 + $1.count },
                                          Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
                }
                sqlite.start()
            }
            let keys = try ApiKeyStore.resolve(definition.apiKeys, in: dir)
            notices += definition.warnings.map { "ingest: warning: \($0)" }
            return EngineHost(configuration: configuration, definition: definition, pipeline: pipeline, keys: keys, notices: notices,
                              sqlite: sqlite, codeRunner: codeRunner, lockDescriptor: lock)
        } catch {
            sqlite?.close()
            throw error
        }
    }

    init(configuration: EngineConfiguration, definition: PipelineDefinition, pipeline: PipelineRuntime, keys: [ApiKeyInfo], notices: [String],
         sqlite: SQLiteStore?, codeRunner: ProcessCodeRunner?, lockDescriptor: Int32) {
        self.codeRunner = codeRunner
        self.configuration = configuration
        self.definition = definition
        self.pipeline = pipeline
        self.keys = keys
        self.notices = notices
        self.sqlite = sqlite
        self.lockDescriptor = lockDescriptor
    }

    /// Builds the runnable pipeline, applying `FunctionName=HANDLER` overrides; a template that cannot run
    /// (no handler, a mapping AWS would refuse, a bad alarm) is one clear error.
    public static func pipeline(_ definition: PipelineDefinition, handlers: HandlerRegistry, overrides list: [String],
                                store: any PipelineStore = MemoryStore(), codeRunner: (any FunctionCodeRunner)? = nil) throws -> PipelineRuntime {
        var overrides: [String: String] = [:]
        for h in list {
            guard let eq = h.firstIndex(of: "="), eq != h.startIndex else { throw HostError.usage("--handler takes FunctionName=HANDLER, got '\(h)'") }
            overrides[String(h[..<eq])] = String(h[h.index(after: eq)...])
        }
        do {
            return try PipelineRuntime(definition: definition, handlers: handlers, store: store, handlerOverrides: overrides, codeRunner: codeRunner)
        } catch {
            throw HostError("the pipeline cannot start: \(error)")
        }
    }

    /// Serves the gateway and the control API until SIGINT/SIGTERM/SIGHUP or until `stopWhen` returns;
    /// `ready` is called once every listener listens and the pipeline has started.
    public func run(stopWhen: (@Sendable () async -> Void)? = nil, ready: @escaping @Sendable (EngineAddresses) -> Void) async throws {
        let runner = EngineRunner(pipeline: pipeline, keys: keys, stages: definition.stages, dataDirectory: configuration.dataDirectory.path,
                                  gatewayListener: configuration.gateway, controlListener: configuration.control,
                                  awsListener: configuration.aws, awsOptional: configuration.awsOptional,
                                  awsRequireSignature: configuration.awsRequireSignature,
                                  awsListening: { [codeRunner] url in codeRunner?.setAWSEndpoint(url) })
        try await runner.run(stopWhen: stopWhen, ready: ready)
    }

    /// Flushes and closes the store and releases the data directory's lock, once (later calls do nothing).
    /// Call after `run` returned.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        sqlite?.close()
        DataDirectory.unlock(lockDescriptor)
    }

    /// Sends demo sign-ups through the gateway at `url` (the topic with the most subscriptions, the first
    /// enabled key) until the returned task is cancelled.
    public func startDemo(gatewayURL url: String, rate: Double, poisonRatio: Double) throws -> Task<Void, Never> {
        guard let topic = DemoTraffic.signupTopic(definition) else { throw HostError("--demo: the template has no topic to send sign-ups to") }
        guard let key = keys.first(where: \.enabled) else { throw HostError("--demo: the template has no enabled API key") }
        let traffic = DemoTraffic(storeURL: url + definition.storePath, topicArn: topic, apiKey: key.value, rate: rate, poisonRatio: poisonRatio,
                                  logBook: pipeline.logBook, clock: pipeline.clock)
        return Task { await traffic.run() }
    }
}
