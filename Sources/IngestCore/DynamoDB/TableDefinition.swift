/// The type of a key attribute.
public enum ScalarAttributeType: String, Sendable, Hashable, Codable, CaseIterable {
    case s = "S", n = "N", b = "B"
}

/// One attribute of a table's primary key.
public struct KeyAttribute: Sendable, Hashable, Codable {
    public var name: String
    public var type: ScalarAttributeType

    public init(name: String, type: ScalarAttributeType) {
        self.name = name
        self.type = type
    }

    /// Whether a value has this key's type.
    public func accepts(_ value: AttributeValue) -> Bool {
        switch (type, value) {
        case (.s, .s), (.n, .n), (.b, .b): return true
        default: return false
        }
    }
}

/// What a table's stream records carry.
public enum StreamViewType: String, Sendable, Hashable, Codable, CaseIterable {
    case keysOnly = "KEYS_ONLY"
    case newImage = "NEW_IMAGE"
    case oldImage = "OLD_IMAGE"
    case newAndOldImages = "NEW_AND_OLD_IMAGES"

    public var includesNewImage: Bool { self == .newImage || self == .newAndOldImages }
    public var includesOldImage: Bool { self == .oldImage || self == .newAndOldImages }
}

public enum BillingMode: String, Sendable, Hashable, Codable, CaseIterable {
    case provisioned = "PROVISIONED"
    case payPerRequest = "PAY_PER_REQUEST"
}

/// A DynamoDB table to create.
public struct TableDefinition: Sendable, Hashable, Codable {
    public var logicalId: String
    public var name: String
    public var arn: String
    public var hashKey: KeyAttribute
    public var rangeKey: KeyAttribute?
    /// The attributes `AttributeDefinitions` declares, in order; every key attribute must be among them, with its type.
    public var attributeDefinitions: [KeyAttribute]
    /// `nil`: the table has no stream.
    public var streamViewType: StreamViewType?
    public var billingMode: BillingMode
    public var readCapacity: Int?
    public var writeCapacity: Int?
    /// The KMS key of `SSESpecification` when server-side encryption with KMS is on.
    public var sseKmsKeyId: String?
    /// Where the table was declared, `file:line`; empty when it was not declared in a template.
    public var location: String

    /// The label every stream ARN of the engine carries (the template resolver uses the same one).
    public static let streamLabel = "2024-01-01T00:00:00.000"

    /// `attributeDefinitions` defaults to the key attributes.
    public init(logicalId: String? = nil, name: String, arn: String? = nil, hashKey: KeyAttribute, rangeKey: KeyAttribute? = nil,
                attributeDefinitions: [KeyAttribute]? = nil, streamViewType: StreamViewType? = nil,
                billingMode: BillingMode = .payPerRequest, readCapacity: Int? = nil, writeCapacity: Int? = nil,
                sseKmsKeyId: String? = nil, location: String = "", context: AWSContext = AWSContext()) {
        self.logicalId = logicalId ?? name
        self.name = name
        self.arn = arn ?? context.tableArn(name)
        self.hashKey = hashKey
        self.rangeKey = rangeKey
        self.attributeDefinitions = attributeDefinitions ?? [hashKey] + (rangeKey.map { [$0] } ?? [])
        self.streamViewType = streamViewType
        self.billingMode = billingMode
        self.readCapacity = readCapacity
        self.writeCapacity = writeCapacity
        self.sseKmsKeyId = sseKmsKeyId
        self.location = location
    }

    /// Checks the value rules `CreateTable` enforces: the table name, the key schema against the attribute
    /// definitions, and the capacity the billing mode asks for. Messages are bare; the caller names the table.
    public func validate() throws(DynamoError) {
        guard (3...255).contains(name.count), name.unicodeScalars.allSatisfy(Self.isTableNameCharacter) else {
            throw .validation("TableName '\(name)' must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'")
        }
        var defined: [String: ScalarAttributeType] = [:]
        for d in attributeDefinitions {
            guard defined[d.name] == nil else { throw .validation("AttributeDefinitions defines \(d.name) twice") }
            defined[d.name] = d.type
        }
        for key in [hashKey] + (rangeKey.map { [$0] } ?? []) {
            guard let type = defined[key.name] else {
                throw .validation("KeySchema names \(key.name), which AttributeDefinitions does not define")
            }
            guard type == key.type else {
                throw .validation("KeySchema key \(key.name) is of type \(key.type.rawValue), but AttributeDefinitions defines it as \(type.rawValue)")
            }
        }
        if let rangeKey, rangeKey.name == hashKey.name {
            throw .validation("KeySchema uses \(hashKey.name) as both HASH and RANGE key")
        }
        switch billingMode {
        case .payPerRequest:
            guard readCapacity == nil, writeCapacity == nil else {
                throw .validation("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
            }
        case .provisioned:
            guard let readCapacity, let writeCapacity else {
                throw .validation("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
            }
            guard readCapacity >= 1, writeCapacity >= 1 else {
                throw .validation("ReadCapacityUnits and WriteCapacityUnits must be at least 1")
            }
        }
    }

    /// Whether a table name may hold `c`: a-z, A-Z, 0-9, `_`, `-` and `.`.
    static func isTableNameCharacter(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-" || c == "."
    }

    /// `<table ARN>/stream/2024-01-01T00:00:00.000`; meaningful when the table has a stream.
    public var streamArn: String { "\(arn)/stream/\(Self.streamLabel)" }

    /// The key attribute names.
    public var keyNames: Set<String> {
        var s: Set<String> = [hashKey.name]
        if let r = rangeKey { s.insert(r.name) }
        return s
    }

    /// `user_id (S, HASH)` or `pk (S, HASH), sk (N, RANGE)`.
    public var keySchemaDescription: String {
        var out = "\(hashKey.name) (\(hashKey.type.rawValue), HASH)"
        if let r = rangeKey { out += ", \(r.name) (\(r.type.rawValue), RANGE)" }
        return out
    }

    /// The key attributes of an item (which must have them).
    public func key(of item: Item) -> Item {
        var k: Item = [:]
        k[hashKey.name] = item[hashKey.name]
        if let r = rangeKey { k[r.name] = item[r.name] }
        return k
    }

    /// A key from `name=value` words (`user_id=abc`, or `user_id=abc sk=3`), typed by the key schema.
    /// A single bare value stands for the partition key.
    public func key(fromArguments words: [String]) throws(DynamoError) -> Item {
        var key: Item = [:]
        for word in words {
            let name: String, value: String
            if let eq = word.firstIndex(of: "=") {
                name = String(word[..<eq])
                value = String(word[word.index(after: eq)...])
            } else if words.count == 1 {
                name = hashKey.name
                value = word
            } else {
                throw .validation("'\(word)' is not name=value")
            }
            guard let attr = name == hashKey.name ? hashKey : (rangeKey?.name == name ? rangeKey : nil) else {
                throw .validation("\(name) is not a key attribute of \(self.name); the key is \(keySchemaDescription)")
            }
            switch attr.type {
            case .s: key[name] = .s(value)
            case .n: key[name] = .n(value)
            case .b: key[name] = .b(Array(value.utf8))
            }
        }
        return key
    }
}
