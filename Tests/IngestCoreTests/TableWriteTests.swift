import IngestCore
import Testing

/// Tables and items shared by the DynamoDB tests.
enum DDBFixture {
    static let context = AWSContext(region: "us-east-1", accountId: "123456789012")
    /// 2026-01-01T00:00:00Z.
    static let t0 = Timestamp(millis: 1_767_225_600_000)

    /// The seed's onboarding table, keyed by user_id, with a stream.
    static func onboarding(_ view: StreamViewType? = .newAndOldImages) -> TableDefinition {
        TableDefinition(logicalId: "UserOnboardingTable", name: "demo_user_onboarding", hashKey: KeyAttribute(name: "user_id", type: .s),
                        streamViewType: view, billingMode: .provisioned, readCapacity: 1, writeCapacity: 1, context: context)
    }

    /// A table with a string partition key `pk` and a numeric sort key `sk`.
    static func composite(_ view: StreamViewType? = nil) -> TableDefinition {
        TableDefinition(name: "events", hashKey: KeyAttribute(name: "pk", type: .s), rangeKey: KeyAttribute(name: "sk", type: .n),
                        streamViewType: view, context: context)
    }

    static func user(_ id: String, status: String = "INITIATED", created: String = "2026-01-01T00:00:00.000Z") -> Item {
        ["user_id": .s(id), "email": .s("\(id)@example.com"), "status": .s(status), "created_at": .s(created)]
    }

    static let insertOnce = ConditionSpec("attribute_not_exists(user_id)")

    static func condition(_ text: String, names: [String: String] = [:], values: [String: AttributeValue] = [:]) -> ConditionExpression {
        try! ConditionExpression(text, names: names, values: values)
    }

    static func update(_ text: String, names: [String: String] = [:], values: [String: AttributeValue] = [:]) -> UpdateExpression {
        try! UpdateExpression(text, names: names, values: values)
    }
}

/// The DynamoError a body throws, or `nil` when it throws nothing (or something else).
func ddbError<T>(_ body: () throws -> T) -> DynamoError? {
    do {
        _ = try body()
        return nil
    } catch let e as DynamoError {
        return e
    } catch {
        return nil
    }
}

func ddbError<T>(_ body: () async throws -> T) async -> DynamoError? {
    do {
        _ = try await body()
        return nil
    } catch let e as DynamoError {
        return e
    } catch {
        return nil
    }
}

@Suite("DynamoDB table: conditional writes, stream records of writes, keys and paging")
struct TableWriteTests {
    let t0 = DDBFixture.t0

    @Test("a failed conditional write is ConditionalCheckFailedException, writes nothing and emits no stream record")
    func failedCondition() throws {
        var table = DynamoTable(definition: DDBFixture.onboarding())
        let original = DDBFixture.user("u1")
        _ = try table.put(item: original, now: t0)
        let notThere = DDBFixture.condition("attribute_not_exists(user_id)")

        let putError = ddbError { try table.put(item: DDBFixture.user("u1", status: "COMPLETED"), condition: notThere, now: t0.adding(seconds: 1)) }
        #expect(putError?.code == "ConditionalCheckFailedException")
        #expect(putError?.message == "The conditional request failed")
        #expect(putError?.httpStatus == 400)
        #expect(putError?.awsType == "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")
        #expect(putError?.item == original)

        let statusIs = DDBFixture.condition("#s = :s", names: ["#s": "status"], values: [":s": .s("COMPLETED")])
        let updateError = ddbError {
            try table.update(key: ["user_id": .s("u1")], update: DDBFixture.update("SET email = :e", values: [":e": .s("x@y.z")]),
                             condition: statusIs, now: t0.adding(seconds: 2))
        }
        #expect(updateError?.code == "ConditionalCheckFailedException")
        let deleteError = ddbError { try table.delete(key: ["user_id": .s("u1")], condition: statusIs, now: t0.adding(seconds: 3)) }
        #expect(deleteError?.code == "ConditionalCheckFailedException")

        #expect(try table.get(key: ["user_id": .s("u1")]) == original)
        #expect(table.count == 1)
        #expect(table.stream?.count == 1)
        #expect(try table.stream?.records(after: nil, limit: 10).map(\.eventName) == [.insert])
        #expect(table.conditionalCheckFailureCount == 3)
        #expect(table.writeCount == 1)
    }

    @Test("a no-op write emits no stream record")
    func noOpWrites() throws {
        var table = DynamoTable(definition: DDBFixture.onboarding())
        var item = DDBFixture.user("u1")
        item["n"] = .n("1")
        item["tags"] = .ss(["b", "a"])
        #expect(try table.put(item: item, now: t0).record?.eventName == .insert)

        // The same item again, with the number written differently and the set in another order.
        var same = item
        same["n"] = .n("1.0")
        same["tags"] = .ss(["a", "b"])
        let again = try table.put(item: same, now: t0.adding(seconds: 1))
        #expect(again.record == nil)
        #expect(!again.changed)

        let setSame = try table.update(key: ["user_id": .s("u1")], update: DDBFixture.update("SET #s = :s", names: ["#s": "status"],
                                                                                             values: [":s": .s("INITIATED")]), now: t0)
        #expect(setSame.record == nil)
        let removeMissing = try table.update(key: ["user_id": .s("u1")], update: DDBFixture.update("REMOVE nothing_here"), now: t0)
        #expect(removeMissing.record == nil)
        let deleteMissing = try table.delete(key: ["user_id": .s("nobody")], now: t0)
        #expect(deleteMissing.record == nil && deleteMissing.old == nil)

        #expect(table.stream?.count == 1)
        #expect(table.writeCount == 5)
    }

    @Test("attribute_not_exists makes an idempotent insert")
    func idempotentInsert() throws {
        var table = DynamoTable(definition: DDBFixture.onboarding())
        let once = DDBFixture.condition("attribute_not_exists(user_id)")
        let first = try table.put(item: DDBFixture.user("u1", created: "2026-01-01T00:00:00.000Z"), condition: once, now: t0)
        #expect(first.old == nil)
        #expect(first.record?.eventName == .insert)
        // A redelivery an hour later must not reset created_at or the status.
        let redelivery = DDBFixture.user("u1", created: "2026-01-01T01:00:00.000Z")
        #expect(ddbError { try table.put(item: redelivery, condition: once, now: t0.adding(seconds: 3600)) }?.code == "ConditionalCheckFailedException")
        #expect(try table.get(key: ["user_id": .s("u1")])?["created_at"] == .s("2026-01-01T00:00:00.000Z"))
        #expect(table.stream?.count == 1)
        // Another user is inserted normally.
        #expect(try table.put(item: DDBFixture.user("u2"), condition: once, now: t0).record?.eventName == .insert)
    }

    @Test("put needs every key attribute, of its declared type, not empty")
    func putKeyValidation() {
        var table = DynamoTable(definition: DDBFixture.onboarding())
        let missing = ddbError { try table.put(item: ["email": .s("a@b.c")], now: t0) }
        #expect(missing?.code == "ValidationException")
        #expect(missing?.message == "One or more parameter values were invalid: Missing the key user_id in the item")
        let wrongType = ddbError { try table.put(item: ["user_id": .n("7")], now: t0) }
        #expect(wrongType?.message == "One or more parameter values were invalid: Type mismatch for key user_id expected: S actual: N")
        let empty = ddbError { try table.put(item: ["user_id": .s("")], now: t0) }
        #expect(empty?.message.contains("cannot contain an empty string value. Key: user_id") == true)
        let long = ddbError { try table.put(item: ["user_id": .s(String(repeating: "x", count: 2049))], now: t0) }
        #expect(long?.message.contains("2048 bytes") == true)

        var events = DynamoTable(definition: DDBFixture.composite())
        let noSort = ddbError { try events.put(item: ["pk": .s("a")], now: t0) }
        #expect(noSort?.message == "One or more parameter values were invalid: Missing the key sk in the item")
        #expect(table.count == 0 && events.count == 0)
    }

    @Test("get, update and delete take exactly the key attributes")
    func keyShape() throws {
        var table = DynamoTable(definition: DDBFixture.composite())
        _ = try table.put(item: ["pk": .s("a"), "sk": .n("1"), "v": .s("x")], now: t0)
        let mismatch = "The provided key element does not match the schema"
        #expect(ddbError { try table.get(key: ["pk": .s("a")]) }?.message == mismatch)
        #expect(ddbError { try table.get(key: ["pk": .s("a"), "sk": .s("1")]) }?.message == mismatch)
        #expect(ddbError { try table.get(key: ["pk": .s("a"), "sk": .n("1"), "v": .s("x")]) }?.message == mismatch)
        #expect(ddbError { try table.delete(key: ["pk": .s("a")], now: t0) }?.message == mismatch)
        #expect(ddbError { try table.update(key: ["sk": .n("1")], update: DDBFixture.update("SET v = :v", values: [":v": .s("y")]), now: t0) }?
            .message == mismatch)
        // Numbers in keys match by value.
        #expect(try table.get(key: ["pk": .s("a"), "sk": .n("1.00")])?["v"] == .s("x"))
    }

    @Test("a key attribute cannot be updated")
    func keyAttributeUpdate() throws {
        var table = DynamoTable(definition: DDBFixture.onboarding())
        _ = try table.put(item: DDBFixture.user("u1"), now: t0)
        let message = "One or more parameter values were invalid: Cannot update attribute user_id. This attribute is part of the key"
        let direct = ddbError {
            try table.update(key: ["user_id": .s("u1")], update: DDBFixture.update("SET user_id = :v", values: [":v": .s("u2")]), now: t0)
        }
        #expect(direct?.code == "ValidationException")
        #expect(direct?.message == message)
        let aliased = ddbError {
            try table.update(key: ["user_id": .s("u1")], update: DDBFixture.update("REMOVE #k", names: ["#k": "user_id"]), now: t0)
        }
        #expect(aliased?.message == message)
        #expect(try table.get(key: ["user_id": .s("u1")]) == DDBFixture.user("u1"))
    }

    @Test("update creates a missing item from its key, and writes INSERT, MODIFY and REMOVE in order")
    func updateUpsertAndOrder() throws {
        var table = DynamoTable(definition: DDBFixture.onboarding())
        let created = try table.update(key: ["user_id": .s("u9")], update: DDBFixture.update("SET #s = :s", names: ["#s": "status"],
                                                                                            values: [":s": .s("INITIATED")]), now: t0)
        #expect(created.old == nil)
        #expect(created.new == ["user_id": .s("u9"), "status": .s("INITIATED")])
        let modified = try table.update(key: ["user_id": .s("u9")], update: DDBFixture.update("SET #s = :s", names: ["#s": "status"],
                                                                                             values: [":s": .s("COMPLETED")]), now: t0)
        #expect(modified.record?.oldImage?["status"] == .s("INITIATED"))
        #expect(modified.record?.newImage?["status"] == .s("COMPLETED"))
        let removed = try table.delete(key: ["user_id": .s("u9")], now: t0)
        #expect(removed.old?["status"] == .s("COMPLETED"))
        #expect(try table.stream?.records(after: nil, limit: 10).map(\.eventName) == [.insert, .modify, .remove])
        #expect(table.count == 0)
        // An update that only removes does not create a missing item.
        let removeOnly = try table.update(key: ["user_id": .s("u9")], update: DDBFixture.update("REMOVE email"), now: t0)
        #expect(removeOnly.new == nil && removeOnly.record == nil)
        #expect(try table.get(key: ["user_id": .s("u9")]) == nil)
    }

    @Test("items are stored in canonical form: numbers normalised, sets sorted")
    func canonicalForm() throws {
        var table = DynamoTable(definition: DDBFixture.onboarding())
        _ = try table.put(item: ["user_id": .s("u1"), "price": .n("10.50"), "big": .n("1E3"), "ns": .ns(["10", "9", "1.5"]),
                                 "ss": .ss(["b", "a"]), "nested": .m(["n": .n("-0.0")])], now: t0)
        let item = try #require(try table.get(key: ["user_id": .s("u1")]))
        #expect(item["price"] == .n("10.5"))
        #expect(item["big"] == .n("1000"))
        #expect(item["ns"] == .ns(["1.5", "9", "10"]))
        #expect(item["ss"] == .ss(["a", "b"]))
        #expect(item["nested"] == .m(["n": .n("0")]))
    }

    @Test("invalid attribute values and oversized items are rejected")
    func invalidValues() {
        var table = DynamoTable(definition: DDBFixture.onboarding())
        func message(_ extra: Item) -> String? {
            var item: Item = ["user_id": .s("u1")]
            item.merge(extra) { _, b in b }
            return ddbError { try table.put(item: item, now: t0) }?.message
        }
        #expect(message(["s": .ss([])]) == "One or more parameter values were invalid: An string set  may not be empty")
        #expect(message(["s": .ss(["a", "a"])])?.contains("contains duplicates") == true)
        #expect(message(["s": .ns(["1", "1.0"])])?.contains("contains duplicates") == true)
        #expect(message(["n": .n("abc")]) == "A value provided cannot be converted into a number")
        #expect(message(["n": .n("1" + String(repeating: "2", count: 38))]) == "Attempting to store more than 38 significant digits in a Number")
        #expect(message(["n": .n("1E126")])?.hasPrefix("Number overflow") == true)
        #expect(message(["big": .s(String(repeating: "x", count: 409_600))]) == "Item size has exceeded the maximum allowed size")
        #expect(table.count == 0)
    }

    @Test("query returns one partition in sort-key order, a page at a time")
    func queryPaging() throws {
        var table = DynamoTable(definition: DDBFixture.composite())
        for sk in ["10", "2", "9", "1.5", "-3"] {
            _ = try table.put(item: ["pk": .s("a"), "sk": .n(sk)], now: t0)
        }
        _ = try table.put(item: ["pk": .s("b"), "sk": .n("1")], now: t0)
        _ = try table.put(item: ["pk": .s("0"), "sk": .n("1")], now: t0)

        let all = try table.query(hashKey: .s("a"))
        #expect(all.items.map { $0["sk"] } == ["-3", "1.5", "2", "9", "10"].map { .n($0) })
        #expect(all.lastEvaluatedKey == nil)

        var seen: [AttributeValue?] = []
        var start: Item?
        var pages = 0
        repeat {
            let page = try table.query(hashKey: .s("a"), limit: 2, exclusiveStartKey: start)
            seen += page.items.map { $0["sk"] }
            start = page.lastEvaluatedKey
            pages += 1
        } while start != nil
        #expect(pages == 3)
        #expect(seen == all.items.map { $0["sk"] })

        let backwards = try table.query(hashKey: .s("a"), limit: 2, ascending: false)
        #expect(backwards.items.map { $0["sk"] } == [.n("10"), .n("9")])
        #expect(backwards.lastEvaluatedKey == ["pk": .s("a"), "sk": .n("9")])
        let next = try table.query(hashKey: .s("a"), limit: 2, exclusiveStartKey: backwards.lastEvaluatedKey, ascending: false)
        #expect(next.items.map { $0["sk"] } == [.n("2"), .n("1.5")])
        #expect(try table.query(hashKey: .s("zzz")).items.isEmpty)
        #expect(ddbError { try table.query(hashKey: .n("1")) }?.code == "ValidationException")
    }

    @Test("scan pages through every item with a cursor; limit below 1 is a ValidationException")
    func scanPaging() throws {
        var table = DynamoTable(definition: DDBFixture.onboarding(nil))
        for i in 0..<5 { _ = try table.put(item: DDBFixture.user("u\(i)"), now: t0) }
        var ids: [String] = []
        var start: Item?
        var pages = 0
        repeat {
            let page = try table.scan(limit: 2, exclusiveStartKey: start)
            #expect(page.count == page.items.count)
            ids += page.items.compactMap { $0["user_id"]?.stringValue }
            start = page.lastEvaluatedKey
            pages += 1
        } while start != nil
        #expect(pages == 3)
        #expect(ids == ["u0", "u1", "u2", "u3", "u4"])
        #expect(try table.scan().items.count == 5)
        #expect(ddbError { try table.scan(limit: 0) }?.message.contains("greater than or equal to 1") == true)
    }

    @Test("item sizes are tracked for the table")
    func tableSize() throws {
        var table = DynamoTable(definition: DDBFixture.onboarding(nil))
        let item: Item = ["user_id": .s("abc"), "n": .n("12345")]
        _ = try table.put(item: item, now: t0)
        // "user_id"(7) + "abc"(3) + "n"(1) + 5 significant digits → 3 + 1 = 4.
        #expect(table.sizeBytes == 15)
        _ = try table.delete(key: ["user_id": .s("abc")], now: t0)
        #expect(table.sizeBytes == 0)
    }
}
