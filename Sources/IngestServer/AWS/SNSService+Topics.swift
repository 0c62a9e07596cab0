import IngestCore

/// Topics: create, delete, list, attributes and tags.
extension SNSService {
    func createTopic(_ input: AWSInput) async throws -> AWSValue {
        let arn = try await engine.createTopic(name: try input.string("Name"), attributes: try input.stringMap("Attributes"), tags: try Self.tags(input))
        return .structure([AWSMember("TopicArn", .string(arn))])
    }

    func deleteTopic(_ input: AWSInput) async throws -> AWSValue {
        try await engine.deleteTopic(try input.string("TopicArn"))
        return .empty
    }

    func listTopics(_ input: AWSInput) async throws -> AWSValue {
        let (arns, next) = try Self.page(await engine.topicArnsByName().sorted(), key: { $0 }, input)
        var members = [AWSMember("Topics", .wrappedList(arns.map { .structure([AWSMember("TopicArn", .string($0))]) }))]
        members.add("NextToken", next.map(AWSValue.string))
        return .structure(members)
    }

    func getTopicAttributes(_ input: AWSInput) async throws -> AWSValue {
        let attributes = try await engine.topicAttributes(try input.string("TopicArn"))
        return .structure([AWSMember("Attributes", Self.wrappedMap(attributes))])
    }

    func setTopicAttributes(_ input: AWSInput) async throws -> AWSValue {
        try await engine.setTopicAttribute(try input.string("TopicArn"), name: try input.string("AttributeName"),
                                           value: try input.optionalString("AttributeValue") ?? "")
        return .empty
    }

    func tagResource(_ input: AWSInput) async throws -> AWSValue {
        try await engine.tagTopic(try input.string("ResourceArn"), add: try Self.tags(input))
        return .empty
    }

    func untagResource(_ input: AWSInput) async throws -> AWSValue {
        try await engine.tagTopic(try input.string("ResourceArn"), remove: try input.strings("TagKeys"))
        return .empty
    }

    func listTagsForResource(_ input: AWSInput) async throws -> AWSValue {
        let tags = try await engine.topicTags(try input.string("ResourceArn"))
        return .structure([AWSMember("Tags", .wrappedList(tags.keys.sorted().map {
            .structure([AWSMember("Key", .string($0)), AWSMember("Value", .string(tags[$0]!))])
        }))])
    }

    /// A string map as SNS writes it: `<entry><key/><value/></entry>` in key order.
    static func wrappedMap(_ m: [String: String]) -> AWSValue {
        .wrappedMap(m.keys.sorted().map { AWSMember($0, .string(m[$0]!)) })
    }
}
