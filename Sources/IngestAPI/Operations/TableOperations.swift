import Foundation
import IngestCore

/// `GET /v1/tables`: every table with counts and stream positions.
public struct ListTablesOperation: PlainControlOperation {
    public typealias Reply = [TableSummary]
    public static let method = ControlMethod.get
    public static let pattern = "v1/tables"
    public init() {}
}

/// `GET /v1/tables/{table}/items?limit=&start=`: a page of a scan (default 50), after a key in plain or DynamoDB JSON.
public struct TableItemsOperation: ControlOperation {
    public typealias Reply = TableItemsPage
    public static let method = ControlMethod.get
    public static let pattern = "v1/tables/:table/items"
    public var table: String
    public var limit: Int
    public var start: JSONValue?

    public init(table: String, limit: Int = 50, start: JSONValue? = nil) {
        self.table = table
        self.limit = limit
        self.start = start
    }

    public init(request: ControlRequest) throws {
        self.init(table: try request.path("table"), limit: request.int("limit", default: 50),
                  start: try request.query("start").map { try ControlRequest.parseJSON($0, what: "start") })
    }

    public func request() throws -> ControlRequest {
        var q = [QueryItem("limit", String(limit))]
        if let start { q.append(QueryItem("start", start.serialized())) }
        return ControlRequest(pathValues: ["table": table], query: q)
    }
}

/// `PUT /v1/tables/{table}/item`: writes one item, given as a plain JSON object (or DynamoDB JSON) body.
public struct PutTableItemOperation: ControlOperation {
    public typealias Reply = TableItemJSON
    public static let method = ControlMethod.put
    public static let pattern = "v1/tables/:table/item"
    public static var maxBodyBytes: Int { 400 * 1024 }
    public var table: String
    public var item: JSONValue

    public init(table: String, item: JSONValue) {
        self.table = table
        self.item = item
    }

    public init(request: ControlRequest) throws {
        let text = String(decoding: request.body ?? Data(), as: UTF8.self)
        self.init(table: try request.path("table"), item: try ControlRequest.parseJSON(text, what: "the item"))
    }

    public func request() throws -> ControlRequest { ControlRequest(pathValues: ["table": table], body: try ControlRequest.json(item)) }
}

/// `GET /v1/tables/{table}/item?key=`: one item by its key (plain or DynamoDB JSON).
public struct GetTableItemOperation: ControlOperation {
    public typealias Reply = TableItemJSON
    public static let method = ControlMethod.get
    public static let pattern = "v1/tables/:table/item"
    public var table: String
    public var key: JSONValue

    public init(table: String, key: JSONValue) {
        self.table = table
        self.key = key
    }

    public init(request: ControlRequest) throws {
        guard let k = request.query("key") else { throw SQSError.invalidParameterValue("key is required") }
        self.init(table: try request.path("table"), key: try ControlRequest.parseJSON(k, what: "key"))
    }

    public func request() throws -> ControlRequest {
        ControlRequest(pathValues: ["table": table], query: [QueryItem("key", key.serialized())])
    }
}

/// `GET /v1/tables/{table}/stream?limit=`: a table's newest stream records (default 50).
public struct StreamRecordsOperation: ControlOperation {
    public typealias Reply = [StreamRecord]
    public static let method = ControlMethod.get
    public static let pattern = "v1/tables/:table/stream"
    public var table: String
    public var limit: Int

    public init(table: String, limit: Int = 50) {
        self.table = table
        self.limit = limit
    }

    public init(request: ControlRequest) throws { self.init(table: try request.path("table"), limit: request.int("limit", default: 50)) }

    public func request() throws -> ControlRequest {
        ControlRequest(pathValues: ["table": table], query: [QueryItem("limit", String(limit))])
    }
}
