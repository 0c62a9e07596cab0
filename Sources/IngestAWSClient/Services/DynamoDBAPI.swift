import IngestAWSAuth
import IngestCore

/// The DynamoDB actions the console uses, over JSON 1.0 (`DynamoDB_20120810.<Action>`).
public struct DynamoDBAPI: Sendable {
    public let connection: AWSConnection
    public init(_ connection: AWSConnection) { self.connection = connection }

    func call(_ action: String, _ body: JSONValue) async throws(AWSClientError) -> JSONValue {
        try await connection.json(.dynamodb, target: "DynamoDB_20120810", action: action, body)
    }

    public func listTables() async throws(AWSClientError) -> [String] {
        var names: [String] = []
        var start: String?
        var pages = 0
        repeat {
            pages += 1
            var body: [String: JSONValue] = ["Limit": 100]
            if let start { body["ExclusiveStartTableName"] = .string(start) }
            let r = try await call("ListTables", .object(body))
            names += (r["TableNames"]?.arrayValue ?? []).compactMap(\.stringValue)
            start = r["LastEvaluatedTableName"]?.stringValue
        } while start != nil && names.count < 10_000 && pages < AWSConnection.maxPages
        return names
    }

    /// A table as the console shows it. Item count and size are DynamoDB's own (refreshed about every six hours).
    public func describe(_ name: String, logicalId: String?) async throws(AWSClientError) -> TableSummary {
        let r = try await call("DescribeTable", ["TableName": .string(name)])
        let t = r["Table"] ?? .object([:])
        var types: [String: ScalarAttributeType] = [:]
        for a in t["AttributeDefinitions"]?.arrayValue ?? [] {
            if let n = a["AttributeName"]?.stringValue { types[n] = ScalarAttributeType(rawValue: a["AttributeType"]?.stringValue ?? "S") ?? .s }
        }
        var hash = KeyAttribute(name: "?", type: .s)
        var range: KeyAttribute?
        for k in t["KeySchema"]?.arrayValue ?? [] {
            guard let n = k["AttributeName"]?.stringValue else { continue }
            let key = KeyAttribute(name: n, type: types[n] ?? .s)
            if k["KeyType"]?.stringValue == "RANGE" { range = key } else { hash = key }
        }
        var schema = "\(hash.name) (\(hash.type.rawValue), HASH)"
        if let range { schema += ", \(range.name) (\(range.type.rawValue), RANGE)" }
        let billing = BillingMode(rawValue: t["BillingModeSummary"]?["BillingMode"]?.stringValue ?? "PROVISIONED") ?? .provisioned
        let stream = t["StreamSpecification"]
        let streamOn = stream?["StreamEnabled"]?.boolValue ?? false
        return TableSummary(
            name: name, logicalId: logicalId ?? name, arn: t["TableArn"]?.stringValue ?? "", keySchema: schema, hashKey: hash, rangeKey: range,
            itemCount: t["ItemCount"]?.intValue ?? 0, sizeBytes: t["TableSizeBytes"]?.intValue ?? 0, billingMode: billing,
            readCapacity: billing == .provisioned ? t["ProvisionedThroughput"]?["ReadCapacityUnits"]?.intValue : nil,
            writeCapacity: billing == .provisioned ? t["ProvisionedThroughput"]?["WriteCapacityUnits"]?.intValue : nil,
            sseKmsKeyId: t["SSEDescription"]?["KMSMasterKeyArn"]?.stringValue,
            streamViewType: streamOn ? StreamViewType(rawValue: stream?["StreamViewType"]?.stringValue ?? "") : nil,
            streamArn: streamOn ? t["LatestStreamArn"]?.stringValue : nil, streamRecordCount: 0, oldestSequence: nil, newestSequence: nil,
            writes: 0, conditionalCheckFailures: 0)
    }

    /// The first page of a Scan, as plain JSON objects.
    public func scan(_ name: String, limit: Int) async throws(AWSClientError) -> [JSONValue] {
        let r = try await call("Scan", ["TableName": .string(name), "Limit": .int(max(1, min(1_000, limit)))])
        return (r["Items"]?.arrayValue ?? []).compactMap { item in
            guard let decoded = try? [String: AttributeValue](dynamoJSON: item) else { return nil }
            return .object(decoded.mapValues(\.plainJSON))
        }
    }
}
