/// What a write did: the item before and after, and the stream record it produced (`nil` when the
/// table has no stream or nothing changed).
public struct WriteResult: Sendable, Hashable {
    public var old: Item?
    public var new: Item?
    public var record: StreamRecord?

    public init(old: Item?, new: Item?, record: StreamRecord?) {
        self.old = old
        self.new = new
        self.record = record
    }

    /// Whether the write changed any data.
    public var changed: Bool { old != new }
}

/// A page of a query or scan. `lastEvaluatedKey` is set when more items follow; pass it as the next
/// page's exclusive start key.
public struct TablePage: Sendable, Hashable, Codable {
    public var items: [Item]
    public var lastEvaluatedKey: Item?
    public var count: Int
    public var scannedCount: Int

    public init(items: [Item], lastEvaluatedKey: Item?) {
        self.items = items
        self.lastEvaluatedKey = lastEvaluatedKey
        self.count = items.count
        self.scannedCount = items.count
    }
}

/// The primary key of a stored item.
struct ItemKey: Sendable, Hashable {
    var hash: AttributeValue
    var range: AttributeValue?

    /// Key order: by partition key, then sort key (numbers by value, strings and binary by bytes).
    static func precedes(_ a: ItemKey, _ b: ItemKey) -> Bool {
        let c = DynamoValues.compare(a.hash, b.hash) ?? 0
        if c != 0 { return c < 0 }
        guard let x = a.range, let y = b.range else { return false }
        return (DynamoValues.compare(x, y) ?? 0) < 0
    }
}

/// One DynamoDB table: its items, kept in key order, and its stream.
///
/// Writes take the time of the change (`now`) and return what changed. Items are stored in canonical form
/// (numbers normalised: `10.50` is stored as `10.5`; sets sorted), so a write that changes no data is
/// recognised, counted as a write, and emits no stream record.
public struct DynamoTable: Sendable {
    public let definition: TableDefinition
    public private(set) var stream: TableStream?
    private var items: [ItemKey: Item] = [:]
    /// Every key, in key order, as of the last read that needed the order. A write only appends a new key to
    /// `pendingKeys` (or notes a removal), O(1); the next query or scan sorts the pending keys and merges them
    /// in, O(n + p log p) once, instead of shifting the array on every new item (O(n) per insert).
    private var order: [ItemKey] = []
    private var pendingKeys: [ItemKey] = []
    private var hasRemovals = false
    /// Successful write requests (put, update, delete), including those that changed nothing.
    public private(set) var writeCount = 0
    /// Writes refused because their condition did not hold.
    public private(set) var conditionalCheckFailureCount = 0
    /// The size of every item, as DynamoDB counts it.
    public private(set) var sizeBytes = 0

    /// DynamoDB's item size limit, 400 KB.
    public static let maxItemBytes = 409_600
    /// A query or scan page stops at 1 MB.
    public static let maxPageBytes = 1_048_576

    public init(definition: TableDefinition) {
        self.definition = definition
        if let view = definition.streamViewType {
            stream = TableStream(viewType: view, streamArn: definition.streamArn)
        }
    }

    public var name: String { definition.name }
    /// Items in the table.
    public var count: Int { items.count }
    /// Every item, in key order.
    public var allItems: [Item] {
        var copy = self
        copy.settleOrder()
        return copy.order.map { items[$0]! }
    }

    // MARK: Reads

    /// The item with this key (exactly the key attributes), or `nil`.
    public func get(key: Item) throws(DynamoError) -> Item? {
        items[try itemKey(fromKey: key)]
    }

    /// The items with this partition key, in sort-key order (`ascending: false` reverses it), a page at a time.
    /// `sortKey` narrows the items to those whose sort key satisfies it (before `limit` counts them).
    public mutating func query(hashKey value: AttributeValue, sortKey: SortKeyCondition? = nil, limit: Int? = nil, exclusiveStartKey: Item? = nil,
                               ascending: Bool = true) throws(DynamoError) -> TablePage
    {
        try Self.checkLimit(limit)
        settleOrder()
        guard definition.hashKey.accepts(value) else {
            throw .validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
        }
        let hash = try Self.canonicalKeyValue(value)
        let lo = firstIndex { (DynamoValues.compare($0.hash, hash) ?? 0) >= 0 }
        let hi = firstIndex { (DynamoValues.compare($0.hash, hash) ?? 0) > 0 }
        var from = lo, to = hi
        if let start = exclusiveStartKey {
            let s = try itemKey(fromKey: start)
            guard s.hash == hash else {
                throw .validation("The provided starting key is invalid: The provided key element does not match the schema")
            }
            if ascending {
                from = max(lo, firstIndex { ItemKey.precedes(s, $0) })
            } else {
                to = min(hi, firstIndex { !ItemKey.precedes($0, s) })
            }
        }
        var slice = from < to ? order[from..<to] : []
        if let sortKey { slice = ArraySlice(slice.filter { $0.range.map(sortKey.matches) ?? false }) }
        return ascending ? page(slice, limit: limit) : page(slice.reversed(), limit: limit)
    }

    /// Every item, in key order, a page at a time.
    public mutating func scan(limit: Int? = nil, exclusiveStartKey: Item? = nil) throws(DynamoError) -> TablePage {
        try Self.checkLimit(limit)
        settleOrder()
        var from = 0
        if let start = exclusiveStartKey {
            let s = try itemKey(fromKey: start)
            from = firstIndex { ItemKey.precedes(s, $0) }
        }
        return page(order[from...], limit: limit)
    }

    private func page<C: Collection>(_ keys: C, limit: Int?) -> TablePage where C.Element == ItemKey {
        var out: [Item] = []
        var bytes = 0
        var last: Item?
        for k in keys {
            if let limit, out.count >= limit { break }
            let item = items[k]!
            out.append(item)
            last = item
            bytes += item.itemSizeBytes
            if bytes >= Self.maxPageBytes { break }
        }
        let more = out.count < keys.count
        return TablePage(items: out, lastEvaluatedKey: more ? last.map(definition.key(of:)) : nil)
    }

    private static func checkLimit(_ limit: Int?) throws(DynamoError) {
        if let limit, limit < 1 {
            throw .validation("1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
        }
    }

    /// Brings `order` up to date: the pending keys sorted and merged in, removed keys dropped, and a key
    /// removed and put again kept once.
    private mutating func settleOrder() {
        guard !pendingKeys.isEmpty || hasRemovals else { return }
        pendingKeys.sort(by: ItemKey.precedes)
        var merged: [ItemKey] = []
        merged.reserveCapacity(items.count)
        var i = 0, j = 0
        while i < order.count || j < pendingKeys.count {
            let k: ItemKey
            if j == pendingKeys.count || (i < order.count && !ItemKey.precedes(pendingKeys[j], order[i])) {
                k = order[i]
                i += 1
            } else {
                k = pendingKeys[j]
                j += 1
            }
            if merged.last != k, items[k] != nil { merged.append(k) }
        }
        order = merged
        pendingKeys = []
        hasRemovals = false
    }

    /// The first index of `order` whose key satisfies `predicate` (which is false, then true, along `order`).
    private func firstIndex(where predicate: (ItemKey) -> Bool) -> Int {
        var lo = 0, hi = order.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if predicate(order[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    // MARK: Writes

    /// Writes `item`, replacing any item with its key, if `condition` holds for the current item.
    public mutating func put(item: Item, condition: ConditionExpression? = nil, now: Timestamp) throws(DynamoError) -> WriteResult {
        let new = try validated(item)
        let key = try itemKey(ofItem: new)
        let old = items[key]
        try check(condition, old)
        return commit(key, old: old, new: new, now: now)
    }

    /// Applies `update` to the item with this key, if `condition` holds for the current item. A missing item
    /// is created from its key, unless the update only removes (REMOVE, DELETE), which leaves it missing.
    public mutating func update(key: Item, update: UpdateExpression, condition: ConditionExpression? = nil, now: Timestamp)
        throws(DynamoError) -> WriteResult
    {
        let k = try itemKey(fromKey: key)
        let old = items[k]
        // A key attribute in the update is a request error, whatever the condition says.
        for p in update.targetPaths where definition.keyNames.contains(p.attributeName) {
            throw .validation("One or more parameter values were invalid: Cannot update attribute \(p.attributeName). This attribute is part of the key")
        }
        try check(condition, old)
        if old == nil, !update.writesValues { return commit(k, old: nil, new: nil, now: now) }
        var base = old ?? [:]
        if old == nil {
            base[definition.hashKey.name] = k.hash
            if let r = definition.rangeKey { base[r.name] = k.range }
        }
        let new = try validated(try update.apply(to: base, keyAttributes: definition.keyNames))
        return commit(k, old: old, new: new, now: now)
    }

    /// Deletes the item with this key, if `condition` holds for the current item. Deleting a missing item
    /// succeeds and changes nothing.
    public mutating func delete(key: Item, condition: ConditionExpression? = nil, now: Timestamp) throws(DynamoError) -> WriteResult {
        let k = try itemKey(fromKey: key)
        let old = items[k]
        try check(condition, old)
        return commit(k, old: old, new: nil, now: now)
    }

    /// Drops stream records past the 24-hour retention.
    @discardableResult
    public mutating func trimStream(now: Timestamp) -> Int {
        stream?.trim(now: now) ?? 0
    }

    private mutating func check(_ condition: ConditionExpression?, _ old: Item?) throws(DynamoError) {
        guard let condition, !condition.evaluate(old) else { return }
        conditionalCheckFailureCount += 1
        throw .conditionalCheckFailed(item: old)
    }

    private mutating func commit(_ key: ItemKey, old: Item?, new: Item?, now: Timestamp) -> WriteResult {
        writeCount += 1
        guard old != new else { return WriteResult(old: old, new: new, record: nil) }
        sizeBytes -= old?.itemSizeBytes ?? 0
        if let new {
            if old == nil { pendingKeys.append(key) }
            items[key] = new
            sizeBytes += new.itemSizeBytes
        } else {
            items[key] = nil
            hasRemovals = true
        }
        var record: StreamRecord?
        if var s = stream {
            stream = nil  // keep the stream uniquely referenced while it is changed
            s.trim(now: now)
            let event: StreamEventName = old == nil ? .insert : (new == nil ? .remove : .modify)
            record = s.append(StreamRecord(eventName: event, keys: definition.key(of: new ?? old!), newImage: new, oldImage: old,
                                           viewType: s.viewType, createdAt: now))
            stream = s
        }
        return WriteResult(old: old, new: new, record: record)
    }

    // MARK: Restore

    /// Puts back items read from the store.
    public mutating func restore(_ list: [Item]) throws(DynamoError) {
        for item in list {
            let key = try itemKey(ofItem: item)
            if items[key] == nil { order.append(key) } else { sizeBytes -= items[key]!.itemSizeBytes }
            items[key] = item
            sizeBytes += item.itemSizeBytes
        }
        order.sort(by: ItemKey.precedes)
    }

    /// Puts back stream records read from the store, in sequence order.
    public mutating func restoreStream(_ records: [StreamRecord], now: Timestamp) {
        guard var s = stream else { return }
        stream = nil
        s.restore(records)
        s.trim(now: now)
        stream = s
    }

    // MARK: Validation

    /// The canonical key of the item a put would write, after every check the put makes (values, size,
    /// key schema), without writing it: for batches that must be refused whole.
    public func checkPut(_ item: Item) throws(DynamoError) -> Item {
        let key = try itemKey(ofItem: try validated(item))
        return keyItem(key)
    }

    /// The canonical form of a read or delete key, after the key-schema checks.
    public func checkKey(_ key: Item) throws(DynamoError) -> Item {
        keyItem(try itemKey(fromKey: key))
    }

    private func keyItem(_ k: ItemKey) -> Item {
        var out: Item = [definition.hashKey.name: k.hash]
        if let r = definition.rangeKey { out[r.name] = k.range }
        return out
    }

    /// The item in canonical form, after DynamoDB's checks of attribute values and size.
    private func validated(_ item: Item) throws(DynamoError) -> Item {
        var out: Item = [:]
        out.reserveCapacity(item.count)
        for (name, value) in item {
            guard !name.isEmpty else {
                throw .validation("One or more parameter values were invalid: An attribute name may not be empty")
            }
            out[name] = try DynamoValues.canonical(value)
        }
        if out.itemSizeBytes > Self.maxItemBytes {
            throw .validation("Item size has exceeded the maximum allowed size")
        }
        return out
    }

    /// The key of an item being written: every key attribute present, of its declared type, not empty.
    private func itemKey(ofItem item: Item) throws(DynamoError) -> ItemKey {
        func keyValue(_ attr: KeyAttribute) throws(DynamoError) -> AttributeValue {
            guard let v = item[attr.name] else {
                throw .validation("One or more parameter values were invalid: Missing the key \(attr.name) in the item")
            }
            guard attr.accepts(v) else {
                throw .validation("One or more parameter values were invalid: Type mismatch for key \(attr.name) expected: \(attr.type.rawValue) actual: \(v.typeName)")
            }
            try checkKeyValue(attr, v)
            return v
        }
        let hash = try keyValue(definition.hashKey)
        var range: AttributeValue?
        if let r = definition.rangeKey { range = try keyValue(r) }
        return ItemKey(hash: hash, range: range)
    }

    /// The key of a read, update or delete: exactly the key attributes, of their declared types.
    private func itemKey(fromKey key: Item) throws(DynamoError) -> ItemKey {
        let mismatch = DynamoError.validation("The provided key element does not match the schema")
        guard key.count == (definition.rangeKey == nil ? 1 : 2), let h = key[definition.hashKey.name], definition.hashKey.accepts(h) else {
            throw mismatch
        }
        var range: AttributeValue?
        if let r = definition.rangeKey {
            guard let v = key[r.name], r.accepts(v) else { throw mismatch }
            try checkKeyValue(r, v)
            range = try Self.canonicalKeyValue(v)
        }
        try checkKeyValue(definition.hashKey, h)
        return ItemKey(hash: try Self.canonicalKeyValue(h), range: range)
    }

    private func checkKeyValue(_ attr: KeyAttribute, _ v: AttributeValue) throws(DynamoError) {
        let size: Int
        switch v {
        case .s(let s):
            guard !s.isEmpty else {
                throw .validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: \(attr.name)")
            }
            size = s.utf8.count
        case .b(let b):
            guard !b.isEmpty else {
                throw .validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: \(attr.name)")
            }
            size = b.count
        default:
            size = 0
        }
        if attr.name == definition.hashKey.name, size > 2048 {
            throw .validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes")
        }
        if attr.name == definition.rangeKey?.name, size > 1024 {
            throw .validation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
        }
    }

    private static func canonicalKeyValue(_ v: AttributeValue) throws(DynamoError) -> AttributeValue {
        if case .n = v { return try DynamoValues.canonical(v) }
        return v
    }
}
