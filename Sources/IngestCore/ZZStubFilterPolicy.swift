// TEMPORARY until FilterPolicy.swift lands.
public enum FilterPolicyScope: String, Sendable, Codable { case messageAttributes = "MessageAttributes", messageBody = "MessageBody" }
public struct FilterPolicy: Sendable, Hashable {
    public init(policy: JSONValue, scope: FilterPolicyScope = .messageAttributes) throws {}
    public func matches(attributes: MessageAttributes, body: String) -> Bool { true }
}
