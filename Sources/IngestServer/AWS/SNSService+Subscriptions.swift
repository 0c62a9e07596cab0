import IngestCore

/// Subscriptions: subscribe, unsubscribe, list and attributes.
extension SNSService {
    func subscribe(_ input: AWSInput) async throws -> AWSValue {
        let arn = try await engine.subscribe(topic: try input.string("TopicArn"), protocol: try input.string("Protocol"),
                                             endpoint: try input.optionalString("Endpoint"), attributes: try input.stringMap("Attributes"))
        return .structure([AWSMember("SubscriptionArn", .string(arn))])
    }

    func unsubscribe(_ input: AWSInput) async throws -> AWSValue {
        try await engine.unsubscribe(try input.string("SubscriptionArn"))
        return .empty
    }

    func listSubscriptions(_ input: AWSInput, topic: String?) async throws -> AWSValue {
        let all = try await engine.subscriptionList(topic: topic)
        let (subs, next) = try Self.page(all, key: \.arn, input)
        let owner = engine.context.accountId
        var members = [AWSMember("Subscriptions", .wrappedList(subs.map { s in
            .structure([AWSMember("SubscriptionArn", .string(s.arn)), AWSMember("Owner", .string(owner)),
                        AWSMember("Protocol", .string(s.definition.protocol)), AWSMember("Endpoint", .string(s.definition.endpoint)),
                        AWSMember("TopicArn", .string(s.definition.topicArn))])
        }))]
        members.add("NextToken", next.map(AWSValue.string))
        return .structure(members)
    }

    func getSubscriptionAttributes(_ input: AWSInput) async throws -> AWSValue {
        let attributes = try await engine.subscriptionAttributes(try input.string("SubscriptionArn"))
        return .structure([AWSMember("Attributes", Self.wrappedMap(attributes))])
    }

    func setSubscriptionAttributes(_ input: AWSInput) async throws -> AWSValue {
        try await engine.setSubscriptionAttribute(try input.string("SubscriptionArn"), name: try input.string("AttributeName"),
                                                  value: try input.optionalString("AttributeValue") ?? "")
        return .empty
    }
}
