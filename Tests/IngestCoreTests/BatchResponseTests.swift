import Foundation
import IngestCore
import Testing

@Suite("ReportBatchItemFailures: reading a function's response")
struct BatchResponseTests {
    let batch: Set<String> = ["m1", "m2", "m3"]

    func interpret(_ text: String) throws -> BatchResponse {
        BatchResponse.interpret(try JSONValue.parse(text), batchIds: batch)
    }

    func isWholeBatchFailure(_ r: BatchResponse) -> Bool {
        if case .wholeBatchFailure = r { return true }
        return false
    }

    // MARK: complete success

    @Test("no response is complete success")
    func noResponse() { #expect(BatchResponse.interpret(nil, batchIds: batch) == .success) }

    @Test("a null response is complete success")
    func nullResponse() throws { #expect(try interpret("null") == .success) }

    @Test("an empty response is complete success")
    func emptyResponse() throws {
        #expect(BatchResponse.interpret(.string(""), batchIds: batch) == .success)
        #expect(try interpret("{}") == .success)
    }

    @Test("an empty batchItemFailures list is complete success")
    func emptyList() throws { #expect(try interpret(#"{"batchItemFailures":[]}"#) == .success) }

    @Test("a null batchItemFailures is complete success")
    func nullList() throws { #expect(try interpret(#"{"batchItemFailures":null}"#) == .success) }

    @Test("a response without batchItemFailures (the seed's statusCode object) is complete success")
    func unrelatedObject() throws { #expect(try interpret(#"{"statusCode":500,"body":"Error"}"#) == .success) }

    // MARK: partial

    @Test("listed messageIds are the only failures")
    func partial() throws {
        #expect(try interpret(#"{"batchItemFailures":[{"itemIdentifier":"m2"}]}"#) == .partial(["m2"]))
        #expect(try interpret(#"{"batchItemFailures":[{"itemIdentifier":"m1"},{"itemIdentifier":"m3"},{"itemIdentifier":"m1"}]}"#) == .partial(["m1", "m3"]))
    }

    @Test("extra keys beside itemIdentifier are ignored")
    func extraKeys() throws {
        #expect(try interpret(#"{"batchItemFailures":[{"itemIdentifier":"m2","reason":"bad"}],"note":1}"#) == .partial(["m2"]))
    }

    @Test("every message listed is a partial failure of all of them")
    func allListed() throws {
        #expect(try interpret(#"{"batchItemFailures":[{"itemIdentifier":"m1"},{"itemIdentifier":"m2"},{"itemIdentifier":"m3"}]}"#) == .partial(batch))
    }

    @Test("stream sequence numbers work as identifiers")
    func sequenceNumbers() {
        let result = JSONValue.object(["batchItemFailures": [["itemIdentifier": "000000000000000000002"]]])
        #expect(BatchResponse.interpret(result, batchIds: ["000000000000000000001", "000000000000000000002"]) == .partial(["000000000000000000002"]))
    }

    // MARK: complete failure

    @Test("an itemIdentifier that is an empty string fails the whole batch")
    func emptyIdentifier() throws { #expect(isWholeBatchFailure(try interpret(#"{"batchItemFailures":[{"itemIdentifier":""}]}"#))) }

    @Test("a null itemIdentifier fails the whole batch")
    func nullIdentifier() throws { #expect(isWholeBatchFailure(try interpret(#"{"batchItemFailures":[{"itemIdentifier":null}]}"#))) }

    @Test("a non-string itemIdentifier fails the whole batch")
    func numberIdentifier() throws { #expect(isWholeBatchFailure(try interpret(#"{"batchItemFailures":[{"itemIdentifier":2}]}"#))) }

    @Test("a misspelled itemIdentifier key fails the whole batch")
    func misspelledItemKey() throws {
        #expect(isWholeBatchFailure(try interpret(#"{"batchItemFailures":[{"itemIdentifer":"m1"}]}"#)))
        #expect(isWholeBatchFailure(try interpret(#"{"batchItemFailures":[{"ItemIdentifier":"m1"}]}"#)))
        #expect(isWholeBatchFailure(try interpret(#"{"batchItemFailures":[{}]}"#)))
    }

    @Test("a misspelled batchItemFailures key fails the whole batch")
    func misspelledTopKey() throws {
        for key in ["batchItemFailure", "BatchItemFailures", "batchitemfailures", "batchItemFaliures", "batch_item_failures"] {
            let r = try interpret(#"{"\#(key)":[{"itemIdentifier":"m1"}]}"#)
            #expect(isWholeBatchFailure(r), "\(key)")
        }
    }

    @Test("an identifier that is not a messageId of this batch fails the whole batch")
    func unknownIdentifier() throws {
        #expect(isWholeBatchFailure(try interpret(#"{"batchItemFailures":[{"itemIdentifier":"m1"},{"itemIdentifier":"m9"}]}"#)))
    }

    @Test("batchItemFailures that is not a list fails the whole batch")
    func notAList() throws {
        #expect(isWholeBatchFailure(try interpret(#"{"batchItemFailures":"m1"}"#)))
        #expect(isWholeBatchFailure(try interpret(#"{"batchItemFailures":{"itemIdentifier":"m1"}}"#)))
    }

    @Test("an entry that is not an object fails the whole batch")
    func entryNotObject() throws { #expect(isWholeBatchFailure(try interpret(#"{"batchItemFailures":["m1"]}"#))) }

    @Test("a response that is not a JSON object fails the whole batch")
    func invalidShape() throws {
        for text in [#""Success""#, "[]", "42", "true", #"[{"itemIdentifier":"m1"}]"#] {
            #expect(isWholeBatchFailure(try interpret(text)), "\(text)")
        }
    }

    @Test("the reason names what was wrong")
    func reason() throws {
        guard case .wholeBatchFailure(let reason) = try interpret(#"{"batchItemFailures":[{"itemIdentifier":"nope"}]}"#) else {
            Issue.record("expected a whole-batch failure")
            return
        }
        #expect(reason.contains("nope"))
        #expect(reason.contains("not in this batch"))
    }
}

@Suite("The SQS event a mapping hands a function")
struct SQSEventTests {
    @Test("a record has exactly the AWS shape, every attribute a string")
    func shape() throws {
        let m = ReceivedMessageFixture.make()
        let record = SQSEvent.record(m, queueArn: "arn:aws:sqs:us-east-1:123456789012:user-metadata-queue", region: "us-east-1")
        let o = try #require(record.objectValue)
        #expect(Set(o.keys) == ["messageId", "receiptHandle", "body", "attributes", "messageAttributes", "md5OfBody", "eventSource",
                                "eventSourceARN", "awsRegion"])
        #expect(o["messageId"] == "059f36b4-87a3-44ab-83d2-661975830a7d")
        #expect(o["receiptHandle"] == .string(m.receiptHandle))
        #expect(o["body"] == #"{"user_id":"u1"}"#)
        #expect(o["md5OfBody"] == .string(MD5.hex(#"{"user_id":"u1"}"#)))
        #expect(o["eventSource"] == "aws:sqs")
        #expect(o["eventSourceARN"] == "arn:aws:sqs:us-east-1:123456789012:user-metadata-queue")
        #expect(o["awsRegion"] == "us-east-1")
        #expect(o["attributes"] == [
            "ApproximateReceiveCount": "2", "SentTimestamp": "1545082649183", "SenderId": "AIDAIENQZJOLO23YVJ4VO",
            "ApproximateFirstReceiveTimestamp": "1545082649185",
        ])
        #expect(o["messageAttributes"] == [
            "source": ["stringValue": "auth0", "stringListValues": [], "binaryListValues": [], "dataType": "String"],
            "n": ["stringValue": "5", "stringListValues": [], "binaryListValues": [], "dataType": "Number"],
            "b": ["binaryValue": "AQI=", "stringListValues": [], "binaryListValues": [], "dataType": "Binary"],
        ])
    }

    @Test("optional system attributes pass through when present")
    func optionalAttributes() {
        var m = ReceivedMessageFixture.make()
        m.attributes["AWSTraceHeader"] = "Root=1-5759e988-bd862e3fe1be46a994272793"
        m.attributes["DeadLetterQueueSourceArn"] = "arn:aws:sqs:us-east-1:1:src"
        let attributes = SQSEvent.record(m, queueArn: "q", region: "r")["attributes"]
        #expect(attributes?["AWSTraceHeader"] == "Root=1-5759e988-bd862e3fe1be46a994272793")
        #expect(attributes?["DeadLetterQueueSourceArn"] == nil)
    }

    @Test("the event wraps the records in Records, in order")
    func event() {
        let e = SQSEvent.event(records: [SQSEvent.record(messageId: "a", body: "1"), SQSEvent.record(messageId: "b", body: "2")])
        #expect(e["Records"]?.arrayValue?.compactMap { $0["messageId"]?.stringValue } == ["a", "b"])
        #expect(e["Records"]?.arrayValue?.first?["attributes"]?["ApproximateReceiveCount"] == "1")
    }
}

enum ReceivedMessageFixture {
    /// A message as a receive would return it, via a real queue.
    static func make() -> ReceivedMessage {
        let json: JSONValue = [
            "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
            "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
            "body": #"{"user_id":"u1"}"#,
            "md5OfBody": .string(MD5.hex(#"{"user_id":"u1"}"#)),
            "messageAttributes": [
                "source": ["dataType": "String", "stringValue": "auth0"],
                "n": ["dataType": "Number", "stringValue": "5"],
                "b": ["dataType": "Binary", "binaryValue": [1, 2]],
            ],
            "attributes": [
                "ApproximateReceiveCount": "2", "SentTimestamp": "1545082649183", "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                "ApproximateFirstReceiveTimestamp": "1545082649185",
            ],
        ]
        return try! JSONDecoder().decode(ReceivedMessage.self, from: Data(json.serialized().utf8))
    }
}
