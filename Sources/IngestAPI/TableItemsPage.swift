import IngestCore

/// An item in both shapes: for people (plain JSON) and for tools (DynamoDB JSON).
public struct TableItemJSON: Sendable, Hashable, Codable {
    public var plain: JSONValue
    public var dynamodb: JSONValue

    public init(plain: JSONValue, dynamodb: JSONValue) {
        self.plain = plain
        self.dynamodb = dynamodb
    }

    public init(item: Item) {
        self.init(plain: .object(item.mapValues(\.plainJSON)), dynamodb: .object(item.mapValues(\.json)))
    }
}

/// A page of a scan: each item in both shapes, and the key to continue from (plain JSON).
public struct TableItemsPage: Sendable, Hashable, Codable {
    public var items: [TableItemJSON]
    public var count: Int
    public var lastEvaluatedKey: JSONValue?

    public init(items: [TableItemJSON], count: Int, lastEvaluatedKey: JSONValue?) {
        self.items = items
        self.count = count
        self.lastEvaluatedKey = lastEvaluatedKey
    }
}
