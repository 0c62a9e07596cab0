import DequeModule

/// A subscription of a topic, as the engine delivers it.
public struct SNSSubscription: Sendable {
    public var arn: String
    public var definition: SubscriptionDefinition
    public var filter: FilterPolicy?
    /// Cumulative delivery counters.
    public var delivered = 0
    public var filteredOut = 0
    public var failed = 0
    public var redrivenToDLQ = 0
    public var failedToRedriveToDLQ = 0

    public init(arn: String, definition: SubscriptionDefinition) throws(SNSError) {
        self.arn = arn
        self.definition = definition
        if let policy = definition.filterPolicy {
            do {
                filter = try FilterPolicy(policy: policy, scope: definition.filterPolicyScope)
            } catch {
                throw .invalidParameter("FilterPolicy: \(error)")
            }
        }
    }
}

/// A message published to a topic and kept in its archive for replay.
public struct ArchivedMessage: Sendable, Hashable, Codable {
    public var seq: UInt64
    public var messageId: String
    public var publishedAt: Timestamp
    public var message: String
    public var subject: String?
    public var attributes: MessageAttributes

    public init(seq: UInt64, messageId: String, publishedAt: Timestamp, message: String, subject: String?, attributes: MessageAttributes) {
        self.seq = seq
        self.messageId = messageId
        self.publishedAt = publishedAt
        self.message = message
        self.subject = subject
        self.attributes = attributes
    }
}

/// A standard SNS topic: its subscriptions and its archive of published messages.
public struct SNSTopic: Sendable {
    public let name: String
    public let arn: String
    public var definition: TopicDefinition
    public var subscriptions: [SNSSubscription] = []
    /// Published messages in publish order, trimmed by retention.
    public private(set) var archive: Deque<ArchivedMessage> = []
    public var published = 0
    /// Attributes kept as given at run time (`Policy`, `DeliveryPolicy`, `TracingConfig`, ...), by name.
    public var attributes: [String: String] = [:]
    public var tags: [String: String] = [:]

    public init(definition: TopicDefinition, arn: String) {
        self.name = definition.name
        self.arn = arn
        self.definition = definition
    }

    /// Adds a message to the archive and trims what is older than the retention; returns the sequence
    /// number of the last entry trimmed, if any.
    @discardableResult
    public mutating func archive(_ m: ArchivedMessage, now: Timestamp) -> UInt64? {
        archive.append(m)
        return trimArchive(now: now)
    }

    /// Drops archive entries older than the retention; returns the last one's sequence number, if any.
    @discardableResult
    public mutating func trimArchive(now: Timestamp) -> UInt64? {
        let cutoff = now.adding(seconds: -definition.archiveRetentionSeconds)
        var last: UInt64?
        while let first = archive.first, first.publishedAt < cutoff { last = archive.removeFirst().seq }
        return last
    }

    /// Puts back archived messages read from the store (in publish order), dropping expired ones; returns
    /// the sequence number of the last one dropped, if any, for the store to drop them too.
    @discardableResult
    public mutating func restoreArchive(_ messages: [ArchivedMessage], now: Timestamp) -> UInt64? {
        archive.append(contentsOf: messages)
        published += messages.count
        return trimArchive(now: now)
    }

    /// Archived messages published in `[from, to)`, found by binary search.
    public func archived(from: Timestamp, to: Timestamp) -> ArraySlice<ArchivedMessage> {
        func lowerBound(_ t: Timestamp) -> Int {
            var lo = 0, hi = archive.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if archive[mid].publishedAt < t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let a = lowerBound(from), b = lowerBound(to)
        return Array(archive[a..<max(a, b)])[...]
    }

    /// Checks a publish request against the SNS limits.
    public static func validatePublish(message: String?, subject: String?, attributes: MessageAttributes) throws(SNSError) -> String {
        guard let message else { throw .invalidParameter("Message: the request must contain the parameter Message") }
        guard !message.isEmpty else { throw .invalidParameter("Empty message") }
        var size = message.utf8.count
        for (k, v) in attributes {
            size += k.utf8.count + v.sizeInBytes
            switch v.baseType {
            case "String", "Number", "Binary": break
            case "String.Array":
                guard let s = v.stringValue, case .array = (try? JSONValue.parse(s)) ?? .null else {
                    throw .invalidParameter("The message attribute '\(k)' has an invalid String.Array value: it must be a JSON array")
                }
            default:
                throw .invalidParameter("The message attribute '\(k)' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.")
            }
            if v.baseType != "Binary", (v.stringValue ?? "").isEmpty {
                throw .invalidParameter("The message attribute '\(k)' must contain non-empty message attribute value for message attribute type '\(v.dataType)'.")
            }
        }
        guard size <= 262_144 else { throw .invalidParameter("Message too long") }
        if let subject {
            guard !subject.isEmpty, subject.count <= 99 else {
                throw .invalidParameter("Subject: must be 1 to 99 characters")
            }
            guard subject.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw .invalidParameter("Subject: must not contain line breaks or control characters")
            }
        }
        return message
    }
}

/// The JSON envelope SNS wraps a message in when raw delivery is off.
public enum SNSEnvelope {
    /// Builds the envelope with AWS's key order; `Subject` and `MessageAttributes` are omitted when absent.
    public static func body(messageId: String, topicArn: String, subject: String?, message: String, timestamp: Timestamp,
                            attributes: MessageAttributes, region: String, subscriptionArn: String) -> String {
        var out = "{"
        func field(_ key: String, _ value: String, first: Bool = false) {
            if !first { out += "," }
            JSONWriter.writeString(key, into: &out)
            out += ":"
            JSONWriter.writeString(value, into: &out)
        }
        field("Type", "Notification", first: true)
        field("MessageId", messageId)
        field("TopicArn", topicArn)
        if let subject { field("Subject", subject) }
        field("Message", message)
        field("Timestamp", timestamp.iso8601)
        field("SignatureVersion", "1")
        field("Signature", signature(messageId: messageId, topicArn: topicArn, subject: subject, message: message, timestamp: timestamp))
        field("SigningCertURL", "https://sns.\(region).amazonaws.com/SimpleNotificationService-ingest-local.pem")
        field("UnsubscribeURL", "https://sns.\(region).amazonaws.com/?Action=Unsubscribe&SubscriptionArn=\(subscriptionArn)")
        if !attributes.isEmpty {
            out += ",\"MessageAttributes\":{"
            for (i, name) in attributes.keys.sorted().enumerated() {
                let v = attributes[name]!
                if i > 0 { out += "," }
                JSONWriter.writeString(name, into: &out)
                out += ":{\"Type\":"
                JSONWriter.writeString(v.dataType, into: &out)
                out += ",\"Value\":"
                JSONWriter.writeString(v.binaryValue.map { Base64.encode($0) } ?? v.stringValue ?? "", into: &out)
                out += "}"
            }
            out += "}"
        }
        out += "}"
        return out
    }

    /// The canonical string SNS signs (Message, MessageId, Subject if present, Timestamp, TopicArn, Type,
    /// each name and value on its own line), digested. ingest holds no SNS signing key, so this is a
    /// digest of the canonical string, not an RSA signature: see docs/differences.md.
    static func signature(messageId: String, topicArn: String, subject: String?, message: String, timestamp: Timestamp) -> String {
        var canonical = "Message\n\(message)\nMessageId\n\(messageId)\n"
        if let subject { canonical += "Subject\n\(subject)\n" }
        canonical += "Timestamp\n\(timestamp.iso8601)\nTopicArn\n\(topicArn)\nType\nNotification\n"
        return Base64.encode(MD5.digest(Array(canonical.utf8)))
    }
}

/// Base64 without Foundation, for hot paths.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], 61, 61]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], 61]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
