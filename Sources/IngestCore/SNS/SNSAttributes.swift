import Foundation

/// The SNS attribute rules the API applies: which topic and subscription attributes exist, how their
/// values are checked, and the read-only attributes SNS reports.
public enum SNSAttributes {
    /// Topic attributes `CreateTopic` and `SetTopicAttributes` take.
    public static let topicSettable: Set<String> = [
        "DisplayName", "Policy", "DeliveryPolicy", "KmsMasterKeyId", "TracingConfig", "SignatureVersion", "DataProtectionPolicy",
    ]
    /// Subscription attributes `Subscribe` and `SetSubscriptionAttributes` take (the engine delivers to SQS
    /// only, so the HTTP `DeliveryPolicy` and Firehose's `SubscriptionRoleArn` are refused).
    public static let subscriptionSettable: Set<String> = ["RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy"]

    /// Checks a topic name: 1 to 256 letters, digits, hyphens and underscores. FIFO topics are not emulated.
    public static func validateTopicName(_ name: String, attributes: [String: String]) throws(SNSError) {
        if attributes["FifoTopic"]?.lowercased() == "true" || name.hasSuffix(".fifo") {
            throw .invalidParameter("Attributes Reason: FIFO topics are not emulated by this engine (standard topics only)")
        }
        guard (1...256).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw .invalidParameter("Topic Name")
        }
    }

    /// Checks topic attributes given to `CreateTopic` or `SetTopicAttributes`.
    public static func validateTopic(_ attributes: [String: String]) throws(SNSError) {
        for (name, value) in attributes {
            if name == "FifoTopic" || name == "ContentBasedDeduplication" {
                guard value.lowercased() == "false" else { throw .invalidParameter("Attributes Reason: FIFO topics are not emulated by this engine") }
                continue
            }
            guard topicSettable.contains(name) else { throw .invalidParameter("AttributeName") }
            switch name {
            case "DisplayName":
                guard value.count <= 100 else { throw .invalidParameter("DisplayName: at most 100 characters") }
            case "Policy", "DeliveryPolicy", "DataProtectionPolicy":
                guard value.isEmpty || (try? JSONValue.parse(value))?.objectValue != nil else {
                    throw .invalidParameter("Attributes Reason: \(name): the value is not a JSON object")
                }
            case "TracingConfig":
                guard ["PassThrough", "Active"].contains(value) else { throw .invalidParameter("Attributes Reason: TracingConfig: must be PassThrough or Active") }
            case "SignatureVersion":
                guard ["1", "2"].contains(value) else { throw .invalidParameter("Attributes Reason: SignatureVersion: must be 1 or 2") }
            default: break
            }
        }
    }

    /// Applies subscription attributes over a definition, checking each value as SNS does.
    public static func apply(_ attributes: [String: String], to d: SubscriptionDefinition) throws(SNSError) -> SubscriptionDefinition {
        var d = d
        for (name, value) in attributes {
            switch name {
            case "RawMessageDelivery":
                switch value.lowercased() {
                case "true": d.rawMessageDelivery = true
                case "false": d.rawMessageDelivery = false
                default: throw .invalidParameter("Attributes Reason: RawMessageDelivery: Invalid value [\(value)]. Must be true or false.")
                }
            case "FilterPolicy":
                if value.trimmingCharacters(in: .whitespaces).isEmpty || value == "{}" {
                    d.filterPolicy = nil
                } else {
                    guard let policy = try? JSONValue.parse(value) else { throw .invalidParameter("FilterPolicy: failed to parse JSON.") }
                    d.filterPolicy = policy
                }
            case "FilterPolicyScope":
                guard let scope = FilterPolicyScope(rawValue: value) else {
                    throw .invalidParameter("Attributes Reason: FilterPolicyScope: Invalid value [\(value)]. Please use either MessageBody or MessageAttributes")
                }
                d.filterPolicyScope = scope
            case "RedrivePolicy":
                if value.isEmpty {
                    d.deadLetterTargetArn = nil
                    continue
                }
                guard let target = (try? JSONValue.parse(value))?["deadLetterTargetArn"]?.stringValue else {
                    throw .invalidParameter("RedrivePolicy: deadLetterTargetArn: the policy must be JSON with a deadLetterTargetArn")
                }
                guard isQueueArn(target) else { throw .invalidParameter("RedrivePolicy: deadLetterTargetArn: Invalid value \(target): an SQS queue ARN is expected") }
                d.deadLetterTargetArn = target
            default:
                if ["DeliveryPolicy", "SubscriptionRoleArn", "ReplayPolicy"].contains(name) {
                    throw .invalidParameter("Attributes Reason: \(name) does not apply to sqs subscriptions in this engine")
                }
                throw .invalidParameter("AttributeName")
            }
        }
        return d
    }

    /// `arn:PARTITION:sqs:REGION:ACCOUNT:NAME`.
    public static func isQueueArn(_ s: String) -> Bool {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 6 && parts[0] == "arn" && parts[2] == "sqs" && !parts[5].isEmpty
    }

    /// A subscription's attributes as `GetSubscriptionAttributes` reports them.
    public static func of(subscription s: SNSSubscription, owner: String) -> [String: String] {
        let d = s.definition
        var out: [String: String] = [
            "SubscriptionArn": s.arn, "TopicArn": d.topicArn, "Owner": owner, "Protocol": d.protocol, "Endpoint": d.endpoint,
            "ConfirmationWasAuthenticated": "true", "PendingConfirmation": "false",
            "RawMessageDelivery": d.rawMessageDelivery ? "true" : "false", "SubscriptionPrincipal": "arn:aws:iam::\(owner):user/ingest",
        ]
        if let policy = d.filterPolicy {
            out["FilterPolicy"] = policy.serialized()
            out["FilterPolicyScope"] = d.filterPolicyScope.rawValue
        }
        if let dlq = d.deadLetterTargetArn { out["RedrivePolicy"] = JSONValue.object(["deadLetterTargetArn": .string(dlq)]).serialized() }
        return out
    }

    /// The policy SNS gives a new topic: the owner account may do everything with it.
    public static func defaultPolicy(topicArn: String, account: String) -> String {
        let actions: [JSONValue] = ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
                                    "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"]
        let statement: JSONValue = .object([
            "Sid": "__default_statement_ID", "Effect": "Allow", "Principal": .object(["AWS": "*"]), "Action": .array(actions),
            "Resource": .string(topicArn), "Condition": .object(["StringEquals": .object(["AWS:SourceOwner": .string(account)])]),
        ])
        return JSONValue.object(["Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": .array([statement])]).serialized()
    }

    /// `EffectiveDeliveryPolicy` when none was set: SNS's default HTTP retry policy.
    public static let defaultDeliveryPolicy = #"{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}"#

    /// The message an SQS subscription receives of a `MessageStructure=json` publish: the `sqs` entry, else
    /// `default`, which the JSON must have.
    public static func message(_ message: String?, structure: String?) throws(SNSError) -> String? {
        guard let structure else { return message }
        guard structure == "json" else { throw .invalidParameter("MessageStructure: must be json") }
        guard let message, case .object(let o)? = try? JSONValue.parse(message) else {
            throw .invalidParameter("Message Structure - JSON message body failed to parse")
        }
        guard case .string(let fallback)? = o["default"] else { throw .invalidParameter("Message Structure - No default entry in JSON message body") }
        if case .string(let sqs)? = o["sqs"] { return sqs }
        return fallback
    }
}
