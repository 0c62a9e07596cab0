import Foundation
import IngestCore
import IngestHandlers
import IngestHost
import IngestServer
import IngestTestSupport
import Testing

/// A whole engine started in process from the bundled template, as `ingest up` starts one: lock, template,
/// durable store, keys, gateway and control socket on loopback.
@Suite("Engine host in process", .timeLimit(.minutes(2)))
struct EngineHostTests {
    static func configuration(_ dir: String, overrides: [String] = []) -> EngineConfiguration {
        EngineConfiguration(dataDirectory: DataDirectory(path: dir), handlerOverrides: overrides, handlers: BuiltinHandlers.registry,
                            gateway: Listener(address: ListenAddress(host: "127.0.0.1", port: 0), tls: nil))
    }

    static func temporaryDirectory() -> String {
        let dir = "/tmp/ingest-host-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs the host until `body` returns, then stops it as SIGTERM would and closes it.
    static func running(_ host: EngineHost, _ body: @Sendable (EngineAddresses) async throws -> Void) async throws {
        let life = EngineLifecycle()
        let addresses = AsyncStream<EngineAddresses>.makeStream()
        let task = Task {
            try await host.run(stopWhen: { await life.waitForStopRequest() }) { addresses.continuation.yield($0) }
        }
        var iterator = addresses.stream.makeAsyncIterator()
        guard let ready = await iterator.next() else { throw EventuallyTimeout(what: "the engine to listen") }
        do { try await body(ready) } catch {
            life.requestStop()
            _ = try? await task.value
            host.close()
            throw error
        }
        life.requestStop()
        try await task.value
        host.close()
    }

    /// The sign-up is published on the engine rather than through the gateway: the bundled template's 1.2 s
    /// integration timeout is wall-clock time, and a loaded machine may answer 504 while the publish still
    /// completes. The gateway's own routes are tested in process (GatewayRouteTests) and end to end.
    @Test("a sign-up the engine acknowledged is in the durable store: a second host on the same directory recovers it")
    func acceptedIsDurable() async throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let host = try await EngineHost.open(Self.configuration(dir))
        let topic = try #require(host.definition.topics.first).name
        let arn = host.definition.context.topicArn(topic)
        let key = try #require(host.keys.first { $0.enabled })
        #expect(key.source == "generated")
        try await Self.running(host) { addresses in
            let port = try #require(Int(addresses.gateway.split(separator: ":").last ?? ""))
            #expect(try await RawHTTP.request(port: port, target: "/_health").status == 200)
            let message = JSONValue.object(["user_id": "auth0|ada", "email": "ada@example.com", "username": "ada"]).serialized()
            _ = try await host.pipeline.engine.publish(PublishRequest(topic: arn, message: message, subject: nil))
            #expect(await host.pipeline.engine.status().topics.first { $0.arn == arn }?.published == 1)
            // The control socket answers beside the gateway, with the host's part of the status filled in.
            let status = try await RawHTTP.unixSocket(addresses.socket, path: "/v1/status")
            #expect(status.status == 200)
            let fields = try JSONValue.parse(status.body)
            #expect(fields["gatewayURL"]?.stringValue == addresses.gateway)
            #expect(fields["dataDirectory"]?.stringValue == dir)
            let keys = try JSONValue.parse(try await RawHTTP.unixSocket(addresses.socket, path: "/v1/keys").body)
            #expect(keys["storeURL"]?.stringValue == "\(addresses.gateway)/prod/store")
            #expect(keys["keys"]?.arrayValue?.first?["value"]?.stringValue == key.value)
            // The console learns the handlers it may offer from the engine's registry, not from its own build.
            let snapshot = try JSONValue.parse(try await RawHTTP.unixSocket(addresses.socket, path: "/v1/console/snapshot?logLimit=1").body)
            #expect(snapshot["handlers"]?.arrayValue?.compactMap(\.stringValue) == BuiltinHandlers.names)
        }
        let again = try await EngineHost.open(Self.configuration(dir))
        defer { again.close() }
        #expect(again.keys.first { $0.name == key.name }?.value == key.value)
        #expect(await again.pipeline.engine.status().topics.first { $0.arn == arn }?.archived == 1)
    }

    @Test("a second host on a directory in use is refused with one line naming the holder; a bad --handler is a usage error")
    func refusals() async throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try await EngineHost.open(Self.configuration(dir))
        defer { first.close() }
        let error = await #expect(throws: HostError.self) { _ = try await EngineHost.open(Self.configuration(dir)) }
        #expect(error?.description.contains("another engine (pid \(getpid()))") == true)
        #expect(error?.isUsage == false)
        let other = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        let usage = await #expect(throws: HostError.self) { _ = try await EngineHost.open(Self.configuration(other, overrides: ["no-equals-sign"])) }
        #expect(usage?.isUsage == true)
        #expect(usage?.description == "--handler takes FunctionName=HANDLER, got 'no-equals-sign'")
    }
}
