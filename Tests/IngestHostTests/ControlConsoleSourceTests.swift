import Foundation
import IngestClient
import IngestConsole
import IngestCore
import IngestHost
import IngestTestSupport
import Testing

/// The console's source over the control client, against a host running in this process: the same
/// socket, operations and refusals an attached `ingest console` gets.
@Suite("Console source over the control socket", .timeLimit(.minutes(2)))
struct ControlConsoleSourceTests {
    @Test("a snapshot shows a published message; a purge through the source empties the queue; a read-only source is refused and changes nothing")
    func snapshotPurgeAndReadOnly() async throws {
        let dir = EngineHostTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = EngineHostTests.configuration(dir)
        config.memory = true
        let host = try await EngineHost.open(config)
        let topic = host.definition.context.topicArn(try #require(host.definition.topics.first).name)
        // No mapping consumes: the message stays in the queues it was published to.
        for mapping in host.pipeline.sqsMappings { await mapping.setEnabled(false) }
        _ = try await host.pipeline.engine.publish(PublishRequest(topic: topic, message: #"{"user_id":"u1"}"#, subject: nil))
        try await EngineHostTests.running(host) { _ in
            let source = ControlConsoleSource(client: ControlClient(dataDirectory: dir), label: "local \(dir)")
            let snapshot = try await source.snapshot(logsAfter: nil, logLimit: 10)
            let queue = try #require(snapshot.status.queues.first { $0.visible == 1 })
            #expect(snapshot.status.dataDirectory == dir)

            var readOnly = ControlClient(dataDirectory: dir)
            readOnly.readOnly = true
            await #expect(throws: ControlClientError.self) {
                _ = try await ControlConsoleSource(client: readOnly, label: "ro").perform(.purge(queue: queue.name))
            }
            #expect(try await source.snapshot(logsAfter: nil, logLimit: 1).status.queues.first { $0.name == queue.name }?.visible == 1)

            guard case .purged(let result) = try await source.perform(.purge(queue: queue.name)) else {
                Issue.record("expected a purge reply")
                return
            }
            #expect(result.purged == 1)
            #expect(try await source.snapshot(logsAfter: nil, logLimit: 1).status.queues.first { $0.name == queue.name }?.visible == 0)
        }
    }
}
