import Foundation
import IngestCore
import Testing

@Suite("Table items in DynamoDB JSON and plain JSON, and item sizes")
struct TableItemJSONTests {
    let every: Item = [
        "s": .s("héllo"), "n": .n("-12.5"), "b": .b([0, 1, 2, 255]), "t": .bool(true), "null": .null,
        "l": .l([.s("a"), .n("1")]), "m": .m(["inner": .s("x")]),
        "ss": .ss(["a", "b"]), "ns": .ns(["1", "2"]), "bs": .bs([[1], [2, 3]]),
    ]

    @Test("every type round-trips through DynamoDB JSON")
    func roundTrip() throws {
        let json = every.dynamoJSON
        #expect(json["s"] == ["S": "héllo"])
        #expect(json["n"] == ["N": "-12.5"])
        #expect(json["b"] == ["B": "AAEC/w=="])
        #expect(json["t"] == ["BOOL": true])
        #expect(json["null"] == ["NULL": true])
        #expect(json["l"] == ["L": [["S": "a"], ["N": "1"]]])
        #expect(json["m"] == ["M": ["inner": ["S": "x"]]])
        #expect(json["ss"] == ["SS": ["a", "b"]])
        #expect(json["ns"] == ["NS": ["1", "2"]])
        #expect(json["bs"] == ["BS": ["AQ==", "AgM="]])
        #expect(try Item(dynamoJSON: json) == every)
        #expect(try Item(dynamoJSON: JSONValue.parse(json.serialized())) == every)
    }

    @Test("Codable reads and writes DynamoDB JSON")
    func codable() throws {
        let data = try JSONEncoder().encode(every)
        #expect(try JSONDecoder().decode(Item.self, from: data) == every)
        let decoded = try JSONDecoder().decode(AttributeValue.self, from: Data(#"{"M":{"k":{"NS":["3"]}}}"#.utf8))
        #expect(decoded == .m(["k": .ns(["3"])]))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AttributeValue.self, from: Data(#"{"X":"1"}"#.utf8)) }
    }

    @Test("plain JSON converts both ways")
    func plain() throws {
        let plain: JSONValue = ["user_id": "abc", "n": .number("3.5"), "ok": true, "none": nil, "tags": ["a", 1], "m": ["k": "v"]]
        let item = try Item(plainJSON: plain)
        #expect(item == ["user_id": .s("abc"), "n": .n("3.5"), "ok": .bool(true), "none": .null, "tags": .l([.s("a"), .n("1")]),
                         "m": .m(["k": .s("v")])])
        #expect(item.plainJSON == plain)
        #expect(AttributeValue.fromPlain("x") == .s("x"))
        #expect(AttributeValue.ss(["a"]).plainJSON == ["a"])
        #expect(AttributeValue.ns(["1"]).plainJSON == [.number("1")])
        #expect(AttributeValue.b([1]).plainJSON == "AQ==")
    }

    @Test("malformed DynamoDB JSON is a ValidationException")
    func malformed() {
        #expect(ddbError { try AttributeValue(json: "abc") }?.code == "ValidationException")
        #expect(ddbError { try AttributeValue(json: [:]) }?.message.contains("exactly one") == true)
        #expect(ddbError { try AttributeValue(json: ["S": "a", "N": "1"]) }?.message.contains("exactly one") == true)
        #expect(ddbError { try AttributeValue(json: ["S": 1]) } != nil)
        #expect(ddbError { try AttributeValue(json: ["NULL": false]) }?.message.contains("Null attribute value types must have the value of true") == true)
        #expect(ddbError { try AttributeValue(json: ["B": "***"]) }?.message.contains("base64") == true)
        #expect(ddbError { try AttributeValue(json: ["Q": "x"]) }?.message.contains("Unknown attribute value type Q") == true)
        #expect(ddbError { try Item(dynamoJSON: ["a": ["L": [["S": 3]]]]) }?.message.hasPrefix("a: ") == true)
    }

    @Test("item size counts attribute names and values the way DynamoDB does")
    func sizes() {
        #expect(AttributeValue.s("héllo").sizeBytes == 6)
        #expect(AttributeValue.n("12345").sizeBytes == 4)
        #expect(AttributeValue.n("-0.001").sizeBytes == 2)
        #expect(AttributeValue.b([1, 2, 3]).sizeBytes == 3)
        #expect(AttributeValue.bool(false).sizeBytes == 1)
        #expect(AttributeValue.null.sizeBytes == 1)
        #expect(AttributeValue.l([.s("ab"), .null]).sizeBytes == 3 + (1 + 2) + (1 + 1))
        #expect(AttributeValue.m(["k": .s("ab")]).sizeBytes == 3 + 1 + 1 + 2)
        #expect(AttributeValue.ss(["ab", "c"]).sizeBytes == 3)
        let item: Item = ["user_id": .s("abc"), "ok": .bool(true)]
        #expect(item.itemSizeBytes == 7 + 3 + 2 + 1)
    }
}
