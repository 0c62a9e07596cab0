import Foundation
import IngestAPI
import IngestConsole
import IngestCore

/// The console's source over the control API: the same operations the CLI uses, so an attached console and
/// the engine's own console see the same state, and the engine refuses changes the same way.
public struct ControlConsoleSource: ConsoleSource {
    public let client: ControlClient
    public let label: String

    public init(client: ControlClient, label: String) {
        self.client = client
        self.label = label
    }

    public func snapshot(logsAfter: UInt64?, logLimit: Int) async throws -> ConsoleSnapshot {
        try await client.send(ConsoleSnapshotOperation(logsAfter: logsAfter, logLimit: logLimit))
    }

    public func perform(_ command: ConsoleCommand) async throws -> ConsoleReply {
        switch command {
        case .deadLetters(let queue, let after, let limit):
            return .deadLetters(try await client.send(DeadLettersOperation(queue: queue, after: after, limit: limit)))
        case .messageLogs(let id):
            return .logLines(try await client.send(MessageLogsOperation(messageId: id)))
        case .alarmHistory(let alarm):
            return .alarmHistory(try await client.send(AlarmHistoryOperation(name: alarm)))
        case .metric(let namespace, let name, let dimensions, let minutes):
            let all = try await client.send(MetricsOperation(namespace: namespace, minutes: minutes))
            return .metric(all.first { $0.name == name && $0.dimensions == dimensions })
        case .logs(let query):
            return .logLines(try await client.send(LogsOperation(query: query)))
        case .tableItems(let table, let limit):
            let page = try await client.send(TableItemsOperation(table: table, limit: limit))
            return .tableItems(table: table, items: page.items.map(\.plain))
        case .streamRecords(let table, let limit):
            let records = try await client.send(StreamRecordsOperation(table: table, limit: limit))
            return .streamRecords(table: table, records: try records.map { try JSONValue(encoding: $0) })
        case .redrive(let request):
            return .moveTask(try await client.send(RedriveOperation(body: request)))
        case .cancelMoveTask(let source):
            return .moveTask(try await client.send(CancelMoveTaskOperation(body: ControlAPI.CancelRequest(source: source))))
        case .purge(let queue):
            return .purged(try await client.send(PurgeQueueOperation(queue: queue)))
        case .deleteMessage(let queue, let id):
            _ = try await client.send(DeleteMessageOperation(queue: queue, messageId: id))
            return .deleted(queue: queue, messageId: id)
        case .resend(let queue, let id, let body, let to):
            let sent = try await client.send(ResendMessageOperation(queue: queue, messageId: id, body: ControlAPI.ResendBody(body: body, to: to)))
            return .resent(queue: queue, messageId: id, newMessageId: sent.messageId)
        case .configureFunction(let name, let body):
            return .configured(try await client.send(ConfigureFunctionOperation(name: name, body: body)))
        case .updateCode(let name, let path):
            let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
            let body = ControlAPI.UpdateCodeBody(path: (absolute as NSString).standardizingPath)
            return .configured(try await client.send(UpdateFunctionCodeOperation(name: name, body: body)))
        case .replay(let request):
            return .replayed(try await client.send(ReplayTopicOperation(body: request)))
        case .resetStream(let body):
            return .streamReset(try await client.send(ReplayStreamOperation(body: body)))
        }
    }
}
