/// One request of a BatchWriteItem.
public enum BatchWriteRequest: Sendable, Hashable {
    case put(Item)
    case delete(key: Item)
}

/// The keys a BatchGetItem reads from one table, and what of each item it returns.
public struct BatchGetRequest: Sendable, Hashable {
    public var keys: [Item]
    /// A `ProjectionExpression` with its `#names` (`values` unused).
    public var projection: ConditionSpec?

    public init(keys: [Item], projection: ConditionSpec? = nil) {
        self.keys = keys
        self.projection = projection
    }
}

/// What a Query or Scan reads besides its key range: a filter applied after `limit` items were read, a
/// projection, and where to start.
public struct ItemReadOptions: Sendable, Hashable {
    public var filter: ConditionSpec?
    /// A `ProjectionExpression` with its `#names`.
    public var projection: ConditionSpec?
    public var limit: Int?
    public var exclusiveStartKey: Item?

    public init(filter: ConditionSpec? = nil, projection: ConditionSpec? = nil, limit: Int? = nil, exclusiveStartKey: Item? = nil) {
        self.filter = filter
        self.projection = projection
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
    }
}

/// The item operations of the DynamoDB API beyond single writes: Query by key condition, Scan, reads
/// with projections, and the batches (refused whole when any request is invalid, never half-applied).
extension TableService {
    public static let filterKind = "FilterExpression"
    /// BatchWriteItem takes at most 25 requests, BatchGetItem at most 100 keys.
    public static let maxBatchWrites = 25
    public static let maxBatchGets = 100

    /// GetItem with an optional projection.
    public func getItem(table: String, key: Item, projection: ConditionSpec?) throws(DynamoError) -> Item? {
        let p = try ProjectionExpression(projection)
        guard let item = try getItem(table: table, key: key) else { return nil }
        return p.map { $0.apply(to: item) } ?? item
    }

    /// Query: the items of one partition whose sort key satisfies the key condition, in sort-key order.
    /// `limit` counts items read; the filter then drops some (`count` after it, `scannedCount` before).
    public func query(table: String, keyCondition spec: ConditionSpec, options: ItemReadOptions = ItemReadOptions(), ascending: Bool = true)
        throws(DynamoError) -> TablePage
    {
        let name = try resolve(table)
        let key = try KeyCondition(spec, definition: tables[name]!.definition)
        let filter = try Self.filter(options.filter)
        let projection = try ProjectionExpression(options.projection)
        let page = try tables[name]!.query(hashKey: key.partitionValue, sortKey: key.sortKey, limit: options.limit,
                                           exclusiveStartKey: options.exclusiveStartKey, ascending: ascending)
        return Self.refine(page, filter: filter, projection: projection)
    }

    /// Scan: every item in key order, a page at a time, filtered and projected.
    public func scan(table: String, options: ItemReadOptions) throws(DynamoError) -> TablePage {
        let name = try resolve(table)
        let filter = try Self.filter(options.filter)
        let projection = try ProjectionExpression(options.projection)
        let page = try tables[name]!.scan(limit: options.limit, exclusiveStartKey: options.exclusiveStartKey)
        return Self.refine(page, filter: filter, projection: projection)
    }

    static func filter(_ spec: ConditionSpec?) throws(DynamoError) -> ConditionExpression? {
        guard let spec else { return nil }
        return try ParsedConditionExpression(spec.expression, kind: filterKind).bind(names: spec.names, values: spec.values)
    }

    static func refine(_ page: TablePage, filter: ConditionExpression?, projection: ProjectionExpression?) -> TablePage {
        var out = page
        if let filter { out.items = page.items.filter { filter.evaluate($0) } }
        if let projection { out.items = out.items.map(projection.apply(to:)) }
        out.count = out.items.count
        out.scannedCount = page.items.count
        return out
    }

    /// BatchWriteItem: 1–25 puts and deletes over any tables, checked whole before any is applied (an
    /// unknown table, a bad item or key, or two requests for one key refuse the batch).
    public func batchWrite(_ requests: [(table: String, BatchWriteRequest)]) throws(DynamoError) {
        guard !requests.isEmpty else {
            throw .validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
        }
        guard requests.count <= Self.maxBatchWrites else { throw .validation("Too many items requested for the BatchWriteItem call") }
        var resolved: [(String, BatchWriteRequest)] = []
        var seen: Set<String> = []
        for (table, request) in requests {
            let name = try resolve(table)
            let key: Item
            switch request {
            case .put(let item): key = try tables[name]!.checkPut(item)
            case .delete(let k): key = try tables[name]!.checkKey(k)
            }
            guard seen.insert(name + "\u{0}" + Self.storeKey(key)).inserted else {
                throw .validation("Provided list of item keys contains duplicates")
            }
            resolved.append((name, request))
        }
        let now = clock.now()
        var woken: Set<String> = []
        for (name, request) in resolved {
            let result: WriteResult
            switch request {
            case .put(let item): result = try tables[name]!.put(item: item, now: now)
            case .delete(let key): result = try tables[name]!.delete(key: key, now: now)
            }
            persist(name, result)
            if result.record != nil { woken.insert(name) }
        }
        for name in woken { wake(name) }
    }

    /// BatchGetItem: 1–100 keys over any tables; items found, by table name (missing keys are left out).
    public func batchGet(_ requests: [String: BatchGetRequest]) throws(DynamoError) -> [String: [Item]] {
        let total = requests.values.reduce(0) { $0 + $1.keys.count }
        guard total >= 1 else {
            throw .validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
        }
        guard total <= Self.maxBatchGets else { throw .validation("Too many items requested for the BatchGetItem call") }
        var plan: [(table: String, name: String, keys: [Item], projection: ProjectionExpression?)] = []
        for (table, request) in requests.sorted(by: { $0.key < $1.key }) {
            let name = try resolve(table)
            var seen: Set<String> = []
            var keys: [Item] = []
            for k in request.keys {
                let key = try tables[name]!.checkKey(k)
                guard seen.insert(Self.storeKey(key)).inserted else { throw .validation("Provided list of item keys contains duplicates") }
                keys.append(key)
            }
            plan.append((table, name, keys, try ProjectionExpression(request.projection)))
        }
        var out: [String: [Item]] = [:]
        for p in plan {
            var items: [Item] = []
            for k in p.keys {
                if let item = try tables[p.name]!.get(key: k) { items.append(p.projection.map { $0.apply(to: item) } ?? item) }
            }
            out[p.table] = items
        }
        return out
    }
}
