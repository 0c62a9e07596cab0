import Foundation

/// A table as the console and CLI show it.
public struct TableSummary: Sendable, Hashable, Codable {
    public var name: String
    public var logicalId: String
    public var arn: String
    /// `user_id (S, HASH)`.
    public var keySchema: String
    public var hashKey: KeyAttribute
    public var rangeKey: KeyAttribute?
    public var itemCount: Int
    public var sizeBytes: Int
    public var billingMode: BillingMode
    public var readCapacity: Int?
    public var writeCapacity: Int?
    public var sseKmsKeyId: String?
    public var streamViewType: StreamViewType?
    public var streamArn: String?
    /// Records kept in the stream (24 hours).
    public var streamRecordCount: Int
    public var oldestSequence: String?
    public var newestSequence: String?
    /// Successful writes since the table was created.
    public var writes: Int
    public var conditionalCheckFailures: Int

    /// Every stored property (also for sources other than the engine, such as the AWS console source).
    public init(name: String, logicalId: String, arn: String, keySchema: String, hashKey: KeyAttribute, rangeKey: KeyAttribute? = nil, itemCount: Int, sizeBytes: Int, billingMode: BillingMode, readCapacity: Int? = nil, writeCapacity: Int? = nil, sseKmsKeyId: String? = nil, streamViewType: StreamViewType? = nil, streamArn: String? = nil, streamRecordCount: Int, oldestSequence: String? = nil, newestSequence: String? = nil, writes: Int, conditionalCheckFailures: Int) {
        self.name = name
        self.logicalId = logicalId
        self.arn = arn
        self.keySchema = keySchema
        self.hashKey = hashKey
        self.rangeKey = rangeKey
        self.itemCount = itemCount
        self.sizeBytes = sizeBytes
        self.billingMode = billingMode
        self.readCapacity = readCapacity
        self.writeCapacity = writeCapacity
        self.sseKmsKeyId = sseKmsKeyId
        self.streamViewType = streamViewType
        self.streamArn = streamArn
        self.streamRecordCount = streamRecordCount
        self.oldestSequence = oldestSequence
        self.newestSequence = newestSequence
        self.writes = writes
        self.conditionalCheckFailures = conditionalCheckFailures
    }
}

/// A table's activity since the previous `drainMetrics()`.
public struct TableMetrics: Sendable, Hashable, Codable {
    public var table: String
    /// Successful write requests (CloudWatch `SuccessfulRequestCount` for writes).
    public var writes: Int
    /// `ConditionalCheckFailedRequests`.
    public var conditionalCheckFailures: Int
    /// Stream records written.
    public var streamRecords: Int

    public init(table: String, writes: Int, conditionalCheckFailures: Int, streamRecords: Int) {
        self.table = table
        self.writes = writes
        self.conditionalCheckFailures = conditionalCheckFailures
        self.streamRecords = streamRecords
    }
}

/// One GetRecords answer.
public struct StreamReadResult: Sendable, Hashable, Codable {
    public var records: [StreamRecord]
    public var nextShardIterator: String?
}

/// Every table of the pipeline and its stream. Functions reach it through `TableAccess`; stream consumers
/// read records and wait for new ones without polling.
///
/// Tables are found by name, table ARN or stream ARN; an unknown one is `ResourceNotFoundException`.
public actor TableService: TableAccess {
    /// Every table, template tables first, then those created at run time (`createTable`), in creation order.
    public internal(set) var definitions: [TableDefinition]
    let clock: any EngineClock
    var tables: [String: DynamoTable] = [:]
    var aliases: [String: String] = [:]
    /// When each table was created (template tables: when the service was built).
    var createdAt: [String: Timestamp] = [:]
    /// The template's tables, as the template defines them.
    let templateDefinitions: [TableDefinition]
    var drained: [String: (writes: Int, failures: Int, records: UInt64)] = [:]
    private var waiters: [UInt64: (table: String, continuation: CheckedContinuation<Void, Never>)] = [:]
    private var nextWaiter: UInt64 = 0
    private var conditionCache: [String: ParsedConditionExpression] = [:]
    private var updateCache: [String: ParsedUpdateExpression] = [:]
    private static let cacheLimit = 256

    /// An iterator is good for 15 minutes.
    public static let iteratorLifetimeMillis: Int64 = 900_000

    /// Where writes are logged; they are enqueued (not awaited), so whatever a handler does after a write,
    /// such as the queue delete that acknowledges its message, is committed after the write.
    let store: any PipelineStore

    public init(definitions: [TableDefinition], clock: any EngineClock = SystemClock(), store: any PipelineStore = MemoryStore()) {
        var unique: [TableDefinition] = []
        var tables: [String: DynamoTable] = [:]
        var aliases: [String: String] = [:]
        for d in definitions where tables[d.name] == nil {
            unique.append(d)
            tables[d.name] = DynamoTable(definition: d)
            aliases[d.arn] = d.name
            aliases[d.streamArn] = d.name
        }
        self.definitions = unique
        self.templateDefinitions = unique
        let now = clock.now()
        self.createdAt = Dictionary(unique.map { ($0.name, now) }, uniquingKeysWith: { a, _ in a })
        self.tables = tables
        self.aliases = aliases
        self.clock = clock
        self.store = store
    }

    /// The key of an item as the store indexes it: its key attributes in DynamoDB JSON.
    public static func storeKey(_ key: Item) -> String {
        JSONValue.object(key.mapValues(\.json)).serialized(sortedKeys: true)
    }

    /// Logs a write that changed something.
    func persist(_ name: String, _ result: WriteResult) {
        guard store.recordsChanges, result.old != result.new else { return }
        let definition = tables[name]!.definition
        var changes: [StoreChange] = []
        if let new = result.new {
            changes.append(.putItem(table: name, key: Self.storeKey(definition.key(of: new)), new))
        } else if let old = result.old {
            changes.append(.deleteItem(table: name, key: Self.storeKey(definition.key(of: old))))
        }
        if let r = result.record { changes.append(.streamRecord(table: name, r)) }
        _ = store.enqueue(changes)
    }

    /// Puts back items and stream records read from the store (before anything else runs). Records past
    /// the 24-hour retention are dropped.
    public func restore(items: [String: [Item]], streamRecords: [String: [StreamRecord]]) throws(DynamoError) {
        for (name, list) in items where tables[name] != nil { try tables[name]!.restore(list) }
        for (name, list) in streamRecords where tables[name] != nil { tables[name]!.restoreStream(list, now: clock.now()) }
    }

    // MARK: Lookup

    /// The table's name, from its name, ARN or stream ARN.
    func resolve(_ table: String) throws(DynamoError) -> String {
        if tables[table] != nil { return table }
        if let n = aliases[table] { return n }
        if let r = table.range(of: "/stream/"), let n = aliases[String(table[..<r.lowerBound])] { return n }
        throw .resourceNotFound("Requested resource not found: Table: \(table) not found")
    }

    /// The definition of a table.
    public func definition(of table: String) throws(DynamoError) -> TableDefinition {
        tables[try resolve(table)]!.definition
    }

    /// A table as it is now.
    public func table(named table: String) throws(DynamoError) -> TableSummary {
        let name = try resolve(table)
        trim(name)
        return summary(tables[name]!)
    }

    /// Every table, in template order.
    public func summaries() -> [TableSummary] {
        definitions.map { d in
            trim(d.name)
            return summary(tables[d.name]!)
        }
    }

    func summary(_ t: DynamoTable) -> TableSummary {
        let d = t.definition
        return TableSummary(name: d.name, logicalId: d.logicalId, arn: d.arn, keySchema: d.keySchemaDescription, hashKey: d.hashKey,
                            rangeKey: d.rangeKey, itemCount: t.count, sizeBytes: t.sizeBytes, billingMode: d.billingMode,
                            readCapacity: d.readCapacity, writeCapacity: d.writeCapacity, sseKmsKeyId: d.sseKmsKeyId,
                            streamViewType: d.streamViewType, streamArn: d.streamViewType == nil ? nil : d.streamArn,
                            streamRecordCount: t.stream?.count ?? 0, oldestSequence: t.stream?.oldestSequence,
                            newestSequence: t.stream?.newestSequence, writes: t.writeCount,
                            conditionalCheckFailures: t.conditionalCheckFailureCount)
    }

    // MARK: Expressions (parsed once per text)

    func condition(_ spec: ConditionSpec?) throws(DynamoError) -> ConditionExpression? {
        guard let spec else { return nil }
        let parsed: ParsedConditionExpression
        if let p = conditionCache[spec.expression] {
            parsed = p
        } else {
            parsed = try ParsedConditionExpression(spec.expression)
            if conditionCache.count >= Self.cacheLimit { conditionCache.removeAll() }
            conditionCache[spec.expression] = parsed
        }
        return try parsed.bind(names: spec.names, values: spec.values)
    }

    func update(_ spec: ConditionSpec) throws(DynamoError) -> UpdateExpression {
        let parsed: ParsedUpdateExpression
        if let p = updateCache[spec.expression] {
            parsed = p
        } else {
            parsed = try ParsedUpdateExpression(spec.expression)
            if updateCache.count >= Self.cacheLimit { updateCache.removeAll() }
            updateCache[spec.expression] = parsed
        }
        return try parsed.bind(names: spec.names, values: spec.values)
    }

    // MARK: Writes and reads

    /// PutItem, with everything that changed.
    public func put(table: String, item: Item, condition spec: ConditionSpec? = nil) throws(DynamoError) -> WriteResult {
        let name = try resolve(table)
        let cond = try condition(spec)
        let result = try tables[name]!.put(item: item, condition: cond, now: clock.now())
        persist(name, result)
        if result.record != nil { wake(name) }
        return result
    }

    /// UpdateItem, with everything that changed.
    public func update(table: String, key: Item, update spec: ConditionSpec, condition cspec: ConditionSpec? = nil) throws(DynamoError)
        -> WriteResult
    {
        let name = try resolve(table)
        let upd = try update(spec)
        let cond = try condition(cspec)
        let result = try tables[name]!.update(key: key, update: upd, condition: cond, now: clock.now())
        persist(name, result)
        if result.record != nil { wake(name) }
        return result
    }

    /// DeleteItem, with everything that changed.
    public func delete(table: String, key: Item, condition spec: ConditionSpec? = nil) throws(DynamoError) -> WriteResult {
        let name = try resolve(table)
        let cond = try condition(spec)
        let result = try tables[name]!.delete(key: key, condition: cond, now: clock.now())
        persist(name, result)
        if result.record != nil { wake(name) }
        return result
    }

    @discardableResult
    public func putItem(table: String, item: Item, condition: ConditionSpec?) throws(DynamoError) -> Item? {
        try put(table: table, item: item, condition: condition).old
    }

    @discardableResult
    public func updateItem(table: String, key: Item, update: ConditionSpec, condition: ConditionSpec?) throws(DynamoError) -> Item {
        try self.update(table: table, key: key, update: update, condition: condition).new ?? [:]
    }

    @discardableResult
    public func deleteItem(table: String, key: Item, condition: ConditionSpec?) throws(DynamoError) -> Item? {
        try delete(table: table, key: key, condition: condition).old
    }

    public func getItem(table: String, key: Item) throws(DynamoError) -> Item? {
        try tables[try resolve(table)]!.get(key: key)
    }

    /// Query by partition key, in sort-key order.
    public func query(table: String, hashKey: AttributeValue, limit: Int? = nil, exclusiveStartKey: Item? = nil, ascending: Bool = true)
        throws(DynamoError) -> TablePage
    {
        try tables[try resolve(table)]!.query(hashKey: hashKey, limit: limit, exclusiveStartKey: exclusiveStartKey, ascending: ascending)
    }

    /// A page of a scan, in key order.
    public func scan(table: String, limit: Int? = nil, start: Item? = nil) throws(DynamoError) -> TablePage {
        try tables[try resolve(table)]!.scan(limit: limit, exclusiveStartKey: start)
    }

    /// A page of a scan (the control API's name for `scan`).
    public func scanPage(table: String, limit: Int, exclusiveStartKey: Item?) throws(DynamoError) -> TablePage {
        try scan(table: table, limit: limit, start: exclusiveStartKey)
    }

    // MARK: Streams

    func trim(_ name: String) {
        tables[name]?.trimStream(now: clock.now())
    }

    /// Applies the 24-hour retention to every stream. Returns the number of records dropped.
    @discardableResult
    public func trimStreams() -> Int {
        let now = clock.now()
        var dropped = 0
        for name in definitions.map(\.name) { dropped += tables[name]!.trimStream(now: now) }
        return dropped
    }

    func stream(_ table: String) throws(DynamoError) -> TableStream {
        let name = try resolve(table)
        trim(name)
        guard let s = tables[name]!.stream else {
            throw .validation("Table \(name) has no stream: it has no StreamSpecification")
        }
        return s
    }

    /// Up to `limit` records after position `after` (`nil`: the trim horizon). Throws
    /// `TrimmedDataAccessException` when records after `after` are past retention.
    /// A table deleted at run time has none: its stream mappings wait (until a table of that name is
    /// created again and written) instead of failing in a loop.
    public func streamRecords(table: String, after: String?, limit: Int) throws(DynamoError) -> [StreamRecord] {
        guard let name = try? resolve(table) else { return [] }
        trim(name)
        guard let s = tables[name]!.stream else { return [] }
        return try s.records(after: after, limit: limit)
    }

    /// The newest `limit` records, oldest first.
    public func recentStreamRecords(table: String, limit: Int) throws(DynamoError) -> [StreamRecord] {
        let name = try resolve(table)
        trim(name)
        return tables[name]!.stream?.recent(limit: limit) ?? []
    }

    /// The LATEST position: after the newest record (`nil` when the stream has none yet).
    public func latestSequence(table: String) -> String? {
        guard let name = try? resolve(table) else { return nil }
        return tables[name]!.stream?.latest
    }

    /// The sequence number of the first record created at or after `time`, if any.
    public func sequence(atOrAfter time: Timestamp, table: String) -> String? {
        guard let name = try? resolve(table) else { return nil }
        trim(name)
        return tables[name]!.stream?.record(atOrAfter: time)?.sequenceNumber
    }

    /// The position from which reading starts at the first record created at or after `time`.
    public func sequence(before time: Timestamp, table: String) -> String? {
        guard let name = try? resolve(table) else { return nil }
        trim(name)
        return tables[name]!.stream?.position(atTimestamp: time)
    }

    /// The position from which reading starts at record `sequence` (inclusive). `nil` (the trim horizon)
    /// when the sequence number is not valid.
    public func sequence(before sequence: String, table: String) -> String? {
        guard let n = TableStream.parse(sequence), n > 1 else { return nil }
        return TableStream.format(n - 1)
    }

    /// The position from which reading returns record `sequence` first. Throws a `ValidationException` when
    /// `sequence` is not a record of the stream and `TrimmedDataAccessException` when it is past retention.
    public func position(atSequence sequence: String, table: String) throws(DynamoError) -> String? {
        try stream(table).position(atSequence: sequence)
    }

    /// Records after a position (`nil`: all records kept).
    public func countAfter(sequence: String?, table: String) -> Int {
        guard let name = try? resolve(table) else { return 0 }
        trim(name)
        return tables[name]!.stream?.count(after: sequence) ?? 0
    }

    /// Returns once the table's stream has a record after `after` (or that position has been trimmed, so a
    /// read would throw), or when the calling task is cancelled. Waits without polling.
    public func waitForStreamRecords(table: String, after: String?) async {
        let name = (try? resolve(table)) ?? table
        if let s = tables[name]?.stream, s.hasRecords(after: after) { return }
        if Task.isCancelled { return }
        let id = nextWaiter
        nextWaiter += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                waiters[id] = (name, c)
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        waiters.removeValue(forKey: id)?.continuation.resume()
    }

    func wake(_ name: String) {
        let ready = waiters.filter { $0.value.table == name }
        for (id, w) in ready {
            waiters[id] = nil
            w.continuation.resume()
        }
    }

    /// Tasks waiting in `waitForStreamRecords`.
    public var waiterCount: Int { waiters.count }

    // MARK: Shard iterators

    /// GetShardIterator: an opaque iterator, good for 15 minutes.
    public func getShardIterator(table: String, type: ShardIteratorType, sequenceNumber: String? = nil) throws(DynamoError) -> String {
        let s = try stream(table)
        let position = try s.position(type, sequenceNumber: sequenceNumber)
        return Self.iterator(table: try resolve(table), position: position, issued: clock.now())
    }

    /// GetRecords: up to `limit` (1–1000) records from the iterator's position, and the next iterator.
    public func getRecords(shardIterator: String, limit: Int = 1000) throws(DynamoError) -> StreamReadResult {
        guard (1...1000).contains(limit) else {
            throw .validation("1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000 and greater than or equal to 1")
        }
        guard let (table, position, issued) = Self.decodeIterator(shardIterator) else {
            throw .validation("Invalid ShardIterator")
        }
        let now = clock.now()
        if now.millis(since: issued) > Self.iteratorLifetimeMillis {
            throw .expiredIterator("Iterator expired. The iterator was created at time \(issued.iso8601) while right now it's \(now.iso8601) which is further in future than the tolerated delay of 900000 milliseconds.")
        }
        let records = try stream(table).records(after: position, limit: limit)
        let next = records.last?.sequenceNumber ?? position
        return StreamReadResult(records: records, nextShardIterator: Self.iterator(table: table, position: next, issued: now))
    }

    static func iterator(table: String, position: String?, issued: Timestamp) -> String {
        let text = "v1\n\(table)\n\(position ?? "-")\n\(issued.millis)"
        return Data(text.utf8).base64EncodedString()
    }

    static func decodeIterator(_ token: String) -> (String, String?, Timestamp)? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1", let ms = Int64(parts[3]) else { return nil }
        let position = parts[2] == "-" ? nil : String(parts[2])
        if let position, TableStream.parse(position) == nil { return nil }
        return (String(parts[1]), position, Timestamp(millis: ms))
    }

    // MARK: Metrics

    /// Each table's writes, conditional check failures and stream records since the previous call.
    public func drainMetrics() -> [TableMetrics] {
        definitions.map { d in
            let t = tables[d.name]!
            let last = drained[d.name] ?? (0, 0, 0)
            let records = t.stream?.lastSequence ?? 0
            drained[d.name] = (t.writeCount, t.conditionalCheckFailureCount, records)
            return TableMetrics(table: d.name, writes: t.writeCount - last.writes,
                                conditionalCheckFailures: t.conditionalCheckFailureCount - last.failures,
                                streamRecords: Int(records - last.records))
        }
    }
}
