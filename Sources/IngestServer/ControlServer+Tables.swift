import Hummingbird
import IngestAPI
import IngestCore

extension ControlServer {
    /// Routes for tables and their streams.
    func addTableRoutes(to router: Router<BasicRequestContext>) {
        let p = pipeline
        router.register(ListTablesOperation.self) { _ in await p.tables.summaries() }
        router.register(TableItemsOperation.self) { op in
            let start = try op.start.map(Self.item(fromPlain:))
            let page = try await p.tables.scanPage(table: op.table, limit: op.limit, exclusiveStartKey: start)
            return TableItemsPage(items: page.items.map(TableItemJSON.init(item:)), count: page.count,
                                  lastEvaluatedKey: page.lastEvaluatedKey.map { JSONValue.object($0.mapValues(\.plainJSON)) })
        }
        router.register(PutTableItemOperation.self) { op in
            let item = try Self.item(fromPlain: op.item)
            _ = try await p.tables.putItem(table: op.table, item: item, condition: nil)
            return TableItemJSON(item: item)
        }
        router.register(GetTableItemOperation.self) { op in
            guard let item = try await p.tables.getItem(table: op.table, key: try Self.item(fromPlain: op.key)) else {
                throw DynamoError.resourceNotFound("No item with key \(op.key.serialized()).")
            }
            return TableItemJSON(item: item)
        }
        router.register(StreamRecordsOperation.self) { op in try await p.tables.recentStreamRecords(table: op.table, limit: op.limit) }
    }

    /// An item or key from plain JSON (`{"user_id":"abc"}`) or DynamoDB JSON (`{"user_id":{"S":"abc"}}`).
    static func item(fromPlain value: JSONValue) throws -> Item {
        guard case .object(let o) = value else { throw SQSError.invalidParameterValue("a key is a JSON object") }
        var item: Item = [:]
        for (k, v) in o {
            if let typed = try? AttributeValue(json: v) { item[k] = typed } else { item[k] = AttributeValue.fromPlain(v) }
        }
        return item
    }
}
