import IngestCore
import Testing

@Suite("DynamoDB streams: record shape, sequence numbers, retention and positions", .timeLimit(.minutes(1)))
struct TableStreamTests {
    let t0 = DDBFixture.t0
    let region = "us-east-1"

    /// INSERT, MODIFY and REMOVE of one item, with the records they produced.
    func lifecycle(_ view: StreamViewType) throws -> (DynamoTable, [StreamRecord]) {
        var table = DynamoTable(definition: DDBFixture.onboarding(view))
        let at = t0.adding(millis: 999)
        let inserted = try table.put(item: DDBFixture.user("u1"), now: at).record
        let modified = try table.update(key: ["user_id": .s("u1")], update: DDBFixture.update("SET #s = :s", names: ["#s": "status"],
                                                                                             values: [":s": .s("COMPLETED")]), now: at).record
        let removed = try table.delete(key: ["user_id": .s("u1")], now: at).record
        return (table, [try #require(inserted), try #require(modified), try #require(removed)])
    }

    @Test("records match the Lambda shape for each view type", arguments: StreamViewType.allCases)
    func lambdaShape(_ view: StreamViewType) throws {
        let (table, records) = try lifecycle(view)
        let streamArn = table.definition.streamArn
        #expect(streamArn == "arn:aws:dynamodb:us-east-1:123456789012:table/demo_user_onboarding/stream/2024-01-01T00:00:00.000")
        for (record, name) in zip(records, ["INSERT", "MODIFY", "REMOVE"]) {
            let json = record.lambdaRecord(region: region, streamArn: streamArn)
            let top = try #require(json.objectValue)
            #expect(Set(top.keys) == ["eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb", "eventSourceARN"])
            #expect(json["eventName"] == .string(name))
            #expect(json["eventVersion"] == "1.1")
            #expect(json["eventSource"] == "aws:dynamodb")
            #expect(json["awsRegion"] == "us-east-1")
            #expect(json["eventSourceARN"] == .string(streamArn))
            #expect(json["eventID"]?.stringValue?.count == 32)
            let d = try #require(json["dynamodb"]?.objectValue)
            #expect(d["ApproximateCreationDateTime"] == .int(t0.epochSeconds))
            #expect(d["Keys"] == ["user_id": ["S": "u1"]])
            #expect(d["SequenceNumber"] == .string(record.sequenceNumber))
            #expect(d["StreamViewType"] == .string(view.rawValue))
            #expect((d["SizeBytes"]?.intValue ?? 0) > 0)
            let wantsNew = view.includesNewImage && name != "REMOVE"
            let wantsOld = view.includesOldImage && name != "INSERT"
            #expect((d["NewImage"] != nil) == wantsNew, "\(view) \(name) NewImage")
            #expect((d["OldImage"] != nil) == wantsOld, "\(view) \(name) OldImage")
            var expectedKeys: Set<String> = ["ApproximateCreationDateTime", "Keys", "SequenceNumber", "SizeBytes", "StreamViewType"]
            if wantsNew { expectedKeys.insert("NewImage") }
            if wantsOld { expectedKeys.insert("OldImage") }
            #expect(Set(d.keys) == expectedKeys)
        }
    }

    @Test("a MODIFY record with both images is exactly the AWS Lambda record")
    func exactModifyRecord() throws {
        let (table, records) = try lifecycle(.newAndOldImages)
        let r = records[1]
        let expected: JSONValue = [
            "eventID": .string(r.eventID),
            "eventName": "MODIFY",
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1",
            "eventSourceARN": .string(table.definition.streamArn),
            "dynamodb": [
                "ApproximateCreationDateTime": .int(t0.epochSeconds),
                "Keys": ["user_id": ["S": "u1"]],
                "NewImage": ["user_id": ["S": "u1"], "email": ["S": "u1@example.com"], "status": ["S": "COMPLETED"],
                             "created_at": ["S": "2026-01-01T00:00:00.000Z"]],
                "OldImage": ["user_id": ["S": "u1"], "email": ["S": "u1@example.com"], "status": ["S": "INITIATED"],
                             "created_at": ["S": "2026-01-01T00:00:00.000Z"]],
                "SequenceNumber": "000000000000000000002",
                "SizeBytes": .int(r.sizeBytes),
                "StreamViewType": "NEW_AND_OLD_IMAGES",
            ],
        ]
        #expect(r.lambdaRecord(region: "us-east-1", streamArn: table.definition.streamArn) == expected)
        #expect(r.sizeBytes == r.keys.itemSizeBytes + r.newImage!.itemSizeBytes + r.oldImage!.itemSizeBytes)
        // The handler side can read the images back.
        #expect(try Item(dynamoJSON: expected["dynamodb"]!["NewImage"]!)["status"] == .s("COMPLETED"))
    }

    @Test("sequence numbers increase: 21 digits, zero-padded, one counter per table")
    func sequenceNumbers() throws {
        var table = DynamoTable(definition: DDBFixture.onboarding())
        var other = DynamoTable(definition: DDBFixture.composite(.keysOnly))
        var seen: [String] = []
        for i in 0..<12 {
            seen.append(try #require(try table.put(item: DDBFixture.user("u\(i)"), now: t0).record).sequenceNumber)
        }
        #expect(seen.allSatisfy { $0.count == 21 && $0.allSatisfy(\.isNumber) })
        #expect(seen.first == "000000000000000000001")
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Set(try table.stream!.records(after: nil, limit: 100).map(\.eventID)).count == 12)
        #expect(try other.put(item: ["pk": .s("a"), "sk": .n("1")], now: t0).record?.sequenceNumber == "000000000000000000001")
        #expect(table.stream?.latest == "000000000000000000012")
    }

    @Test("records are trimmed after 24 hours")
    func retention() throws {
        var table = DynamoTable(definition: DDBFixture.onboarding())
        _ = try table.put(item: DDBFixture.user("old"), now: t0)
        _ = try table.put(item: DDBFixture.user("new"), now: t0.adding(seconds: 3600))
        let checkpointBeforeAll: String? = "000000000000000000000"

        #expect(table.trimStream(now: t0.adding(seconds: 86_399)) == 0)
        #expect(table.stream?.count == 2)
        #expect(table.trimStream(now: t0.adding(seconds: 86_400)) == 1)
        #expect(table.stream?.count == 1)
        #expect(table.stream?.oldestSequence == "000000000000000000002")

        // A consumer whose position is before the trimmed record has lost data.
        let trimmed = ddbError { try table.stream!.records(after: checkpointBeforeAll, limit: 10) }
        #expect(trimmed?.code == "TrimmedDataAccessException")
        // The trim horizon and the last trimmed position still read.
        #expect(try table.stream!.records(after: nil, limit: 10).map(\.sequenceNumber) == ["000000000000000000002"])
        #expect(try table.stream!.records(after: "000000000000000000001", limit: 10).count == 1)
        #expect(ddbError { try table.stream!.position(atSequence: "000000000000000000001") }?.code == "TrimmedDataAccessException")

        // Writes trim as they append.
        _ = try table.put(item: DDBFixture.user("later"), now: t0.adding(seconds: 3600 + 86_400))
        #expect(try table.stream!.records(after: nil, limit: 10).map { $0.keys["user_id"] } == [.s("later")])
    }

    @Test("positions: trim horizon, latest, at and after a sequence number, at a timestamp")
    func positions() throws {
        var table = DynamoTable(definition: DDBFixture.onboarding())
        #expect(table.stream?.latest == nil)
        for i in 0..<5 { _ = try table.put(item: DDBFixture.user("u\(i)"), now: t0.adding(seconds: 10 * i)) }
        let s = try #require(table.stream)
        func ids(_ position: String?) throws -> [String] {
            try s.records(after: position, limit: 100).compactMap { $0.keys["user_id"]?.stringValue }
        }
        #expect(try ids(s.trimHorizon) == ["u0", "u1", "u2", "u3", "u4"])
        #expect(try ids(s.latest).isEmpty)
        #expect(try ids(s.position(atSequence: "000000000000000000003")) == ["u2", "u3", "u4"])
        #expect(try ids(s.position(afterSequence: "000000000000000000003")) == ["u3", "u4"])
        #expect(try ids(s.position(.atSequenceNumber, sequenceNumber: "000000000000000000001")) == ["u0", "u1", "u2", "u3", "u4"])
        #expect(try ids(s.position(atTimestamp: t0.adding(seconds: 15))) == ["u2", "u3", "u4"])
        #expect(try ids(s.position(atTimestamp: t0.adding(seconds: 20))) == ["u2", "u3", "u4"])
        #expect(try ids(s.position(atTimestamp: t0.adding(seconds: 999))).isEmpty)
        #expect(s.record(atOrAfter: t0.adding(seconds: 31))?.keys["user_id"] == .s("u4"))
        #expect(try s.records(after: nil, limit: 2).count == 2)
        #expect(s.count(after: "000000000000000000003") == 2)
        #expect(s.count(after: nil) == 5)
        #expect(ddbError { try s.position(atSequence: "000000000000000000099") }?.code == "ValidationException")
        #expect(ddbError { try s.records(after: "not-a-number", limit: 1) }?.code == "ValidationException")
    }

    @Test("a table without a stream writes no records; KEYS_ONLY records carry only keys")
    func viewTypes() throws {
        var plain = DynamoTable(definition: DDBFixture.onboarding(nil))
        #expect(try plain.put(item: DDBFixture.user("u1"), now: t0).record == nil)
        #expect(plain.stream == nil)

        var keys = DynamoTable(definition: DDBFixture.composite(.keysOnly))
        let r = try #require(try keys.put(item: ["pk": .s("a"), "sk": .n("5"), "v": .s("x")], now: t0).record)
        #expect(r.keys == ["pk": .s("a"), "sk": .n("5")])
        #expect(r.newImage == nil && r.oldImage == nil)
    }
}
