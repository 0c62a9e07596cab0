import IngestCore

/// Publishing, one message or a batch, through the same engine path as the gateway.
extension SNSService {
    func publish(_ input: AWSInput) async throws -> AWSValue {
        let topic = try Self.topic(input)
        let result = try await engine.publish(try Self.publishRequest(input, topic: topic))
        return .structure([AWSMember("MessageId", .string(result.messageId))])
    }

    func publishBatch(_ input: AWSInput) async throws -> AWSValue {
        let topic = try input.string("TopicArn")
        let entries = try input.structures("PublishBatchRequestEntries")
        let batch = try entries.map { e throws in BatchEntry(id: try e.string("Id"), payload: try Self.publishRequest(e, topic: topic)) }
        let result = try await engine.publishBatch(topic: topic, batch)
        let ok: [AWSValue] = batch.compactMap { e in
            result.successful[e.id].map { .structure([AWSMember("Id", .string(e.id)), AWSMember("MessageId", .string($0.messageId))]) }
        }
        let failed: [AWSValue] = result.failed.map { f in
            .structure([AWSMember("Id", .string(f.id)), AWSMember("Code", .string(f.code)), AWSMember("Message", .string(f.message)),
                        AWSMember("SenderFault", .boolean(f.senderFault))])
        }
        return .structure([AWSMember("Successful", .wrappedList(ok)), AWSMember("Failed", .wrappedList(failed))])
    }

    /// `TopicArn`, else `TargetArn`; SMS (`PhoneNumber`) is not emulated.
    static func topic(_ input: AWSInput) throws -> String {
        if let t = try input.optionalString("TopicArn") ?? input.optionalString("TargetArn") { return t }
        if try input.optionalString("PhoneNumber") != nil {
            throw SNSError.invalidParameter("PhoneNumber Reason: this engine does not send SMS")
        }
        throw SNSError.invalidParameter("TopicArn or TargetArn Reason: no value for required parameter")
    }

    /// One message to publish: `MessageStructure=json` resolves to what an SQS subscription receives.
    static func publishRequest(_ input: AWSInput, topic: String) throws -> PublishRequest {
        for fifo in ["MessageGroupId", "MessageDeduplicationId"] where try input.optionalString(fifo) != nil {
            throw SNSError.invalidParameter("The request includes \(fifo) parameter that is not valid for this topic type")
        }
        let message = try SNSAttributes.message(try input.optionalString("Message"), structure: try input.optionalString("MessageStructure"))
        return PublishRequest(topic: topic, message: message, subject: try input.optionalString("Subject"),
                              attributes: try input.messageAttributes("MessageAttributes"))
    }
}
