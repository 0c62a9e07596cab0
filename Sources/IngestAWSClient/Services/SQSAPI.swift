import Foundation
import IngestAWSAuth
import IngestCore

/// A message as ReceiveMessage returned it.
public struct SQSReceivedMessage: Sendable, Hashable {
    public var messageId: String
    public var receiptHandle: String
    public var body: String
    /// System attributes (`ApproximateReceiveCount`, `SentTimestamp`, `DeadLetterQueueSourceArn`, `MessageGroupId`, ...).
    public var attributes: [String: String]
    public var messageAttributes: MessageAttributes
}

/// An entry of SendMessageBatch.
public struct SQSSendEntry: Sendable, Hashable {
    public var id: String
    public var body: String
    public var messageAttributes: MessageAttributes
    public var messageGroupId: String?
    public var deduplicationId: String?
}

/// The SQS actions the console uses, over the JSON 1.0 protocol (`AmazonSQS.<Action>`).
public struct SQSAPI: Sendable {
    public let connection: AWSConnection
    public init(_ connection: AWSConnection) { self.connection = connection }

    func call(_ action: String, _ body: JSONValue, optional: Bool = false) async throws(AWSClientError) -> JSONValue {
        try await connection.json(.sqs, target: "AmazonSQS", action: action, body, optional: optional)
    }

    public func listQueues(prefix: String?) async throws(AWSClientError) -> [String] {
        var urls: [String] = []
        var token: String?
        var pages = 0
        repeat {
            pages += 1
            var body: [String: JSONValue] = ["MaxResults": 1000]
            if let prefix, !prefix.isEmpty { body["QueueNamePrefix"] = .string(prefix) }
            if let token { body["NextToken"] = .string(token) }
            let r = try await call("ListQueues", .object(body))
            urls += (r["QueueUrls"]?.arrayValue ?? []).compactMap(\.stringValue)
            token = r["NextToken"]?.stringValue
        } while token != nil && urls.count < 10_000 && pages < AWSConnection.maxPages
        return urls
    }

    public func attributes(of url: String) async throws(AWSClientError) -> [String: String] {
        let r = try await call("GetQueueAttributes", ["QueueUrl": .string(url), "AttributeNames": ["All"]])
        return (r["Attributes"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    public func queueURL(named name: String) async throws(AWSClientError) -> String {
        let r = try await call("GetQueueUrl", ["QueueName": .string(name)])
        guard let url = r["QueueUrl"]?.stringValue else {
            throw AWSClientError(kind: .malformedResponse, action: "sqs:GetQueueUrl", message: "no QueueUrl in the answer")
        }
        return url
    }

    public func deadLetterSources(of url: String) async throws(AWSClientError) -> [String] {
        let r = try await call("ListDeadLetterSourceQueues", ["QueueUrl": .string(url), "MaxResults": 1000])
        return (r["queueUrls"]?.arrayValue ?? r["QueueUrls"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    public func receive(_ url: String, max: Int, visibilityTimeout: Int, waitSeconds: Int = 0) async throws(AWSClientError) -> [SQSReceivedMessage] {
        let r = try await call("ReceiveMessage", [
            "QueueUrl": .string(url), "MaxNumberOfMessages": .int(min(10, Swift.max(1, max))), "VisibilityTimeout": .int(visibilityTimeout),
            "WaitTimeSeconds": .int(waitSeconds), "AttributeNames": ["All"], "MessageSystemAttributeNames": ["All"], "MessageAttributeNames": ["All"],
        ])
        return (r["Messages"]?.arrayValue ?? []).compactMap { m in
            guard let id = m["MessageId"]?.stringValue, let handle = m["ReceiptHandle"]?.stringValue else { return nil }
            return SQSReceivedMessage(messageId: id, receiptHandle: handle, body: m["Body"]?.stringValue ?? "",
                                      attributes: (m["Attributes"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
                                      messageAttributes: Self.decodeAttributes(m["MessageAttributes"]))
        }
    }

    /// Sets the visibility of received messages (0 makes them receivable again at once).
    public func changeVisibility(_ url: String, _ entries: [(handle: String, timeout: Int)]) async throws(AWSClientError) {
        for chunk in stride(from: 0, to: entries.count, by: 10).map({ Array(entries[$0..<Swift.min($0 + 10, entries.count)]) }) {
            let list: [JSONValue] = chunk.enumerated().map { i, e in
                ["Id": .string("m\(i)"), "ReceiptHandle": .string(e.handle), "VisibilityTimeout": .int(e.timeout)]
            }
            _ = try await call("ChangeMessageVisibilityBatch", ["QueueUrl": .string(url), "Entries": .array(list)])
        }
    }

    /// Sends up to 10 messages; answers the ids of the entries that were sent.
    public func sendBatch(_ url: String, _ entries: [SQSSendEntry]) async throws(AWSClientError) -> (sent: [String: String], failed: [String: String]) {
        let list: [JSONValue] = entries.map { e in
            var o: [String: JSONValue] = ["Id": .string(e.id), "MessageBody": .string(e.body)]
            if !e.messageAttributes.isEmpty { o["MessageAttributes"] = Self.encodeAttributes(e.messageAttributes) }
            if let g = e.messageGroupId { o["MessageGroupId"] = .string(g) }
            if let d = e.deduplicationId { o["MessageDeduplicationId"] = .string(d) }
            return .object(o)
        }
        let r = try await call("SendMessageBatch", ["QueueUrl": .string(url), "Entries": .array(list)])
        var sent: [String: String] = [:]
        var failed: [String: String] = [:]
        for s in r["Successful"]?.arrayValue ?? [] { if let id = s["Id"]?.stringValue { sent[id] = s["MessageId"]?.stringValue ?? "" } }
        for f in r["Failed"]?.arrayValue ?? [] {
            if let id = f["Id"]?.stringValue { failed[id] = "\(f["Code"]?.stringValue ?? "error"): \(f["Message"]?.stringValue ?? "")" }
        }
        return (sent, failed)
    }

    /// Deletes received messages by receipt handle; answers the handles that could not be deleted.
    public func deleteBatch(_ url: String, handles: [String]) async throws(AWSClientError) -> [String] {
        var failed: [String] = []
        for chunk in stride(from: 0, to: handles.count, by: 10).map({ Array(handles[$0..<Swift.min($0 + 10, handles.count)]) }) {
            let list: [JSONValue] = chunk.enumerated().map { i, h in ["Id": .string("d\(i)"), "ReceiptHandle": .string(h)] }
            let r = try await call("DeleteMessageBatch", ["QueueUrl": .string(url), "Entries": .array(list)])
            for f in r["Failed"]?.arrayValue ?? [] {
                if let id = f["Id"]?.stringValue, let i = Int(id.dropFirst()), i < chunk.count { failed.append(chunk[i]) }
            }
        }
        return failed
    }

    public func purge(_ url: String) async throws(AWSClientError) {
        _ = try await call("PurgeQueue", ["QueueUrl": .string(url)])
    }

    public func startMoveTask(source: String, destination: String?, maxPerSecond: Int?) async throws(AWSClientError) -> String {
        var body: [String: JSONValue] = ["SourceArn": .string(source)]
        if let destination { body["DestinationArn"] = .string(destination) }
        if let maxPerSecond { body["MaxNumberOfMessagesPerSecond"] = .int(maxPerSecond) }
        let r = try await call("StartMessageMoveTask", .object(body), optional: true)
        return r["TaskHandle"]?.stringValue ?? ""
    }

    public func listMoveTasks(source: String, max: Int = 10) async throws(AWSClientError) -> [MoveTaskInfo] {
        let r = try await call("ListMessageMoveTasks", ["SourceArn": .string(source), "MaxResults": .int(max)], optional: true)
        return (r["Results"]?.arrayValue ?? []).map { t in
            MoveTaskInfo(taskHandle: t["TaskHandle"]?.stringValue,
                         status: MoveTaskStatus(rawValue: t["Status"]?.stringValue ?? "") ?? .failed,
                         sourceArn: t["SourceArn"]?.stringValue ?? source, destinationArn: t["DestinationArn"]?.stringValue,
                         maxNumberOfMessagesPerSecond: t["MaxNumberOfMessagesPerSecond"]?.intValue,
                         approximateNumberOfMessagesMoved: t["ApproximateNumberOfMessagesMoved"]?.intValue ?? 0,
                         approximateNumberOfMessagesToMove: t["ApproximateNumberOfMessagesToMove"]?.intValue ?? 0,
                         failureReason: t["FailureReason"]?.stringValue,
                         startedTimestamp: Int64(t["StartedTimestamp"]?.doubleValue ?? 0))
        }
    }

    public func cancelMoveTask(handle: String) async throws(AWSClientError) -> Int {
        let r = try await call("CancelMessageMoveTask", ["TaskHandle": .string(handle)], optional: true)
        return r["ApproximateNumberOfMessagesMoved"]?.intValue ?? 0
    }

    static func decodeAttributes(_ value: JSONValue?) -> MessageAttributes {
        var out: MessageAttributes = [:]
        for (name, v) in value?.objectValue ?? [:] {
            let type = v["DataType"]?.stringValue ?? "String"
            if let b = v["BinaryValue"]?.stringValue, let data = Data(base64Encoded: b) {
                out[name] = MessageAttributeValue(dataType: type, binaryValue: Array(data))
            } else {
                out[name] = MessageAttributeValue(dataType: type, stringValue: v["StringValue"]?.stringValue ?? "")
            }
        }
        return out
    }

    static func encodeAttributes(_ attributes: MessageAttributes) -> JSONValue {
        .object(attributes.mapValues { a in
            var o: [String: JSONValue] = ["DataType": .string(a.dataType)]
            if let b = a.binaryValue { o["BinaryValue"] = .string(Data(b).base64EncodedString()) } else { o["StringValue"] = .string(a.stringValue ?? "") }
            return .object(o)
        })
    }
}
