import IngestCore
import IngestTestSupport
import Testing

@Suite("Table queries: key conditions, filters, projections, ReturnValues and batches", .timeLimit(.minutes(1)))
struct TableQueryTests {
    let clock = ManualClock(start: DDBFixture.t0)

    func service() async throws -> TableService {
        let s = TableService(definitions: [DDBFixture.composite(.newAndOldImages)], clock: clock)
        for pk in ["a", "b"] {
            for sk in 1...5 {
                try await s.putItem(table: "events", item: ["pk": .s(pk), "sk": .n(String(sk)), "kind": .s(sk % 2 == 0 ? "even" : "odd"),
                                                            "doc": .m(["x": .n(String(sk)), "y": .s("y")])], condition: nil)
            }
        }
        return s
    }

    func keys(_ page: TablePage) -> [String] { page.items.compactMap { if case .n(let n)? = $0["sk"] { return n } else { return nil } } }

    @Test("sort-key conditions =, <, <=, >, >=, BETWEEN and begins_with narrow the partition before Limit counts")
    func sortKeyConditions() async throws {
        let s = try await service()
        func q(_ text: String, _ values: [String: AttributeValue], limit: Int? = nil, ascending: Bool = true) async throws -> [String] {
            keys(try await s.query(table: "events", keyCondition: ConditionSpec(text, values: values.merging([":p": .s("a")]) { $1 }),
                                   options: ItemReadOptions(limit: limit), ascending: ascending))
        }
        #expect(try await q("pk = :p", [:]) == ["1", "2", "3", "4", "5"])
        #expect(try await q("pk = :p AND sk = :v", [":v": .n("3")]) == ["3"])
        #expect(try await q("pk = :p AND sk < :v", [":v": .n("3")]) == ["1", "2"])
        #expect(try await q("pk = :p AND sk <= :v", [":v": .n("3")]) == ["1", "2", "3"])
        #expect(try await q("pk = :p AND sk > :v", [":v": .n("3")]) == ["4", "5"])
        #expect(try await q("sk >= :v AND pk = :p", [":v": .n("3")]) == ["3", "4", "5"])
        #expect(try await q("pk = :p AND sk BETWEEN :lo AND :hi", [":lo": .n("2"), ":hi": .n("4")]) == ["2", "3", "4"])
        #expect(try await q("pk = :p AND sk > :v", [":v": .n("1")], limit: 2, ascending: false) == ["5", "4"])
        let bad = await ddbError { try await s.query(table: "events", keyCondition: ConditionSpec("pk = :p OR sk = :v", values: [":p": .s("a"), ":v": .n("1")])) }
        #expect(bad?.code == "ValidationException")
        let missing = await ddbError { try await s.query(table: "events", keyCondition: ConditionSpec("sk = :v", values: [":v": .n("1")])) }
        #expect(missing?.message == "Query condition missed key schema element: pk")
        let typed = await ddbError { try await s.query(table: "events", keyCondition: ConditionSpec("pk = :v", values: [":v": .n("1")])) }
        #expect(typed?.message.contains("Condition parameter type does not match schema type") == true)
        let syntax = await ddbError { try await s.query(table: "events", keyCondition: ConditionSpec("pk = = :p", values: [":p": .s("a")])) }
        #expect(syntax?.message.hasPrefix("Invalid KeyConditionExpression: Syntax error") == true)
    }

    @Test("begins_with on a string sort key; the filter runs after Limit; pages resume at LastEvaluatedKey")
    func filterAndPages() async throws {
        let s = TableService(definitions: [TableDefinition(name: "docs", hashKey: KeyAttribute(name: "pk", type: .s),
                                                           rangeKey: KeyAttribute(name: "sk", type: .s), context: DDBFixture.context)], clock: clock)
        for sk in ["a#1", "a#2", "b#1", "a"] { try await s.putItem(table: "docs", item: ["pk": .s("p"), "sk": .s(sk)], condition: nil) }
        let prefix = try await s.query(table: "docs", keyCondition: ConditionSpec("pk = :p AND begins_with(sk, :pre)", values: [":p": .s("p"), ":pre": .s("a#")]))
        #expect(prefix.items.map { $0["sk"] } == [.s("a#1"), .s("a#2")])

        let e = try await service()
        let filter = ConditionSpec("kind = :k", values: [":k": .s("even")])
        let first = try await e.query(table: "events", keyCondition: ConditionSpec("pk = :p", values: [":p": .s("a")]),
                                      options: ItemReadOptions(filter: filter, limit: 3))
        #expect(first.count == 1 && first.scannedCount == 3)
        #expect(first.lastEvaluatedKey == ["pk": .s("a"), "sk": .n("3")])
        let second = try await e.query(table: "events", keyCondition: ConditionSpec("pk = :p", values: [":p": .s("a")]),
                                       options: ItemReadOptions(filter: filter, limit: 3, exclusiveStartKey: first.lastEvaluatedKey))
        #expect(keys(second) == ["4"] && second.scannedCount == 2 && second.lastEvaluatedKey == nil)
        let scan = try await e.scan(table: "events", options: ItemReadOptions(filter: ConditionSpec("doc.x > :n", values: [":n": .n("3")])))
        #expect(scan.count == 4 && scan.scannedCount == 10)
        let badFilter = await ddbError { try await e.scan(table: "events", options: ItemReadOptions(filter: ConditionSpec("kind = "))) }
        #expect(badFilter?.message.hasPrefix("Invalid FilterExpression") == true)
    }

    @Test("projections pick top-level and nested paths; overlapping paths are refused")
    func projections() throws {
        let item: Item = ["a": .s("1"), "m": .m(["x": .n("1"), "y": .n("2")]), "l": .l([.s("p"), .s("q"), .s("r")])]
        #expect(try ProjectionExpression("a, m.y").apply(to: item) == ["a": .s("1"), "m": .m(["y": .n("2")])])
        #expect(try ProjectionExpression("#l[2], gone_attr", names: ["#l": "l"]).apply(to: item) == ["l": .l([.s("r")])])
        #expect(ddbError { try ProjectionExpression("m, m.x") }?.message.contains("Two document paths overlap") == true)
        #expect(ddbError { try ProjectionExpression("#nope") }?.message.contains("not defined") == true)
    }

    @Test("ReturnValues: ALL_OLD, ALL_NEW, UPDATED_OLD, UPDATED_NEW and NONE; invalid values are refused")
    func returnValues() throws {
        let result = WriteResult(old: ["k": .s("1"), "a": .n("1"), "b": .s("x")], new: ["k": .s("1"), "a": .n("2"), "b": .s("x")], record: nil)
        let paths = [AttributePath("a")]
        #expect(ReturnValues.allOld.attributes(of: result) == result.old)
        #expect(ReturnValues.allNew.attributes(of: result) == result.new)
        #expect(ReturnValues.updatedOld.attributes(of: result, updated: paths) == ["a": .n("1")])
        #expect(ReturnValues.updatedNew.attributes(of: result, updated: paths) == ["a": .n("2")])
        #expect(ReturnValues.none.attributes(of: result) == nil)
        #expect(ddbError { try ReturnValues("ALL_NEW", allowed: ReturnValues.forPutAndDelete) }?.code == "ValidationException")
        #expect(ddbError { try ReturnValues("SOME") }?.code == "ValidationException")
    }

    @Test("batches: duplicate keys and more than 25 writes are refused whole; gets return what exists")
    func batches() async throws {
        let s = try await service()
        let dup = await ddbError {
            try await s.batchWrite([("events", .put(["pk": .s("c"), "sk": .n("1")])), ("events", .delete(key: ["pk": .s("c"), "sk": .n("1.0")]))])
        }
        #expect(dup?.message == "Provided list of item keys contains duplicates")
        let bad = await ddbError {
            try await s.batchWrite([("events", .put(["pk": .s("c"), "sk": .n("1")])), ("events", .put(["pk": .s("c"), "sk": .s("x")]))])
        }
        #expect(bad?.code == "ValidationException")
        #expect(try await s.getItem(table: "events", key: ["pk": .s("c"), "sk": .n("1")]) == nil, "nothing of a refused batch is applied")
        let many = (1...26).map { (table: "events", BatchWriteRequest.put(["pk": .s("d"), "sk": .n(String($0))])) }
        #expect(await ddbError { try await s.batchWrite(many) }?.message == "Too many items requested for the BatchWriteItem call")
        try await s.batchWrite([("events", .put(["pk": .s("c"), "sk": .n("1")])), ("events", .delete(key: ["pk": .s("a"), "sk": .n("1")]))])
        let got = try await s.batchGet(["events": BatchGetRequest(keys: [["pk": .s("c"), "sk": .n("1")], ["pk": .s("a"), "sk": .n("1")]],
                                                                  projection: ConditionSpec("pk"))])
        #expect(got["events"] == [["pk": .s("c")]])
        let gdup = await ddbError { try await s.batchGet(["events": BatchGetRequest(keys: [["pk": .s("c"), "sk": .n("1")], ["pk": .s("c"), "sk": .n("1")]])]) }
        #expect(gdup?.message == "Provided list of item keys contains duplicates")
    }

    @Test("createTable and deleteTable at run time: a name in use is ResourceInUseException; a deleted table is gone")
    func tableLifecycle() async throws {
        let s = try await service()
        let def = TableDefinition(name: "made", hashKey: KeyAttribute(name: "id", type: .s), streamViewType: .keysOnly, context: DDBFixture.context)
        let info = try await s.createTable(def)
        #expect(info.fromTemplate == false && info.summary.streamArn == def.streamArn)
        #expect(await ddbError { try await s.createTable(def) }?.code == "ResourceInUseException")
        let extra = TableDefinition(name: "extra", hashKey: KeyAttribute(name: "id", type: .s),
                                    attributeDefinitions: [KeyAttribute(name: "id", type: .s), KeyAttribute(name: "other", type: .n)], context: DDBFixture.context)
        #expect(await ddbError { try await s.createTable(extra) }?.code == "ValidationException")
        #expect(await s.tableNames() == ["events", "made"])
        try await s.putItem(table: "made", item: ["id": .s("1")], condition: nil)
        #expect(await s.streamTables().map(\.definition.name) == ["events", "made"])
        try await s.deleteTable("made")
        #expect(await ddbError { try await s.getItem(table: "made", key: ["id": .s("1")]) }?.code == "ResourceNotFoundException")
        #expect(await s.tableNames() == ["events"])
        #expect(try await s.streamRecords(table: "made", after: nil, limit: 10).isEmpty, "a deleted table's mappings wait instead of failing")
    }
}
