import IngestAWSAuth

/// One SNS subscription with the attributes the console shows.
public struct SNSSubscription: Sendable, Hashable {
    public var arn: String
    public var `protocol`: String
    public var endpoint: String
    public var attributes: [String: String]
}

/// The SNS actions the console uses, over the query protocol (version 2010-03-31).
public struct SNSAPI: Sendable {
    public let connection: AWSConnection
    public init(_ connection: AWSConnection) { self.connection = connection }
    static let version = "2010-03-31"

    public func listTopics() async throws(AWSClientError) -> [String] {
        var arns: [String] = []
        var token: String?
        var pages = 0
        repeat {
            pages += 1
            let xml = try await connection.query(.sns, action: "ListTopics", version: Self.version, token.map { [("NextToken", $0)] } ?? [])
            arns += xml.all("TopicArn").map(\.text)
            token = xml.first("NextToken")?.text
            if token?.isEmpty == true { token = nil }
        } while token != nil && arns.count < 10_000 && pages < AWSConnection.maxPages
        return arns
    }

    public func subscriptions(of topic: String) async throws(AWSClientError) -> [SNSSubscription] {
        var subs: [SNSSubscription] = []
        var token: String?
        var pages = 0
        repeat {
            pages += 1
            var p = [("TopicArn", topic)]
            if let token { p.append(("NextToken", token)) }
            let xml = try await connection.query(.sns, action: "ListSubscriptionsByTopic", version: Self.version, p)
            for m in xml.all("member") where m.child("SubscriptionArn") != nil {
                subs.append(SNSSubscription(arn: m.child("SubscriptionArn") ?? "", protocol: m.child("Protocol") ?? "",
                                            endpoint: m.child("Endpoint") ?? "", attributes: [:]))
            }
            token = xml.first("NextToken")?.text
            if token?.isEmpty == true { token = nil }
        } while token != nil && pages < AWSConnection.maxPages
        return subs
    }

    public func subscriptionAttributes(_ arn: String) async throws(AWSClientError) -> [String: String] {
        let xml = try await connection.query(.sns, action: "GetSubscriptionAttributes", version: Self.version, [("SubscriptionArn", arn)])
        var out: [String: String] = [:]
        for e in xml.all("entry") { if let k = e.child("key") { out[k] = e.child("value") ?? "" } }
        return out
    }
}
