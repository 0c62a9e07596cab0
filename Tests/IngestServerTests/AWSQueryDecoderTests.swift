import IngestCore
import IngestServer
import Testing

/// The query protocol's flattened names decode into the JSON 1.0 shapes the handlers read.
@Suite("AWS query decoder")
struct AWSQueryDecoderTests {
    @Test("attributes, tags and name lists become maps and lists")
    func mapsAndLists() throws {
        let input = try AWSQueryDecoder.decode([
            "Action": "CreateQueue", "Version": "2012-11-05", "QueueName": "jobs",
            "Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "40",
            "Attribute.2.Name": "DelaySeconds", "Attribute.2.Value": "5",
            "Tag.1.Key": "team", "Tag.1.Value": "ops",
            "AttributeName.2": "QueueArn", "AttributeName.1": "All",
        ])
        #expect(input["QueueName"] == .string("jobs"))
        #expect(input["Version"] == nil)
        #expect(input["Attributes"] == .object(["VisibilityTimeout": "40", "DelaySeconds": "5"]))
        #expect(input["Tags"] == .object(["team": "ops"]))
        #expect(input["AttributeNames"] == .array(["All", "QueueArn"]))
    }

    @Test("batch entries become a list of structures in index order, with nested message attributes")
    func batchEntries() throws {
        let input = try AWSQueryDecoder.decode([
            "Action": "SendMessageBatch", "QueueUrl": "http://127.0.0.1:4566/000000000000/jobs",
            "SendMessageBatchRequestEntry.10.Id": "last", "SendMessageBatchRequestEntry.10.MessageBody": "z",
            "SendMessageBatchRequestEntry.2.Id": "b", "SendMessageBatchRequestEntry.2.MessageBody": "y",
            "SendMessageBatchRequestEntry.2.MessageAttribute.1.Name": "color",
            "SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.DataType": "String",
            "SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringValue": "blue",
        ])
        let entries = try #require(input["Entries"]?.arrayValue)
        #expect(entries.count == 2)
        #expect(entries[0]["Id"] == .string("b"))
        #expect(entries[0]["MessageAttributes"] == .object(["color": .object(["DataType": "String", "StringValue": "blue"])]))
        #expect(entries[1]["Id"] == .string("last"))
        let attrs = try AWSInput(entries[0].objectValue!).messageAttributes("MessageAttributes")
        #expect(attrs["color"] == .string("blue"))
    }

    @Test("a request without Action is refused with MissingAction")
    func missingAction() {
        guard case .failure(let f) = AWSCall.decode(target: nil, contentType: nil, urlQuery: nil, body: Array("QueueName=jobs".utf8)) else {
            Issue.record("expected a failure"); return
        }
        #expect(f.error.code == "MissingAction")
    }

    @Test("the wrapped scheme (SNS, CloudWatch): member lists, entry maps with key/value or Name/Value, nested structures")
    func wrapped() throws {
        let input = try AWSQueryDecoder.decode([
            "Action": "Subscribe", "Version": "2010-03-31", "TopicArn": "arn:t",
            "Attributes.entry.1.key": "RawMessageDelivery", "Attributes.entry.1.value": "true",
            "Attributes.entry.2.key": "FilterPolicy", "Attributes.entry.2.value": #"{"a":["b"]}"#,
            "MessageAttributes.entry.1.Name": "color", "MessageAttributes.entry.1.Value.DataType": "String",
            "MessageAttributes.entry.1.Value.StringValue": "blue",
            "AlarmNames.member.2": "b", "AlarmNames.member.1": "a",
            "Dimensions.member.1.Name": "QueueName", "Dimensions.member.1.Value": "q",
        ], flattened: false)
        #expect(input["Attributes"] == .object(["RawMessageDelivery": "true", "FilterPolicy": #"{"a":["b"]}"#]))
        #expect(input["MessageAttributes"] == .object(["color": .object(["DataType": "String", "StringValue": "blue"])]))
        #expect(input["AlarmNames"] == .array(["a", "b"]))
        #expect(input["Dimensions"] == .array([.object(["Name": "QueueName", "Value": "q"])]))
        #expect(input["Version"] == nil)
    }

    @Test("numbers arrive as strings and read as integers; a non-number is InvalidParameterValue")
    func integers() throws {
        let input = AWSInput(["MaxNumberOfMessages": "10", "WaitTimeSeconds": .int(3), "VisibilityTimeout": "soon"])
        #expect(try input.optionalInt("MaxNumberOfMessages") == 10)
        #expect(try input.optionalInt("WaitTimeSeconds") == 3)
        #expect(Result { try input.optionalInt("VisibilityTimeout") }.failureCode == "InvalidParameterValue")
        #expect(Result { try input.string("QueueUrl") }.failureCode == "MissingParameter")
    }
}

extension Result {
    /// The AWS error code of a failure, if it is one.
    var failureCode: String? {
        if case .failure(let e) = self, let a = e as? AWSError { return a.code }
        return nil
    }
}
