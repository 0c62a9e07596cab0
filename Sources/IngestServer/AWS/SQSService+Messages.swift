import Foundation
import IngestCore

/// Sending, receiving, deleting and changing the visibility of messages.
extension SQSService {
    /// The system attributes a receive can ask for (besides `All`).
    static let systemAttributeNames: Set<String> = [
        "SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "SequenceNumber",
        "MessageDeduplicationId", "MessageGroupId", "AWSTraceHeader", "DeadLetterQueueSourceArn",
    ]

    func sendMessage(_ input: AWSInput) async throws -> AWSValue {
        let r = try await engine.send(queue: try queue(input), try Self.sendRequest(input))
        return Self.sent(r)
    }

    func sendMessageBatch(_ input: AWSInput) async throws -> AWSValue {
        let entries = try input.structures("Entries")
        let batch = try entries.map { e throws(AWSError) in BatchEntry(id: try e.string("Id"), payload: try Self.sendRequest(e)) }
        let result = try await engine.sendBatch(queue: try queue(input), batch)
        let ok: [AWSValue] = batch.compactMap { e in
            guard let r = result.successful[e.id], case .structure(let members) = Self.sent(r) else { return nil }
            return .structure([AWSMember("Id", .string(e.id))] + members)
        }
        return Self.batchReply(successMember: "SendMessageBatchResultEntry", ok, result.failed)
    }

    func receiveMessage(_ input: AWSInput) async throws -> AWSValue {
        let queue = try queue(input)
        let legacy = try input.strings("AttributeNames")
        let system = Set(legacy).union(try input.strings("MessageSystemAttributeNames"))
        let wantedAttributes = try input.strings("MessageAttributeNames")
        let max = try input.optionalInt("MaxNumberOfMessages") ?? 1
        let visibility = try input.optionalInt("VisibilityTimeout")
        let wait = try input.optionalInt("WaitTimeSeconds")
        let got = try await engine.receive(queue: queue, max: max, visibilityTimeout: visibility, waitSeconds: wait)
        guard !got.isEmpty else { return .empty }
        let messages: [AWSValue] = got.map { m in
            var members = [AWSMember("MessageId", .string(m.messageId)), AWSMember("ReceiptHandle", .string(m.receiptHandle)),
                           AWSMember("MD5OfBody", .string(m.md5OfBody)), AWSMember("Body", .string(m.body))]
            let attrs = system.contains("All") ? m.attributes : m.attributes.filter { system.contains($0.key) }
            if !attrs.isEmpty { members.add("Attributes", .stringMap(entry: "Attribute", attrs)) }
            let chosen = Self.select(m.messageAttributes, wantedAttributes)
            // The digest covers the attributes returned, as SQS computes it, so SDKs can check it.
            members.add("MD5OfMessageAttributes", MD5.ofAttributes(chosen).map(AWSValue.string))
            if !chosen.isEmpty {
                members.add("MessageAttributes", .map(entry: "MessageAttribute", key: "Name", value: "Value",
                                                      chosen.keys.sorted().map { AWSMember($0, Self.attributeValue(chosen[$0]!)) }))
            }
            return .structure(members)
        }
        return .structure([AWSMember("Messages", .list(member: "Message", messages))])
    }

    func deleteMessage(_ input: AWSInput) async throws -> AWSValue {
        try await engine.delete(queue: try queue(input), receiptHandle: try input.string("ReceiptHandle"))
        return .empty
    }

    func deleteMessageBatch(_ input: AWSInput) async throws -> AWSValue {
        let entries = try input.structures("Entries").map { e throws(AWSError) in BatchEntry(id: try e.string("Id"), payload: try e.string("ReceiptHandle")) }
        let result = try await engine.deleteBatch(queue: try queue(input), entries)
        let ok: [AWSValue] = entries.filter { result.successful[$0.id] != nil }.map { .structure([AWSMember("Id", .string($0.id))]) }
        return Self.batchReply(successMember: "DeleteMessageBatchResultEntry", ok, result.failed)
    }

    func changeMessageVisibility(_ input: AWSInput) async throws -> AWSValue {
        guard let timeout = try input.optionalInt("VisibilityTimeout") else { throw AWSError.missingParameter("VisibilityTimeout") }
        try await engine.changeVisibility(queue: try queue(input), receiptHandle: try input.string("ReceiptHandle"), timeout: timeout)
        return .empty
    }

    func changeMessageVisibilityBatch(_ input: AWSInput) async throws -> AWSValue {
        let entries = try input.structures("Entries").map { e throws(AWSError) -> BatchEntry<(receiptHandle: String, timeout: Int)> in
            guard let timeout = try e.optionalInt("VisibilityTimeout") else { throw AWSError.missingParameter("VisibilityTimeout") }
            return BatchEntry(id: try e.string("Id"), payload: (receiptHandle: try e.string("ReceiptHandle"), timeout: timeout))
        }
        let result = try await engine.changeVisibilityBatch(queue: try queue(input), entries)
        let ok: [AWSValue] = entries.filter { result.successful[$0.id] != nil }.map { .structure([AWSMember("Id", .string($0.id))]) }
        return Self.batchReply(successMember: "ChangeMessageVisibilityBatchResultEntry", ok, result.failed)
    }

    // MARK: - Shapes

    static func sendRequest(_ input: AWSInput) throws(AWSError) -> SendRequest {
        SendRequest(body: try input.string("MessageBody"), attributes: try input.messageAttributes("MessageAttributes"),
                    delaySeconds: try input.optionalInt("DelaySeconds"))
    }

    static func sent(_ r: SendResult) -> AWSValue {
        var members = [AWSMember("MD5OfMessageBody", .string(r.md5OfMessageBody))]
        members.add("MD5OfMessageAttributes", r.md5OfMessageAttributes.map(AWSValue.string))
        members.append(AWSMember("MessageId", .string(r.messageId)))
        return .structure(members)
    }

    static func batchReply(successMember: String, _ ok: [AWSValue], _ failed: [BatchFailure]) -> AWSValue {
        .structure([
            AWSMember("Successful", .list(member: successMember, ok)),
            AWSMember("Failed", .list(member: "BatchResultErrorEntry", failed.map { f in
                .structure([AWSMember("Id", .string(f.id)), AWSMember("SenderFault", .boolean(f.senderFault)),
                            AWSMember("Code", .string(f.code)), AWSMember("Message", .string(f.message))])
            })),
        ])
    }

    /// The message attributes a receive asked for: `All` or `.*`, exact names, or prefixes written `prefix.*`.
    static func select(_ attributes: MessageAttributes, _ names: [String]) -> MessageAttributes {
        if names.contains("All") || names.contains(".*") { return attributes }
        return attributes.filter { k, _ in
            names.contains { n in n == k || (n.hasSuffix(".*") && k.hasPrefix(String(n.dropLast(1)))) }
        }
    }

    static func attributeValue(_ v: MessageAttributeValue) -> AWSValue {
        var members: [AWSMember] = []
        members.add("StringValue", v.stringValue.map(AWSValue.string))
        members.add("BinaryValue", v.binaryValue.map { .string(Data($0).base64EncodedString()) })
        members.append(AWSMember("DataType", .string(v.dataType)))
        return .structure(members)
    }
}
