import Foundation
import IngestClient
import IngestConsole
import IngestCore

/// The console's source over the control API: the same routes the CLI uses, so an attached console and
/// the engine's own console see the same state, and the engine refuses changes the same way.
struct ControlConsoleSource: ConsoleSource {
    let client: ControlClient
    let label: String

    func snapshot(logsAfter: UInt64?, logLimit: Int) async throws -> ConsoleSnapshot {
        var path = "/v1/console/snapshot?logLimit=\(logLimit)"
        if let logsAfter { path += "&logsAfter=\(logsAfter)" }
        return try await client.get(path, timeout: .seconds(10))
    }

    func perform(_ command: ConsoleCommand) async throws -> ConsoleReply {
        switch command {
        case .deadLetters(let queue, let after, let limit):
            var path = "/v1/queues/\(queue.urlPathEscaped)/messages?limit=\(limit)"
            if let after { path += "&after=\(after)" }
            return .deadLetters(try await client.get(path))
        case .messageLogs(let id):
            return .logLines(try await client.get("/v1/logs/for-message/\(id.urlPathEscaped)"))
        case .alarmHistory(let alarm):
            return .alarmHistory(try await client.get("/v1/alarms/\(alarm.urlPathEscaped)/history"))
        case .metric(let namespace, let name, let dimensions, let minutes):
            let all: [ControlAPI.MetricSeries] = try await client.get("/v1/metrics?namespace=\(namespace.urlQueryEscaped)&minutes=\(minutes)")
            return .metric(all.first { $0.name == name && $0.dimensions == dimensions })
        case .logs(let query):
            return .logLines(try await client.get("/v1/logs?\(query.urlQuery)"))
        case .tableItems(let table, let limit):
            let page: ItemsPage = try await client.get("/v1/tables/\(table.urlPathEscaped)/items?limit=\(limit)")
            return .tableItems(table: table, items: page.items.map(\.plain))
        case .streamRecords(let table, let limit):
            return .streamRecords(table: table, records: try await client.get("/v1/tables/\(table.urlPathEscaped)/stream?limit=\(limit)"))
        case .redrive(let request):
            return .moveTask(try await client.post("/v1/redrive", body: request))
        case .cancelMoveTask(let source):
            return .moveTask(try await client.post("/v1/move-tasks/cancel", body: ControlAPI.CancelRequest(source: source)))
        case .purge(let queue):
            return .purged(try await client.post("/v1/queues/\(queue.urlPathEscaped)/purge", body: [String: String]()))
        case .deleteMessage(let queue, let id):
            let _: [String: String] = try await client.delete("/v1/queues/\(queue.urlPathEscaped)/messages/\(id.urlPathEscaped)")
            return .deleted(queue: queue, messageId: id)
        case .resend(let queue, let id, let body, let to):
            let sent: SendResult = try await client.post("/v1/queues/\(queue.urlPathEscaped)/messages/\(id.urlPathEscaped)/resend",
                                                         body: ControlAPI.ResendBody(body: body, to: to))
            return .resent(queue: queue, messageId: id, newMessageId: sent.messageId)
        case .configureFunction(let name, let body):
            return .configured(try await client.post("/v1/functions/\(name.urlPathEscaped)/configure", body: body))
        case .replay(let request):
            return .replayed(try await client.post("/v1/replay", body: request))
        case .resetStream(let body):
            return .streamReset(try await client.post("/v1/stream/replay", body: body))
        }
    }

    /// The table items route's reply, of which the console needs the plain shape.
    struct ItemsPage: Decodable {
        struct Entry: Decodable { var plain: JSONValue }
        var items: [Entry]
    }
}
