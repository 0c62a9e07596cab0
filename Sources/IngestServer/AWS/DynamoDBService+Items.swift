import IngestCore

/// PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan, BatchWriteItem, BatchGetItem.
extension DynamoDBService {
    static let legacyWrite = ["Expected", "ConditionalOperator"]

    /// `Attributes` when there are any.
    static func attributes(_ item: Item?) -> AWSValue {
        guard let item else { return .empty }
        return .structure([AWSMember("Attributes", .raw(item.dynamoJSON))])
    }

    /// Runs a conditional write; a failed condition carries the item when `ReturnValuesOnConditionCheckFailure` is `ALL_OLD`.
    func conditional(_ input: DynamoInput, _ write: () async throws(DynamoError) -> WriteResult) async throws -> WriteResult {
        let onFailure = try input.optionalString("ReturnValuesOnConditionCheckFailure") ?? "NONE"
        guard onFailure == "NONE" || onFailure == "ALL_OLD" else {
            throw DynamoError.validation("1 validation error detected: Value '\(onFailure)' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]")
        }
        do { return try await write() } catch {
            if error.isConditionalCheckFailure, onFailure == "ALL_OLD" { throw AWSError(dynamo: error, item: error.item) }
            throw error
        }
    }

    func putItem(_ input: DynamoInput) async throws -> AWSValue {
        try input.refuseLegacy(Self.legacyWrite)
        let table = try input.string("TableName")
        let item = try input.item("Item")
        let returns = try ReturnValues(try input.optionalString("ReturnValues"), allowed: ReturnValues.forPutAndDelete)
        let condition = try input.expression("ConditionExpression")
        let result = try await conditional(input) { () async throws(DynamoError) in try await tables.put(table: table, item: item, condition: condition) }
        return Self.attributes(returns.attributes(of: result))
    }

    func getItem(_ input: DynamoInput) async throws -> AWSValue {
        try input.checkConsistentRead()
        let item = try await tables.getItem(table: try input.string("TableName"), key: try input.item("Key"), projection: try input.projection())
        guard let item else { return .empty }
        return .structure([AWSMember("Item", .raw(item.dynamoJSON))])
    }

    func updateItem(_ input: DynamoInput) async throws -> AWSValue {
        try input.refuseLegacy(Self.legacyWrite + ["AttributeUpdates"])
        let table = try input.string("TableName")
        let key = try input.item("Key")
        guard let update = try input.expression("UpdateExpression") else {
            throw DynamoError.validation("UpdateExpression is required by this engine (an UpdateItem without one is not emulated)")
        }
        let returns = try ReturnValues(try input.optionalString("ReturnValues"))
        let condition = try input.expression("ConditionExpression")
        let result = try await conditional(input) { () async throws(DynamoError) in
            try await tables.update(table: table, key: key, update: update, condition: condition)
        }
        let updated = returns == .updatedOld || returns == .updatedNew ? try UpdateExpression(update).targetPaths : []
        return Self.attributes(returns.attributes(of: result, updated: updated))
    }

    func deleteItem(_ input: DynamoInput) async throws -> AWSValue {
        try input.refuseLegacy(Self.legacyWrite)
        let table = try input.string("TableName")
        let key = try input.item("Key")
        let returns = try ReturnValues(try input.optionalString("ReturnValues"), allowed: ReturnValues.forPutAndDelete)
        let condition = try input.expression("ConditionExpression")
        let result = try await conditional(input) { () async throws(DynamoError) in try await tables.delete(table: table, key: key, condition: condition) }
        return Self.attributes(returns.attributes(of: result))
    }

    // MARK: Query and Scan

    /// `Select` and whether items are returned: COUNT returns none; SPECIFIC_ATTRIBUTES needs a projection.
    static func countOnly(_ input: DynamoInput, projection: ConditionSpec?) throws(DynamoError) -> Bool {
        switch try input.optionalString("Select") {
        case nil: return false
        case "ALL_ATTRIBUTES"?:
            if projection != nil { throw .validation("Cannot specify the AttributesToGet or ProjectionExpression when choosing to get ALL_ATTRIBUTES") }
            return false
        case "COUNT"?:
            if projection != nil { throw .validation("Cannot specify the AttributesToGet or ProjectionExpression when choosing to get COUNT") }
            return true
        case "SPECIFIC_ATTRIBUTES"?:
            if projection == nil { throw .validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES") }
            return false
        case "ALL_PROJECTED_ATTRIBUTES"?:
            throw .validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
        case let other?:
            throw .validation("1 validation error detected: Value '\(other)' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]")
        }
    }

    static func readOptions(_ input: DynamoInput, projection: ConditionSpec?) throws(DynamoError) -> ItemReadOptions {
        ItemReadOptions(filter: try input.expression("FilterExpression"), projection: projection, limit: try input.optionalInt("Limit"),
                        exclusiveStartKey: try input.optionalItem("ExclusiveStartKey"))
    }

    static func page(_ page: TablePage, countOnly: Bool) -> AWSValue {
        var members: [AWSMember] = []
        if !countOnly { members.append(AWSMember("Items", .raw(.array(page.items.map(\.dynamoJSON))))) }
        members.append(AWSMember("Count", .integer(Int64(page.count))))
        members.append(AWSMember("ScannedCount", .integer(Int64(page.scannedCount))))
        if let last = page.lastEvaluatedKey { members.append(AWSMember("LastEvaluatedKey", .raw(last.dynamoJSON))) }
        return .structure(members)
    }

    func query(_ input: DynamoInput) async throws -> AWSValue {
        try input.refuseLegacy(["KeyConditions", "QueryFilter", "ConditionalOperator"])
        try input.checkConsistentRead()
        let table = try input.string("TableName")
        if let index = try input.optionalString("IndexName") {
            throw DynamoError.validation("The table does not have the specified index: \(index)")
        }
        guard let key = try input.expression("KeyConditionExpression") else {
            throw DynamoError.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
        }
        let projection = try input.projection()
        let countOnly = try Self.countOnly(input, projection: projection)
        let options = try Self.readOptions(input, projection: projection)
        let ascending = try input.optionalBool("ScanIndexForward") ?? true
        return Self.page(try await tables.query(table: table, keyCondition: key, options: options, ascending: ascending), countOnly: countOnly)
    }

    func scan(_ input: DynamoInput) async throws -> AWSValue {
        try input.refuseLegacy(["ScanFilter", "ConditionalOperator"])
        try input.checkConsistentRead()
        let table = try input.string("TableName")
        if let index = try input.optionalString("IndexName") {
            throw DynamoError.validation("The table does not have the specified index: \(index)")
        }
        let total = try input.optionalInt("TotalSegments")
        let segment = try input.optionalInt("Segment")
        if total != nil || segment != nil {
            guard total == 1, segment == 0 else {
                throw DynamoError.validation("Parallel scans are not supported by this engine: TotalSegments must be 1 (Segment 0)")
            }
        }
        let projection = try input.projection()
        let countOnly = try Self.countOnly(input, projection: projection)
        return Self.page(try await tables.scan(table: table, options: try Self.readOptions(input, projection: projection)), countOnly: countOnly)
    }

    // MARK: Batches

    func batchWriteItem(_ input: DynamoInput) async throws -> AWSValue {
        guard let request = try input.object("RequestItems") else { throw DynamoInput.missing("RequestItems") }
        var writes: [(table: String, BatchWriteRequest)] = []
        for (table, list) in request.sorted(by: { $0.key < $1.key }) {
            guard case .array(let entries) = list else { throw DynamoError.validation("RequestItems.\(table) must be a list of write requests") }
            for e in entries {
                let entry = DynamoInput(e.objectValue ?? [:])
                let put = try entry.object("PutRequest").map(DynamoInput.init)
                let delete = try entry.object("DeleteRequest").map(DynamoInput.init)
                switch (put, delete) {
                case (let p?, nil): writes.append((table, .put(try p.item("Item"))))
                case (nil, let d?): writes.append((table, .delete(key: try d.item("Key"))))
                default:
                    throw DynamoError.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes: a WriteRequest has exactly one of PutRequest and DeleteRequest")
                }
            }
        }
        try await tables.batchWrite(writes)
        return .structure([AWSMember("UnprocessedItems", .raw(.object([:])))])
    }

    func batchGetItem(_ input: DynamoInput) async throws -> AWSValue {
        guard let request = try input.object("RequestItems") else { throw DynamoInput.missing("RequestItems") }
        var gets: [String: BatchGetRequest] = [:]
        for (table, value) in request {
            let entry = DynamoInput(value.objectValue ?? [:])
            try entry.checkConsistentRead()
            guard let keys = try entry.list("Keys") else { throw DynamoInput.missing("Keys") }
            var items: [Item] = []
            for k in keys { items.append(try Item(dynamoJSON: k)) }
            gets[table] = BatchGetRequest(keys: items, projection: try entry.projection())
        }
        let found = try await tables.batchGet(gets)
        let responses = JSONValue.object(found.mapValues { .array($0.map(\.dynamoJSON)) })
        return .structure([AWSMember("Responses", .raw(responses)), AWSMember("UnprocessedKeys", .raw(.object([:])))])
    }
}
