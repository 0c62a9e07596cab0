import Foundation

/// Builds the event a Lambda SQS event source mapping hands a function, in AWS's exact shape:
/// `{"Records":[{"messageId","receiptHandle","body","attributes":{...},"messageAttributes":{...},"md5OfBody",
/// "eventSource":"aws:sqs","eventSourceARN","awsRegion"}]}`. Every attribute value is a string.
public enum SQSEvent {
    /// System attributes that Lambda passes on when the message has them, besides the four it always sends.
    static let optionalAttributes = ["AWSTraceHeader", "MessageGroupId", "MessageDeduplicationId", "SequenceNumber"]

    /// One record for a received message.
    public static func record(_ m: ReceivedMessage, queueArn: String, region: String) -> JSONValue {
        let sent = m.attributes["SentTimestamp"] ?? "0"
        var attributes: [String: JSONValue] = [
            "ApproximateReceiveCount": .string(m.attributes["ApproximateReceiveCount"] ?? "1"),
            "SentTimestamp": .string(sent),
            "SenderId": .string(m.attributes["SenderId"] ?? ""),
            "ApproximateFirstReceiveTimestamp": .string(m.attributes["ApproximateFirstReceiveTimestamp"] ?? sent),
        ]
        for name in optionalAttributes { if let v = m.attributes[name] { attributes[name] = .string(v) } }
        var messageAttributes: [String: JSONValue] = [:]
        for (name, a) in m.messageAttributes {
            var v: [String: JSONValue] = [
                "stringListValues": [],
                "binaryListValues": [],
                "dataType": .string(a.dataType),
            ]
            if let s = a.stringValue { v["stringValue"] = .string(s) }
            if let b = a.binaryValue { v["binaryValue"] = .string(Data(b).base64EncodedString()) }
            messageAttributes[name] = .object(v)
        }
        return .object([
            "messageId": .string(m.messageId),
            "receiptHandle": .string(m.receiptHandle),
            "body": .string(m.body),
            "attributes": .object(attributes),
            "messageAttributes": .object(messageAttributes),
            "md5OfBody": .string(m.md5OfBody),
            "eventSource": "aws:sqs",
            "eventSourceARN": .string(queueArn),
            "awsRegion": .string(region),
        ])
    }

    /// One record built from parts, for tests and `ingest invoke`.
    public static func record(messageId: String, body: String, receiveCount: Int = 1, sentAt: Timestamp = Timestamp(millis: 0),
                              senderId: String = "AIDAIENQZJOLO23YVJ4VO", messageAttributes: MessageAttributes = [:],
                              receiptHandle: String? = nil,
                              queueArn: String = "arn:aws:sqs:us-east-1:123456789012:queue", region: String = "us-east-1") -> JSONValue {
        let sent = String(sentAt.millis)
        let m = ReceivedMessage(
            messageId: messageId, receiptHandle: receiptHandle ?? "AQEB" + messageId, body: body, md5OfBody: MD5.hex(body),
            md5OfMessageAttributes: MD5.ofAttributes(messageAttributes), messageAttributes: messageAttributes,
            attributes: ["ApproximateReceiveCount": String(receiveCount), "SentTimestamp": sent, "SenderId": senderId,
                         "ApproximateFirstReceiveTimestamp": sent])
        return record(m, queueArn: queueArn, region: region)
    }

    /// The event: `{"Records":[...]}`.
    public static func event(records: [JSONValue]) -> JSONValue {
        .object(["Records": .array(records)])
    }
}
