import IngestCore

extension DefinitionMapper {
    /// Reads the resolved properties of an `AWS::DynamoDB::Table`: TableName (else the physical id),
    /// KeySchema, AttributeDefinitions, StreamSpecification, BillingMode, ProvisionedThroughput and
    /// SSESpecification. Numbers may be JSON numbers or numeric strings. The value rules (name, key schema against
    /// the attribute definitions, capacity for the billing mode) are `TableDefinition.validate()`'s.
    func table(_ resource: ResourceDefinition) throws(DynamoError) -> TableDefinition {
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

        // AttributeDefinitions: name → type (a name defined twice is validate()'s to refuse).
        var attributes: [KeyAttribute] = []
        var types: [String: ScalarAttributeType] = [:]
        guard let defs = p["AttributeDefinitions"]?.arrayValue else { throw fail("AttributeDefinitions is required (a list)") }
        for (i, d) in defs.enumerated() {
            guard let n = d["AttributeName"]?.stringValue, !n.isEmpty else { throw fail("AttributeDefinitions[\(i)] has no AttributeName") }
            guard let t = d["AttributeType"]?.stringValue, let type = ScalarAttributeType(rawValue: t) else {
                throw fail("AttributeDefinitions[\(i)] (\(n)) needs AttributeType S, N or B")
            }
            attributes.append(KeyAttribute(name: n, type: type))
            types[n] = types[n] ?? type
        }

        // KeySchema: one HASH, at most one RANGE.
        guard let schema = p["KeySchema"]?.arrayValue, !schema.isEmpty else { throw fail("KeySchema is required (a list)") }
        var hash: KeyAttribute?
        var range: KeyAttribute?
        for (i, k) in schema.enumerated() {
            guard let n = k["AttributeName"]?.stringValue, !n.isEmpty else { throw fail("KeySchema[\(i)] has no AttributeName") }
            // The key's type is its attribute definition's; validate() refuses a name that has none, so the
            // placeholder is never used.
            let type = types[n] ?? .s
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

        var view: StreamViewType?
        if let spec = p["StreamSpecification"], !spec.isNull {
            guard let v = spec["StreamViewType"]?.stringValue else { throw fail("StreamSpecification needs StreamViewType") }
            guard let t = StreamViewType(rawValue: v) else {
                throw fail("StreamViewType '\(v)' is not one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES")
            }
            if spec["StreamEnabled"].flatMap(PropertyReader.boolean) != false { view = t }
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
            guard let r = pt["ReadCapacityUnits"]?.intValue, let w = pt["WriteCapacityUnits"]?.intValue else {
                throw fail("ProvisionedThroughput needs whole-number ReadCapacityUnits and WriteCapacityUnits")
            }
            rcu = r
            wcu = w
        }

        var kmsKey: String?
        if let sse = p["SSESpecification"], !sse.isNull {
            let enabled = sse["SSEEnabled"].flatMap(PropertyReader.boolean) ?? false
            if enabled, sse["SSEType"]?.stringValue ?? "KMS" == "KMS" {
                kmsKey = sse["KMSMasterKeyId"]?.stringValue ?? "alias/aws/dynamodb"
            }
        }

        let table = TableDefinition(logicalId: id, name: name, arn: resource.arn ?? context.tableArn(name), hashKey: hash, rangeKey: range,
                                    attributeDefinitions: attributes, streamViewType: view, billingMode: billing, readCapacity: rcu,
                                    writeCapacity: wcu, sseKmsKeyId: kmsKey, location: resource.location, context: context)
        do { try table.validate() } catch { throw fail(error.message) }
        return table
    }
}
