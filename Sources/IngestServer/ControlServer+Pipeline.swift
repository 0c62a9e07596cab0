import Foundation
import Hummingbird
import IngestCore

extension ControlServer {
    /// Routes for functions, mappings, tables, streams, metrics, alarms and logs.
    func addPipelineRoutes(to router: Router<BasicRequestContext>) {
        let p = pipeline
        router.get("v1/functions") { _, _ in await Self.reply { await p.functions.summaries() } }
        router.get("v1/mappings") { _, _ in await Self.reply { await p.mappingSummaries() } }
        router.post("v1/functions/:name/configure") { req, ctx in
            await Self.reply {
                try await p.configureFunction(try ctx.parameters.require("name"), body: try await Self.decode(ControlAPI.ConfigureFunctionBody.self, req))
            }
        }
        router.post("v1/stream/replay") { req, _ in
            await Self.reply { try await p.replayStream(try await Self.decode(ControlAPI.StreamReplayBody.self, req)) }
        }
        router.get("v1/alarms") { _, _ in await Self.reply { await p.alarms.summaries() } }
        router.get("v1/alarms/:name/history") { _, ctx in
            await Self.reply { try await p.alarms.history(try ctx.parameters.require("name")) }
        }
        router.get("v1/metrics") { req, _ in
            await Self.reply {
                p.metricSeries(namespace: req.uri.queryParameters.get("namespace"),
                               minutes: req.uri.queryParameters.get("minutes").flatMap { Int($0) } ?? 15)
            }
        }
        router.get("v1/keys/usage") { _, _ in await Self.reply { p.usage.usage() } }
        router.get("v1/console/snapshot") { req, _ in
            await Self.reply {
                let q = req.uri.queryParameters
                return await p.consoleSnapshot(logsAfter: q.get("logsAfter").flatMap { UInt64($0) },
                                               logLimit: q.get("logLimit").flatMap { Int($0) } ?? 2_000)
            }
        }
        router.get("v1/logs/for-message/:id") { _, ctx in
            await Self.reply { p.logBook.invocationLines(mentioning: try ctx.parameters.require("id")) }
        }
        router.get("v1/logs/last-id") { _, _ in await Self.reply { p.logBook.lastId } }
        router.get("v1/logs") { req, _ in
            await Self.reply {
                let q = req.uri.queryParameters
                guard let query = Self.logQuery(q) else { throw SQSError.invalidParameterValue("bad log query") }
                guard let after = query.afterId, q.get("wait") == "true" else { return p.logBook.query(query) }
                // Wait until a line that matches arrives: lines that do not match move the wait forward.
                var seen = after
                while !Task.isCancelled {
                    let found = p.logBook.query(query)
                    if !found.isEmpty { return found }
                    seen = max(seen, p.logBook.lastId)
                    await p.logBook.wait(afterId: seen)
                }
                return []
            }
        }
        router.get("v1/tables") { _, _ in await Self.reply { await p.tables.summaries() } }
        router.get("v1/tables/:table/items") { req, ctx in
            await Self.reply {
                let limit = req.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 50
                var start: Item?
                if let s = req.uri.queryParameters.get("start") { start = try Self.item(fromPlainJSON: s) }
                let page = try await p.tables.scanPage(table: try ctx.parameters.require("table"), limit: limit, exclusiveStartKey: start)
                return PageJSON(items: page.items.map(ItemJSON.init), count: page.count,
                                lastEvaluatedKey: page.lastEvaluatedKey.map { JSONValue.object($0.mapValues(\.plainJSON)) })
            }
        }
        router.put("v1/tables/:table/item") { req, ctx in
            await Self.reply {
                try await p.engine.requireWritableAsync("writing an item")
                var buffer = try await req.body.collect(upTo: 400 * 1024)
                let text = buffer.readString(length: buffer.readableBytes) ?? ""
                let item = try Self.item(fromPlainJSON: text)
                _ = try await p.tables.putItem(table: try ctx.parameters.require("table"), item: item, condition: nil)
                return ItemJSON(item: item)
            }
        }
        router.get("v1/tables/:table/item") { req, ctx in
            await Self.reply {
                guard let k = req.uri.queryParameters.get("key") else { throw SQSError.invalidParameterValue("key is required") }
                let key = try Self.item(fromPlainJSON: k)
                guard let item = try await p.tables.getItem(table: try ctx.parameters.require("table"), key: key) else {
                    throw DynamoError.resourceNotFound("No item with key \(k).")
                }
                return ItemJSON(item: item)
            }
        }
        router.get("v1/tables/:table/stream") { req, ctx in
            await Self.reply {
                let limit = req.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 50
                return try await p.tables.recentStreamRecords(table: try ctx.parameters.require("table"), limit: limit)
            }
        }
    }

    static func logQuery(_ q: some Sequence<(key: Substring, value: Substring)>) -> LogQuery? {
        var query = LogQuery(limit: 200)
        for (k, v) in q {
            let v = String(v)
            switch k {
            case "source": query.source = v
            case "level": guard let l = LogLevel(rawValue: v.uppercased()) else { return nil }; query.minLevel = l
            case "requestId": query.requestId = v
            case "since": guard let t = ISO8601.parse(v) else { return nil }; query.since = t
            case "contains": query.contains = v
            case "after": guard let a = UInt64(v) else { return nil }; query.afterId = a
            case "limit": guard let n = Int(v), n > 0 else { return nil }; query.limit = min(n, 10_000)
            default: break
            }
        }
        return query
    }

    /// A key from plain JSON (`{"user_id":"abc"}`) or DynamoDB JSON (`{"user_id":{"S":"abc"}}`).
    static func item(fromPlainJSON text: String) throws -> Item {
        guard case .object(let o) = try JSONValue.parse(text) else { throw SQSError.invalidParameterValue("a key is a JSON object") }
        var item: Item = [:]
        for (k, v) in o {
            if let typed = try? AttributeValue(json: v) { item[k] = typed } else { item[k] = AttributeValue.fromPlain(v) }
        }
        return item
    }
}

/// A page of a scan: each item in plain and DynamoDB JSON, and the key to continue from (plain JSON).
struct PageJSON: Encodable {
    var items: [ItemJSON]
    var count: Int
    var lastEvaluatedKey: JSONValue?
}

/// An item in both shapes, for people (plain JSON) and for tools (DynamoDB JSON).
struct ItemJSON: Encodable {
    var item: Item
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(JSONValue.object(item.mapValues(\.plainJSON)), forKey: .plain)
        try c.encode(JSONValue.object(item.mapValues(\.json)), forKey: .dynamodb)
    }
    enum Keys: String, CodingKey { case plain, dynamodb }
}
