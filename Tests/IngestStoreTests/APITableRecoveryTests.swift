import Foundation
import IngestCore
@testable import IngestStore
import IngestTestSupport
import Testing

/// Tables created and deleted at run time (CreateTable, DeleteTable), stopped and started again.
@Suite("API-created table recovery", .timeLimit(.minutes(1)))
struct APITableRecoveryTests {
    let dir: TempDir
    let clock = ManualClock()
    init() throws { dir = try TempDir() }

    static let users = TableDefinition(name: "users", hashKey: KeyAttribute(name: "user_id", type: .s))
    static let orders = TableDefinition(name: "orders", hashKey: KeyAttribute(name: "pk", type: .s), rangeKey: KeyAttribute(name: "sk", type: .n),
                                        streamViewType: .newImage)

    func tables(_ store: SQLiteStore, restoring snapshot: StoreSnapshot? = nil) async throws -> TableService {
        let t = TableService(definitions: [Self.users], clock: clock, store: store)
        if let snapshot {
            await t.restore(tables: snapshot.tables)
            try await t.restore(items: snapshot.items, streamRecords: snapshot.streamRecords)
        }
        return t
    }

    @Test("a created table comes back with its items and stream; a deleted one, and its items, stay gone")
    func createdAndDeleted() async throws {
        var store = try openStore(dir.path)
        var t = try await tables(store)
        try await t.createTable(Self.orders)
        try await t.createTable(TableDefinition(name: "scratch", hashKey: KeyAttribute(name: "id", type: .s)))
        _ = try await t.put(table: "orders", item: ["pk": .s("a"), "sk": .n("1"), "v": .s("x")])
        _ = try await t.put(table: "scratch", item: ["id": .s("1")])
        _ = try await t.put(table: "users", item: ["user_id": .s("u1")])
        try await t.deleteTable("scratch")
        try await t.deleteTable("users")
        try await store.durable(store.enqueue([]))
        store.close()

        store = try openStore(dir.path)
        let snapshot = try store.load()
        #expect(snapshot.tables.map(\.name) == ["orders"])
        #expect(snapshot.tables.first?.fromTemplate == false)
        #expect(snapshot.items["scratch"] == nil && snapshot.items["users"] == nil)
        t = try await tables(store, restoring: snapshot)
        #expect(await t.tableNames() == ["orders", "users"], "a deleted template table comes back, empty, with the template")
        #expect(try await t.getItem(table: "orders", key: ["pk": .s("a"), "sk": .n("1")])?["v"] == .s("x"))
        #expect(try await t.getItem(table: "users", key: ["user_id": .s("u1")]) == nil)
        #expect(try await t.streamRecords(table: "orders", after: nil, limit: 10).count == 1)
        #expect(try await t.info("orders").definition == Self.orders)
        store.close()
    }
}
