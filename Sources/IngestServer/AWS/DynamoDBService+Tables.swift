import Foundation
import IngestCore

/// CreateTable, DescribeTable, ListTables, DeleteTable.
extension DynamoDBService {
    func createTable(_ input: DynamoInput) async throws -> AWSValue {
        let definition = try Self.definition(input, context: context)
        let info = try await tables.createTable(definition)
        return .structure([AWSMember("TableDescription", .raw(Self.describe(info, status: "ACTIVE")))])
    }

    func describeTable(_ input: DynamoInput) async throws -> AWSValue {
        let info = try await tables.info(try input.string("TableName"))
        return .structure([AWSMember("Table", .raw(Self.describe(info, status: "ACTIVE")))])
    }

    func deleteTable(_ input: DynamoInput) async throws -> AWSValue {
        let info = try await tables.deleteTable(try input.string("TableName"))
        return .structure([AWSMember("TableDescription", .raw(Self.describe(info, status: "DELETING")))])
    }

    func listTables(_ input: DynamoInput) async throws -> AWSValue {
        let limit = try input.optionalInt("Limit") ?? 100
        guard (1...100).contains(limit) else {
            throw DynamoError.validation("1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100 and greater than or equal to 1")
        }
        var names = await tables.tableNames()[...]
        if let start = try input.optionalString("ExclusiveStartTableName") { names = names.drop { $0 <= start } }
        let page = Array(names.prefix(limit))
        var members = [AWSMember("TableNames", .list(member: "member", page.map(AWSValue.string)))]
        if names.count > limit, let last = page.last { members.append(AWSMember("LastEvaluatedTableName", .string(last))) }
        return .structure(members)
    }

    // MARK: Decoding a definition

    /// A table definition from CreateTable's members. Secondary indexes are refused: this engine has none.
    static func definition(_ input: DynamoInput, context: AWSContext) throws(DynamoError) -> TableDefinition {
        let name = try input.string("TableName")
        for member in ["GlobalSecondaryIndexes", "LocalSecondaryIndexes"] where input[member] != nil {
            throw .validation("\(member) are not supported by this engine: it keeps no secondary indexes")
        }
        var attributes: [KeyAttribute] = []
        guard let defs = try input.list("AttributeDefinitions") else { throw DynamoInput.missing("AttributeDefinitions") }
        for d in defs {
            let a = DynamoInput(d.objectValue ?? [:])
            let type = try a.string("AttributeType")
            guard let t = ScalarAttributeType(rawValue: type) else {
                throw .validation("1 validation error detected: Value '\(type)' at 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]")
            }
            attributes.append(KeyAttribute(name: try a.string("AttributeName"), type: t))
        }
        guard let schema = try input.list("KeySchema"), !schema.isEmpty else { throw DynamoInput.missing("KeySchema") }
        var hash: String?, range: String?
        for k in schema {
            let e = DynamoInput(k.objectValue ?? [:])
            let attr = try e.string("AttributeName")
            switch try e.string("KeyType") {
            case "HASH" where hash == nil: hash = attr
            case "RANGE" where range == nil: range = attr
            default: throw .validation("Invalid KeySchema: Some index key schema element is not valid")
            }
        }
        guard let hash, schema.count <= 2 else {
            throw .validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
        }
        func key(_ n: String) throws(DynamoError) -> KeyAttribute {
            guard let a = attributes.first(where: { $0.name == n }) else {
                throw .validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [\(n)], AttributeDefinitions: [\(attributes.map(\.name).joined(separator: ", "))]")
            }
            return a
        }
        let billingText = try input.optionalString("BillingMode") ?? "PROVISIONED"
        guard let billing = BillingMode(rawValue: billingText) else {
            throw .validation("1 validation error detected: Value '\(billingText)' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]")
        }
        let throughput = try input.object("ProvisionedThroughput").map(DynamoInput.init)
        var viewType: StreamViewType?
        if let spec = try input.object("StreamSpecification").map(DynamoInput.init), try spec.optionalBool("StreamEnabled") == true {
            guard let text = try spec.optionalString("StreamViewType"), let v = StreamViewType(rawValue: text) else {
                throw .validation("One or more parameter values were invalid: StreamViewType must be one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES when StreamEnabled is true")
            }
            viewType = v
        }
        var kmsKey: String?
        if let sse = try input.object("SSESpecification").map(DynamoInput.init), try sse.optionalBool("Enabled") == true {
            kmsKey = try sse.optionalString("KMSMasterKeyId") ?? "alias/aws/dynamodb"
        }
        return TableDefinition(name: name, hashKey: try key(hash), rangeKey: try range.map(key), attributeDefinitions: attributes,
                               streamViewType: viewType, billingMode: billing, readCapacity: try throughput?.optionalInt("ReadCapacityUnits"),
                               writeCapacity: try throughput?.optionalInt("WriteCapacityUnits"), sseKmsKeyId: kmsKey,
                               context: context)
    }

    // MARK: Encoding a description

    static func seconds(_ t: Timestamp) -> JSONValue { .double(Double(t.millis) / 1000) }

    /// A stable id for a table: its ARN's MD5 in UUID form.
    static func tableId(_ arn: String) -> String {
        let h = Array(MD5.hex(arn))
        return [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }.joined(separator: "-")
    }

    /// The `TableDescription` shape.
    static func describe(_ info: TableInfo, status: String) -> JSONValue {
        let d = info.definition, s = info.summary
        var keySchema: [JSONValue] = [["AttributeName": .string(d.hashKey.name), "KeyType": "HASH"]]
        if let r = d.rangeKey { keySchema.append(["AttributeName": .string(r.name), "KeyType": "RANGE"]) }
        var out: [String: JSONValue] = [
            "TableName": .string(d.name),
            "TableArn": .string(d.arn),
            "TableId": .string(tableId(d.arn)),
            "TableStatus": .string(status),
            "CreationDateTime": seconds(info.createdAt),
            "AttributeDefinitions": .array(d.attributeDefinitions.map { ["AttributeName": .string($0.name), "AttributeType": .string($0.type.rawValue)] }),
            "KeySchema": .array(keySchema),
            "ItemCount": .int(s.itemCount),
            "TableSizeBytes": .int(s.sizeBytes),
            "ProvisionedThroughput": [
                "NumberOfDecreasesToday": 0, "ReadCapacityUnits": .int(d.readCapacity ?? 0), "WriteCapacityUnits": .int(d.writeCapacity ?? 0),
            ],
            "DeletionProtectionEnabled": false,
        ]
        if d.billingMode == .payPerRequest {
            out["BillingModeSummary"] = ["BillingMode": "PAY_PER_REQUEST", "LastUpdateToPayPerRequestDateTime": seconds(info.createdAt)]
        }
        if let view = d.streamViewType {
            out["StreamSpecification"] = ["StreamEnabled": true, "StreamViewType": .string(view.rawValue)]
            out["LatestStreamLabel"] = .string(TableDefinition.streamLabel)
            out["LatestStreamArn"] = .string(d.streamArn)
        }
        if let kms = d.sseKmsKeyId {
            out["SSEDescription"] = ["Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": .string(kms)]
        }
        return .object(out)
    }
}
