import IngestCore

/// The DynamoDB Streams operations of the AWS endpoint (JSON 1.0, `DynamoDBStreams_20120810.*`, signed
/// as `dynamodb`): every table's stream is one shard, read through the table service's iterators.
public struct DynamoDBStreamsService: AWSService {
    public let tables: TableService
    public let region: String

    public init(tables: TableService, region: String) {
        self.tables = tables
        self.region = region
    }

    public init(context: AWSRequestContext) {
        self.init(tables: context.pipeline.tables, region: context.pipeline.definition.context.region)
    }

    public static let model = AWSServiceModel(
        signingName: "dynamodb", targetPrefix: "DynamoDBStreams_20120810", queryVersion: nil, xmlNamespace: "", operations: operations)

    public static let operations: Set<String> = ["ListStreams", "DescribeStream", "GetShardIterator", "GetRecords"]

    public static func wireError(_ error: any Error) -> AWSError? { DynamoDBService.wireError(error) }

    public func call(_ action: String, _ input: AWSInput) async throws -> AWSValue {
        let input = DynamoInput(input.members)
        switch action {
        case "ListStreams": return try await listStreams(input)
        case "DescribeStream": return try await describeStream(input)
        case "GetShardIterator": return try await getShardIterator(input)
        case "GetRecords": return try await getRecords(input)
        default: throw AWSError.unknownOperation(action)
        }
    }

    static func streamNotFound(_ arn: String) -> DynamoError {
        .resourceNotFound("Requested resource not found: Stream: \(arn) not found")
    }

    /// The table whose stream this ARN is (exactly its stream ARN).
    func streamTable(_ arn: String) async throws -> TableInfo {
        guard arn.contains("/stream/"), let info = try? await tables.info(arn), info.definition.streamViewType != nil,
              info.definition.streamArn == arn else { throw Self.streamNotFound(arn) }
        return info
    }

    func listStreams(_ input: DynamoInput) async throws -> AWSValue {
        let limit = try input.optionalInt("Limit") ?? 100
        guard (1...100).contains(limit) else {
            throw DynamoError.validation("1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100 and greater than or equal to 1")
        }
        var streams = await tables.streamTables()
        if let table = try input.optionalString("TableName") {
            let name = try await tables.info(table).definition.name
            streams = streams.filter { $0.definition.name == name }
        }
        var rest = streams.map(\.definition).sorted { $0.streamArn < $1.streamArn }[...]
        if let start = try input.optionalString("ExclusiveStartStreamArn") { rest = rest.drop { $0.streamArn <= start } }
        let page = Array(rest.prefix(limit))
        var members = [AWSMember("Streams", .raw(.array(page.map {
            ["StreamArn": .string($0.streamArn), "TableName": .string($0.name), "StreamLabel": .string(TableDefinition.streamLabel)]
        })))]
        if rest.count > limit, let last = page.last { members.append(AWSMember("LastEvaluatedStreamArn", .string(last.streamArn))) }
        return .structure(members)
    }

    func describeStream(_ input: DynamoInput) async throws -> AWSValue {
        let info = try await streamTable(try input.string("StreamArn"))
        let d = info.definition
        var keySchema: [JSONValue] = [["AttributeName": .string(d.hashKey.name), "KeyType": "HASH"]]
        if let r = d.rangeKey { keySchema.append(["AttributeName": .string(r.name), "KeyType": "RANGE"]) }
        var shards: [JSONValue] = []
        if (try input.optionalString("ExclusiveStartShardId")) != TableService.shardId {
            let start = info.summary.oldestSequence ?? TableStream.format(1)
            shards.append(["ShardId": .string(TableService.shardId), "SequenceNumberRange": ["StartingSequenceNumber": .string(start)]])
        }
        let description: JSONValue = [
            "StreamArn": .string(d.streamArn),
            "StreamLabel": .string(TableDefinition.streamLabel),
            "StreamStatus": "ENABLED",
            "StreamViewType": .string(d.streamViewType!.rawValue),
            "CreationRequestDateTime": DynamoDBService.seconds(info.createdAt),
            "TableName": .string(d.name),
            "KeySchema": .array(keySchema),
            "Shards": .array(shards),
        ]
        return .structure([AWSMember("StreamDescription", .raw(description))])
    }

    func getShardIterator(_ input: DynamoInput) async throws -> AWSValue {
        let arn = try input.string("StreamArn")
        let shard = try input.string("ShardId")
        let typeText = try input.string("ShardIteratorType")
        guard let type = ShardIteratorType(rawValue: typeText) else {
            throw DynamoError.validation("1 validation error detected: Value '\(typeText)' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]")
        }
        let info = try await streamTable(arn)
        guard shard == TableService.shardId else {
            throw DynamoError.resourceNotFound("Requested resource not found: Shard does not exist")
        }
        let sequence = try input.optionalString("SequenceNumber")
        if type == .atSequenceNumber || type == .afterSequenceNumber, sequence == nil {
            throw DynamoError.validation("Must specify a sequence number with ShardIteratorType \(typeText)")
        }
        let iterator = try await tables.getShardIterator(table: info.definition.name, type: type, sequenceNumber: sequence)
        return .structure([AWSMember("ShardIterator", .string(iterator))])
    }

    func getRecords(_ input: DynamoInput) async throws -> AWSValue {
        let iterator = try input.string("ShardIterator")
        let result = try await tables.getRecords(shardIterator: iterator, limit: try input.optionalInt("Limit") ?? 1000)
        let records: [JSONValue] = result.records.map {
            [
                "eventID": .string($0.eventID), "eventName": .string($0.eventName.rawValue), "eventVersion": "1.1",
                "eventSource": "aws:dynamodb", "awsRegion": .string(region), "dynamodb": $0.dynamodbJSON,
            ]
        }
        var members = [AWSMember("Records", .raw(.array(records)))]
        if let next = result.nextShardIterator { members.append(AWSMember("NextShardIterator", .string(next))) }
        return .structure(members)
    }
}
