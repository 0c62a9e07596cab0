import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestCore
import IngestHandlers
import IngestServer
import IngestTestSupport
import Testing

/// The DynamoDB and DynamoDB Streams services in process: JSON 1.0 through the endpoint's routes.
@Suite("AWS DynamoDB and Streams services in process", .timeLimit(.minutes(1)))
struct AWSDynamoDBServiceTests {
    static let target = HTTPField.Name("X-Amz-Target")!

    func app() throws -> (PipelineRuntime, some ApplicationProtocol) {
        let pipeline = try PipelineRuntime(definition: Fixtures.seedLike(), handlers: BuiltinHandlers.registry, clock: ManualClock())
        let router = Router()
        AWSServer(pipeline: pipeline, fallbackEndpoint: "http://127.0.0.1:4566").addRoutes(to: router)
        return (pipeline, Application(router: router))
    }

    func call(_ client: some TestClientProtocol, _ target: String, _ body: JSONValue) async throws -> (HTTPResponse.Status, JSONValue) {
        try await client.execute(uri: "/", method: .post, headers: [Self.target: target, .contentType: "application/x-amz-json-1.0"],
                                 body: ByteBuffer(string: body.serialized())) { r in
            (r.status, try JSONValue.parse(String(buffer: r.body)))
        }
    }

    let orders: JSONValue = [
        "TableName": "orders", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [["AttributeName": "pk", "AttributeType": "S"], ["AttributeName": "sk", "AttributeType": "N"]],
        "KeySchema": [["AttributeName": "pk", "KeyType": "HASH"], ["AttributeName": "sk", "KeyType": "RANGE"]],
        "StreamSpecification": ["StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"],
    ]

    @Test("CreateTable, PutItem, UpdateItem, Query; errors in DynamoDB's shapes, with the item of a failed condition")
    func itemsAndErrors() async throws {
        let (pipeline, app) = try app()
        try await app.test(.router) { client in
            func ddb(_ op: String, _ body: JSONValue) async throws -> (HTTPResponse.Status, JSONValue) {
                try await call(client, "DynamoDB_20120810.\(op)", body)
            }
            let (s1, created) = try await ddb("CreateTable", orders)
            #expect(s1 == .ok && created["TableDescription"]?["LatestStreamArn"]?.stringValue?.contains(":table/orders/stream/") == true)
            let (s2, inUse) = try await ddb("CreateTable", orders)
            #expect(s2 == .badRequest && inUse["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceInUseException")
            let item: JSONValue = ["pk": ["S": "a"], "sk": ["N": "1"], "n": ["N": "5"]]
            #expect(try await ddb("PutItem", ["TableName": "orders", "Item": item]).0 == .ok)
            let (s3, failed) = try await ddb("PutItem", ["TableName": "orders", "Item": item, "ConditionExpression": "attribute_not_exists(pk)",
                                                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"])
            #expect(s3 == .badRequest && failed["__type"] == "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")
            #expect(failed["Item"] == item)
            let (_, updated) = try await ddb("UpdateItem", ["TableName": "orders", "Key": ["pk": ["S": "a"], "sk": ["N": "1"]],
                                                           "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": [":one": ["N": "1"]],
                                                           "ReturnValues": "UPDATED_NEW"])
            #expect(updated == ["Attributes": ["n": ["N": "6"]]])
            let (_, queried) = try await ddb("Query", ["TableName": "orders", "KeyConditionExpression": "pk = :p AND sk BETWEEN :a AND :b",
                                                      "ExpressionAttributeValues": [":p": ["S": "a"], ":a": ["N": "0"], ":b": ["N": "2"]]])
            #expect(queried["Count"] == 1 && queried["ScannedCount"] == 1 && queried["Items"]?.arrayValue?.count == 1)
            let (s4, bad) = try await ddb("Query", ["TableName": "orders", "KeyConditionExpression": "pk = = :p", "ExpressionAttributeValues": [":p": ["S": "a"]]])
            #expect(s4 == .badRequest && bad["__type"] == "com.amazon.coral.validate#ValidationException")
            let (s5, missing) = try await ddb("GetItem", ["TableName": "nope", "Key": ["pk": ["S": "a"]]])
            #expect(s5 == .badRequest && missing["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException")
            let (s6, noName) = try await ddb("DescribeTable", [:])
            #expect(s6 == .badRequest && noName["message"]?.stringValue?.contains("'tableName' failed to satisfy constraint") == true)
            let (s7, unknown) = try await ddb("TransactWriteItems", [:])
            #expect(s7 == .badRequest && unknown["__type"]?.stringValue?.hasSuffix("#UnknownOperationException") == true)
            var second = orders.objectValue!
            second["TableName"] = "orders2"
            #expect(try await ddb("CreateTable", .object(second)).0 == .ok)
            let (_, listed) = try await ddb("ListTables", ["Limit": 1])
            #expect(listed["TableNames"]?.arrayValue?.count == 1 && listed["LastEvaluatedTableName"] != nil)
        }
        #expect(await pipeline.tables.summaries().contains { $0.name == "orders" && $0.itemCount == 1 })
    }

    @Test("Streams: DescribeStream, GetShardIterator and GetRecords read the writes made through the API, in the wire shape")
    func streams() async throws {
        let (_, app) = try app()
        try await app.test(.router) { client in
            let (_, created) = try await call(client, "DynamoDB_20120810.CreateTable", orders)
            let arn = try #require(created["TableDescription"]?["LatestStreamArn"])
            _ = try await call(client, "DynamoDB_20120810.PutItem", ["TableName": "orders", "Item": ["pk": ["S": "a"], "sk": ["N": "1"]]])
            _ = try await call(client, "DynamoDB_20120810.DeleteItem", ["TableName": "orders", "Key": ["pk": ["S": "a"], "sk": ["N": "1"]]])
            func streams(_ op: String, _ body: JSONValue) async throws -> (HTTPResponse.Status, JSONValue) {
                try await call(client, "DynamoDBStreams_20120810.\(op)", body)
            }
            let (_, listed) = try await streams("ListStreams", ["TableName": "orders"])
            #expect(listed["Streams"]?.arrayValue?.first?["StreamArn"] == arn)
            let (_, described) = try await streams("DescribeStream", ["StreamArn": arn])
            let shard = try #require(described["StreamDescription"]?["Shards"]?.arrayValue?.first?["ShardId"])
            #expect(described["StreamDescription"]?["StreamStatus"] == "ENABLED")
            let (_, it) = try await streams("GetShardIterator", ["StreamArn": arn, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"])
            let (_, got) = try await streams("GetRecords", ["ShardIterator": try #require(it["ShardIterator"])])
            let records = try #require(got["Records"]?.arrayValue)
            #expect(records.map { $0["eventName"] } == ["INSERT", "REMOVE"])
            #expect(records[0]["eventSource"] == "aws:dynamodb" && records[0]["eventVersion"] == "1.1" && records[0]["awsRegion"] != nil)
            #expect(records[0]["dynamodb"]?["Keys"] == ["pk": ["S": "a"], "sk": ["N": "1"]])
            #expect(records[1]["dynamodb"]?["OldImage"] != nil && records[1]["dynamodb"]?["NewImage"] == nil)
            #expect(got["NextShardIterator"] != nil)
            let (s1, gone) = try await streams("DescribeStream", ["StreamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/nope/stream/x"])
            #expect(s1 == .badRequest && gone["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException")
            let (s2, bad) = try await streams("GetRecords", ["ShardIterator": "bogus"])
            #expect(s2 == .badRequest && bad["__type"] == "com.amazon.coral.validate#ValidationException")
        }
    }
}
