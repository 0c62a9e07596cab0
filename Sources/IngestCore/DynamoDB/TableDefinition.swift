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

/// A DynamoDB table to create, from an `AWS::DynamoDB::Table` resource.
public struct TableDefinition: Sendable, Hashable, Codable {
    public var logicalId: String
    public var name: String
    public var arn: String
    public var hashKey: KeyAttribute
    public var rangeKey: KeyAttribute?
    /// `nil`: the table has no stream.
    public var streamViewType: StreamViewType?
    public var billingMode: BillingMode
    public var readCapacity: Int?
    public var writeCapacity: Int?
    /// The KMS key of `SSESpecification` when server-side encryption with KMS is on.
    public var sseKmsKeyId: String?

    /// The label every stream ARN of the engine carries (the template resolver uses the same one).
    public static let streamLabel = "2024-01-01T00:00:00.000"

    public init(logicalId: String? = nil, name: String, arn: String? = nil, hashKey: KeyAttribute, rangeKey: KeyAttribute? = nil,
                streamViewType: StreamViewType? = nil, billingMode: BillingMode = .payPerRequest, readCapacity: Int? = nil,
                writeCapacity: Int? = nil, sseKmsKeyId: String? = nil, context: AWSContext = AWSContext()) {
        self.logicalId = logicalId ?? name
        self.name = name
        self.arn = arn ?? context.tableArn(name)
        self.hashKey = hashKey
        self.rangeKey = rangeKey
        self.streamViewType = streamViewType
        self.billingMode = billingMode
        self.readCapacity = readCapacity
        self.writeCapacity = writeCapacity
        self.sseKmsKeyId = sseKmsKeyId
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

    /// Reads the resolved properties of an `AWS::DynamoDB::Table`: TableName (else the physical id),
    /// KeySchema, AttributeDefinitions, StreamSpecification, BillingMode, ProvisionedThroughput and
    /// SSESpecification. Numbers may be JSON numbers or numeric strings.
    public init(resource: ResourceDefinition, context: AWSContext) throws(DynamoError) {
        let id = resource.logicalId
        func fail(_ message: String) -> DynamoError { .validation("\(id) (AWS::DynamoDB::Table): \(message)") }
        guard resource.type == "AWS::DynamoDB::Table" else { throw fail("resource type is \(resource.type)") }
        let p = resource.properties
        guard p.objectValue != nil || p.isNull else { throw fail("Properties is a \(p.kindName), not an object") }

        let name: String
        if let n = p["TableName"] {
            guard let s = n.stringValue else { throw fail("TableName is a \(n.kindName), not a string") }
            name = s
        } else {
            name = resource.physicalId
        }
        guard (3...255).contains(name.count), name.unicodeScalars.allSatisfy({ Self.isTableNameCharacter($0) }) else {
            throw fail("TableName '\(name)' must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'")
        }

        // AttributeDefinitions: name → type.
        var types: [String: ScalarAttributeType] = [:]
        guard let defs = p["AttributeDefinitions"]?.arrayValue else { throw fail("AttributeDefinitions is required (a list)") }
        for (i, d) in defs.enumerated() {
            guard let n = d["AttributeName"]?.stringValue, !n.isEmpty else { throw fail("AttributeDefinitions[\(i)] has no AttributeName") }
            guard let t = d["AttributeType"]?.stringValue, let type = ScalarAttributeType(rawValue: t) else {
                throw fail("AttributeDefinitions[\(i)] (\(n)) needs AttributeType S, N or B")
            }
            guard types[n] == nil else { throw fail("AttributeDefinitions defines \(n) twice") }
            types[n] = type
        }

        // KeySchema: one HASH, at most one RANGE.
        guard let schema = p["KeySchema"]?.arrayValue, !schema.isEmpty else { throw fail("KeySchema is required (a list)") }
        var hash: KeyAttribute?
        var range: KeyAttribute?
        for (i, k) in schema.enumerated() {
            guard let n = k["AttributeName"]?.stringValue, !n.isEmpty else { throw fail("KeySchema[\(i)] has no AttributeName") }
            guard let type = types[n] else {
                throw fail("KeySchema names \(n), which AttributeDefinitions does not define")
            }
            switch k["KeyType"]?.stringValue {
            case "HASH":
                guard hash == nil else { throw fail("KeySchema has more than one HASH key") }
                hash = KeyAttribute(name: n, type: type)
            case "RANGE":
                guard range == nil else { throw fail("KeySchema has more than one RANGE key") }
                range = KeyAttribute(name: n, type: type)
            default:
                throw fail("KeySchema[\(i)] (\(n)) needs KeyType HASH or RANGE")
            }
        }
        guard let hash else { throw fail("KeySchema has no HASH key") }
        if let range, range.name == hash.name { throw fail("KeySchema uses \(hash.name) as both HASH and RANGE key") }

        var view: StreamViewType?
        if let spec = p["StreamSpecification"], !spec.isNull {
            guard let v = spec["StreamViewType"]?.stringValue else { throw fail("StreamSpecification needs StreamViewType") }
            guard let t = StreamViewType(rawValue: v) else {
                throw fail("StreamViewType '\(v)' is not one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES")
            }
            if spec["StreamEnabled"].flatMap(Self.bool) != false { view = t }
        }

        let billing: BillingMode
        if let b = p["BillingMode"] {
            guard let s = b.stringValue, let mode = BillingMode(rawValue: s) else {
                throw fail("BillingMode must be PROVISIONED or PAY_PER_REQUEST")
            }
            billing = mode
        } else {
            billing = .provisioned
        }
        var rcu: Int?
        var wcu: Int?
        if let pt = p["ProvisionedThroughput"], !pt.isNull {
            guard billing == .provisioned else {
                throw fail("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
            }
            guard let r = pt["ReadCapacityUnits"]?.intValue, let w = pt["WriteCapacityUnits"]?.intValue else {
                throw fail("ProvisionedThroughput needs whole-number ReadCapacityUnits and WriteCapacityUnits")
            }
            guard r >= 1, w >= 1 else { throw fail("ReadCapacityUnits and WriteCapacityUnits must be at least 1") }
            rcu = r
            wcu = w
        } else if billing == .provisioned {
            throw fail("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
        }

        var kmsKey: String?
        if let sse = p["SSESpecification"], !sse.isNull {
            let enabled = sse["SSEEnabled"].flatMap(Self.bool) ?? false
            if enabled, sse["SSEType"]?.stringValue ?? "KMS" == "KMS" {
                kmsKey = sse["KMSMasterKeyId"]?.stringValue ?? "alias/aws/dynamodb"
            }
        }

        self.init(logicalId: id, name: name, arn: resource.arn ?? context.tableArn(name), hashKey: hash, rangeKey: range,
                  streamViewType: view, billingMode: billing, readCapacity: rcu, writeCapacity: wcu, sseKmsKeyId: kmsKey,
                  context: context)
    }

    static func isTableNameCharacter(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-" || c == "."
    }

    static func bool(_ v: JSONValue) -> Bool? {
        switch v {
        case .bool(let b): return b
        case .string(let s): return s.lowercased() == "true" ? true : (s.lowercased() == "false" ? false : nil)
        default: return nil
        }
    }
}
