import IngestCore

/// Queue lifecycle, attributes, listing and tags.
extension SQSService {
    /// The attribute names `GetQueueAttributes` knows (besides `All`).
    static let readableAttributes: Set<String> = QueueAttributes.settableNames.union([
        "QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
        "CreatedTimestamp", "LastModifiedTimestamp", "DeduplicationScope", "FifoThroughputLimit", "ContentBasedDeduplication",
    ])

    func createQueue(_ input: AWSInput) async throws -> AWSValue {
        let name = try input.string("QueueName")
        // JSON 1.0 names the member `tags`; the query protocol's `Tag.N` arrives as `Tags`.
        let tags = try input.stringMap("tags").merging(try input.stringMap("Tags")) { $1 }
        try await engine.createQueue(name: name, attributeStrings: try input.stringMap("Attributes"), tags: tags)
        return .structure([AWSMember("QueueUrl", .string(queueURL(name)))])
    }

    func getQueueUrl(_ input: AWSInput) async throws -> AWSValue {
        let name = try await engine.resolveQueue(try input.string("QueueName"))
        return .structure([AWSMember("QueueUrl", .string(queueURL(name)))])
    }

    func listQueues(_ input: AWSInput) async throws -> AWSValue {
        let prefix = try input.optionalString("QueueNamePrefix")
        let names = await engine.queueNames(prefix: prefix)
        let page = try Self.page(names, input)
        var members: [AWSMember] = []
        if !page.names.isEmpty { members.add("QueueUrls", .list(member: "QueueUrl", page.names.map { .string(queueURL($0)) })) }
        members.add("NextToken", page.next.map(AWSValue.string))
        return .structure(members)
    }

    func getQueueAttributes(_ input: AWSInput) async throws -> AWSValue {
        let queue = try queue(input)
        let wanted = try input.strings("AttributeNames")
        for n in wanted where n != "All" && !Self.readableAttributes.contains(n) {
            throw SQSError(code: "InvalidAttributeName", message: "Unknown Attribute \(n).")
        }
        let all = try await engine.queueAttributeStrings(queue)
        let chosen = wanted.contains("All") ? all : all.filter { wanted.contains($0.key) }
        return chosen.isEmpty ? .empty : .structure([AWSMember("Attributes", .stringMap(entry: "Attribute", chosen))])
    }

    func setQueueAttributes(_ input: AWSInput) async throws -> AWSValue {
        try await engine.setQueueAttributes(try queue(input), strings: try input.stringMap("Attributes"))
        return .empty
    }

    func deleteQueue(_ input: AWSInput) async throws -> AWSValue {
        try await engine.deleteQueue(try queue(input))
        return .empty
    }

    func purgeQueue(_ input: AWSInput) async throws -> AWSValue {
        _ = try await engine.purge(queue: try queue(input))
        return .empty
    }

    func listDeadLetterSourceQueues(_ input: AWSInput) async throws -> AWSValue {
        let page = try Self.page(try await engine.deadLetterSourceQueues(of: try queue(input)), input)
        var members = [AWSMember("queueUrls", .list(member: "QueueUrl", page.names.map { .string(queueURL($0)) }))]
        members.add("NextToken", page.next.map(AWSValue.string))
        return .structure(members)
    }

    func tagQueue(_ input: AWSInput) async throws -> AWSValue {
        let tags = try input.stringMap("Tags")
        guard !tags.isEmpty else { throw AWSError.missingParameter("Tags") }
        try await engine.tagQueue(try queue(input), tags)
        return .empty
    }

    func untagQueue(_ input: AWSInput) async throws -> AWSValue {
        try await engine.untagQueue(try queue(input), keys: try input.strings("TagKeys"))
        return .empty
    }

    func listQueueTags(_ input: AWSInput) async throws -> AWSValue {
        let tags = try await engine.queueTags(try queue(input))
        return tags.isEmpty ? .empty : .structure([AWSMember("Tags", .stringMap(entry: "Tag", key: "Key", tags))])
    }
}
