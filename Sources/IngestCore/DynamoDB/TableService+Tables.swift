/// A table as DescribeTable shows it: its definition, its state now and when it was created.
public struct TableInfo: Sendable, Hashable {
    public var definition: TableDefinition
    public var summary: TableSummary
    public var createdAt: Timestamp
    /// Whether the table came from the template (else it was created through the API).
    public var fromTemplate: Bool
}

/// Tables created and deleted at run time (the AWS API's CreateTable and DeleteTable), listing and
/// description. Every change is durable before it returns.
extension TableService {
    /// The fixed shard of every stream: one shard, open while the table exists.
    public static let shardId = "shardId-00000001704067200000-00000001"

    /// Table names in name order (ListTables).
    public func tableNames() -> [String] { tables.keys.sorted() }

    /// A table's definition, state and creation time.
    public func info(_ table: String) throws(DynamoError) -> TableInfo {
        let name = try resolve(table)
        trim(name)
        return info(ofResolved: name)
    }

    private func info(ofResolved name: String) -> TableInfo {
        let t = tables[name]!
        return TableInfo(definition: t.definition, summary: summary(t), createdAt: createdAt[name] ?? clock.now(),
                         fromTemplate: isTemplateDefinition(t.definition))
    }

    /// Every table with a stream, in table order.
    public func streamTables() -> [TableInfo] {
        definitions.filter { $0.streamViewType != nil }.map { info(ofResolved: $0.name) }
    }

    /// CreateTable: checks the definition as AWS does, refuses a name in use (`ResourceInUseException`),
    /// and makes the table durable before it returns.
    @discardableResult
    public func createTable(_ definition: TableDefinition) async throws(DynamoError) -> TableInfo {
        try definition.validate()
        guard definition.attributeDefinitions.count == definition.keyNames.count else {
            throw .validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")
        }
        guard tables[definition.name] == nil else { throw .resourceInUse("Table already exists: \(definition.name)") }
        let now = clock.now()
        add(definition, createdAt: now)
        if store.recordsChanges {
            let record = TableRecord(definition: definition, createdAt: now, fromTemplate: isTemplateDefinition(definition))
            do { try await store.durable(store.enqueue([.putTable(record)])) } catch {
                remove(definition.name)
                throw .internalServerError("The store could not make the table durable: \(error)")
            }
        }
        return info(ofResolved: definition.name)
    }

    /// DeleteTable: the table, its items and its stream go at once (the answer shows it as it was, DELETING).
    /// A template table deleted this way comes back, empty, with the template at the next start.
    @discardableResult
    public func deleteTable(_ table: String) async throws(DynamoError) -> TableInfo {
        let name = try resolve(table)
        let before = info(ofResolved: name)
        remove(name)
        wake(name)
        if store.recordsChanges {
            do { try await store.durable(store.enqueue([.dropTable(name: name)])) } catch {
                throw .internalServerError("The store could not make the deletion durable: \(error)")
            }
        }
        return before
    }

    /// Brings back tables created at run time (before their items): a record of a template table's name
    /// replaces the template's definition (it was deleted and created again through the API).
    public func restore(tables records: [TableRecord]) {
        for r in records {
            if tables[r.name] != nil {
                guard tables[r.name]!.definition != r.definition else { createdAt[r.name] = r.createdAt; continue }
                remove(r.name)
            }
            add(r.definition, createdAt: r.createdAt)
        }
    }

    private func isTemplateDefinition(_ d: TableDefinition) -> Bool {
        templateDefinitions.contains(d)
    }

    private func add(_ d: TableDefinition, createdAt time: Timestamp) {
        tables[d.name] = DynamoTable(definition: d)
        aliases[d.arn] = d.name
        aliases[d.streamArn] = d.name
        definitions.append(d)
        createdAt[d.name] = time
    }

    private func remove(_ name: String) {
        guard let t = tables.removeValue(forKey: name) else { return }
        aliases.removeValue(forKey: t.definition.arn)
        aliases.removeValue(forKey: t.definition.streamArn)
        definitions.removeAll { $0.name == name }
        createdAt.removeValue(forKey: name)
        drained.removeValue(forKey: name)
    }
}
