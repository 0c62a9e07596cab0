import IngestCore
@testable import IngestTemplate
import Testing

@Suite("Table definitions from AWS::DynamoDB::Table resources")
struct TableMappingTests {
    let context = AWSContext(region: "us-east-1", accountId: "123456789012")
    var mapper: DefinitionMapper { DefinitionMapper(file: "template.yaml", context: context) }

    func resource(_ properties: JSONValue, logicalId: String = "UserOnboardingTable", physicalId: String = "demo_user_onboarding",
                  arn: String? = nil) -> ResourceDefinition {
        ResourceDefinition(logicalId: logicalId, type: "AWS::DynamoDB::Table", physicalId: physicalId, arn: arn, status: .runs,
                           properties: properties, location: "template.yaml:322")
    }

    /// The onboarding table as the bundled template declares it, after parameters are resolved (the
    /// capacity parameters are strings).
    var onboardingProperties: JSONValue {
        [
            "TableName": "demo_user_onboarding",
            "AttributeDefinitions": [["AttributeName": "user_id", "AttributeType": "S"]],
            "KeySchema": [["AttributeName": "user_id", "KeyType": "HASH"]],
            "BillingMode": "PROVISIONED",
            "ProvisionedThroughput": ["ReadCapacityUnits": "1", "WriteCapacityUnits": "1"],
            "StreamSpecification": ["StreamViewType": "NEW_AND_OLD_IMAGES"],
            "SSESpecification": ["SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": "alias/UserIngestionCmk"],
            "PointInTimeRecoverySpecification": ["PointInTimeRecoveryEnabled": true],
        ]
    }

    func error(_ properties: JSONValue) -> String? {
        ddbError { try mapper.table(resource(properties)) }?.message
    }

    @Test("the onboarding table parses with its key, stream, capacity and KMS key")
    func onboarding() throws {
        let d = try mapper.table(resource(onboardingProperties))
        #expect(d.logicalId == "UserOnboardingTable")
        #expect(d.name == "demo_user_onboarding")
        #expect(d.arn == "arn:aws:dynamodb:us-east-1:123456789012:table/demo_user_onboarding")
        #expect(d.hashKey == KeyAttribute(name: "user_id", type: .s))
        #expect(d.rangeKey == nil)
        #expect(d.streamViewType == .newAndOldImages)
        #expect(d.streamArn == "arn:aws:dynamodb:us-east-1:123456789012:table/demo_user_onboarding/stream/2024-01-01T00:00:00.000")
        #expect(d.billingMode == .provisioned)
        #expect(d.readCapacity == 1 && d.writeCapacity == 1)
        #expect(d.sseKmsKeyId == "alias/UserIngestionCmk")
        #expect(d.keySchemaDescription == "user_id (S, HASH)")
    }

    @Test("capacity may be numbers or numeric strings; the resource's ARN and physical id are used")
    func numbersAndNames() throws {
        var p = onboardingProperties.objectValue!
        p["ProvisionedThroughput"] = ["ReadCapacityUnits": 5, "WriteCapacityUnits": "10"]
        p["TableName"] = nil
        p["StreamSpecification"] = nil
        p["SSESpecification"] = nil
        let d = try mapper.table(resource(.object(p), physicalId: "ingest-UserOnboardingTable-ABC", arn: "arn:aws:dynamodb:eu-west-1:1:table/x"))
        #expect(d.name == "ingest-UserOnboardingTable-ABC")
        #expect(d.arn == "arn:aws:dynamodb:eu-west-1:1:table/x")
        #expect(d.readCapacity == 5 && d.writeCapacity == 10)
        #expect(d.streamViewType == nil)
        #expect(d.sseKmsKeyId == nil)
    }

    @Test("a composite key with a numeric sort key, on demand")
    func compositeOnDemand() throws {
        let d = try mapper.table(resource([
            "TableName": "events",
            "AttributeDefinitions": [["AttributeName": "sk", "AttributeType": "N"], ["AttributeName": "pk", "AttributeType": "S"]],
            "KeySchema": [["AttributeName": "pk", "KeyType": "HASH"], ["AttributeName": "sk", "KeyType": "RANGE"]],
            "BillingMode": "PAY_PER_REQUEST",
            "StreamSpecification": ["StreamViewType": "KEYS_ONLY"],
        ]))
        #expect(d.hashKey == KeyAttribute(name: "pk", type: .s))
        #expect(d.rangeKey == KeyAttribute(name: "sk", type: .n))
        #expect(d.billingMode == .payPerRequest)
        #expect(d.readCapacity == nil)
        #expect(d.streamViewType == .keysOnly)
        #expect(d.keyNames == ["pk", "sk"])
    }

    @Test("invalid definitions are ValidationExceptions naming the problem")
    func invalid() {
        var p = onboardingProperties.objectValue!
        func with(_ key: String, _ value: JSONValue?) -> JSONValue {
            var q = p
            q[key] = value
            return .object(q)
        }
        #expect(error(with("KeySchema", [["AttributeName": "username", "KeyType": "HASH"]]))?
            .contains("KeySchema names username, which AttributeDefinitions does not define") == true)
        #expect(error(with("KeySchema", [["AttributeName": "user_id", "KeyType": "RANGE"]]))?.contains("no HASH key") == true)
        #expect(error(with("StreamSpecification", ["StreamViewType": "EVERYTHING"]))?.contains("StreamViewType 'EVERYTHING'") == true)
        #expect(error(with("TableName", "a b"))?.contains("TableName 'a b'") == true)
        #expect(error(with("ProvisionedThroughput", nil))?
            .contains("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED") == true)
        #expect(error(with("BillingMode", "PAY_PER_REQUEST"))?.contains("PAY_PER_REQUEST") == true)
        #expect(error(with("AttributeDefinitions", [["AttributeName": "user_id", "AttributeType": "BOOL"]]))?.contains("S, N or B") == true)
        p["ProvisionedThroughput"] = ["ReadCapacityUnits": "one", "WriteCapacityUnits": 1]
        #expect(error(.object(p))?.hasPrefix("UserOnboardingTable (AWS::DynamoDB::Table): ") == true)
        let wrongType = ResourceDefinition(logicalId: "Q", type: "AWS::SQS::Queue", physicalId: "q", arn: nil, status: .runs,
                                           properties: [:], location: "t:1")
        #expect(ddbError { try mapper.table(wrongType) }?.code == "ValidationException")
    }
}

/// The DynamoError a body throws, or `nil` when it throws nothing (or something else).
private func ddbError<T>(_ body: () throws -> T) -> DynamoError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? DynamoError
    }
}
