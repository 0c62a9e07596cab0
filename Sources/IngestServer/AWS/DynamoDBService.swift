import Foundation
import IngestCore

/// The DynamoDB operations of the AWS endpoint (JSON 1.0, `DynamoDB_20120810.*`). Each one decodes its
/// input, calls the table service's operation (the rules live in IngestCore), and encodes the answer.
public struct DynamoDBService: AWSService {
    public let tables: TableService
    public let context: AWSContext

    public init(tables: TableService, context: AWSContext) {
        self.tables = tables
        self.context = context
    }

    public init(context: AWSRequestContext) {
        self.init(tables: context.pipeline.tables, context: context.pipeline.definition.context)
    }

    public static let model = AWSServiceModel(
        signingName: "dynamodb", targetPrefix: "DynamoDB_20120810", queryVersion: nil, xmlNamespace: "", operations: operations)

    public static let operations: Set<String> = [
        "CreateTable", "DescribeTable", "ListTables", "DeleteTable",
        "PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchWriteItem", "BatchGetItem",
    ]

    /// DynamoDB's `__type` namespace (validation errors come from the framework's).
    public static let namespace = "com.amazonaws.dynamodb.v20120810"

    public static func wireError(_ error: any Error) -> AWSError? {
        switch error {
        case let e as AWSError: return e
        case let e as DynamoError: return AWSError(dynamo: e)
        default: return nil
        }
    }

    public func call(_ action: String, _ input: AWSInput) async throws -> AWSValue {
        let input = DynamoInput(input.members)
        switch action {
        case "CreateTable": return try await createTable(input)
        case "DescribeTable": return try await describeTable(input)
        case "ListTables": return try await listTables(input)
        case "DeleteTable": return try await deleteTable(input)
        case "PutItem": return try await putItem(input)
        case "GetItem": return try await getItem(input)
        case "UpdateItem": return try await updateItem(input)
        case "DeleteItem": return try await deleteItem(input)
        case "Query": return try await query(input)
        case "Scan": return try await scan(input)
        case "BatchWriteItem": return try await batchWriteItem(input)
        case "BatchGetItem": return try await batchGetItem(input)
        default: throw AWSError.unknownOperation(action)
        }
    }
}

extension AWSError {
    /// A DynamoDB (or DynamoDB Streams) error as the wire carries it: `__type` from the engine's code, the
    /// failed item of a conditional check when the caller asked for it (`Item`).
    public init(dynamo e: DynamoError, item: Item? = nil) {
        let type = e.awsType
        let hash = type.firstIndex(of: "#")
        let namespace = hash.map { String(type[..<$0]) } ?? DynamoDBService.namespace
        self.init(code: e.code, message: e.message, senderFault: e.httpStatus < 500, status: e.httpStatus, namespace: namespace)
        if let item { members["Item"] = item.dynamoJSON }
    }
}

/// A DynamoDB request's members, read with DynamoDB's validation errors.
struct DynamoInput {
    let members: [String: JSONValue]

    init(_ members: [String: JSONValue]) { self.members = members }

    /// `tableName` of `TableName`: DynamoDB names members in lower camel case in its messages.
    static func wireName(_ name: String) -> String { name.prefix(1).lowercased() + name.dropFirst() }

    static func missing(_ name: String) -> DynamoError {
        .validation("1 validation error detected: Value null at '\(wireName(name))' failed to satisfy constraint: Member must not be null")
    }

    subscript(_ name: String) -> JSONValue? {
        guard let v = members[name], !v.isNull else { return nil }
        return v
    }

    func string(_ name: String) throws(DynamoError) -> String {
        guard let s = try optionalString(name) else { throw Self.missing(name) }
        return s
    }

    func optionalString(_ name: String) throws(DynamoError) -> String? {
        guard let v = self[name] else { return nil }
        guard case .string(let s) = v else { throw .validation("Value for \(name) must be a string") }
        return s
    }

    func optionalInt(_ name: String) throws(DynamoError) -> Int? {
        guard let v = self[name] else { return nil }
        guard let n = v.intValue else { throw .validation("Value for \(name) must be an integer") }
        return n
    }

    func optionalBool(_ name: String) throws(DynamoError) -> Bool? {
        guard let v = self[name] else { return nil }
        guard case .bool(let b) = v else { throw .validation("Value for \(name) must be a boolean") }
        return b
    }

    func object(_ name: String) throws(DynamoError) -> [String: JSONValue]? {
        guard let v = self[name] else { return nil }
        guard case .object(let o) = v else { throw .validation("Value for \(name) must be a structure") }
        return o
    }

    func list(_ name: String) throws(DynamoError) -> [JSONValue]? {
        guard let v = self[name] else { return nil }
        guard case .array(let a) = v else { throw .validation("Value for \(name) must be a list") }
        return a
    }

    /// A required item or key in DynamoDB JSON.
    func item(_ name: String) throws(DynamoError) -> Item {
        guard let v = self[name] else { throw Self.missing(name) }
        return try Item(dynamoJSON: v)
    }

    func optionalItem(_ name: String) throws(DynamoError) -> Item? {
        guard let v = self[name] else { return nil }
        return try Item(dynamoJSON: v)
    }

    /// `ExpressionAttributeNames`.
    func names() throws(DynamoError) -> [String: String] {
        guard let o = try object("ExpressionAttributeNames") else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in o {
            guard case .string(let s) = v else { throw .validation("ExpressionAttributeNames must map names to strings") }
            out[k] = s
        }
        return out
    }

    /// `ExpressionAttributeValues`.
    func values() throws(DynamoError) -> [String: AttributeValue] {
        guard let o = try object("ExpressionAttributeValues") else { return [:] }
        var out: [String: AttributeValue] = [:]
        for (k, v) in o {
            do { out[k] = try AttributeValue(json: v) } catch {
                throw .validation("ExpressionAttributeValues contains invalid value: \(error.message) for key \(k)")
            }
        }
        return out
    }

    /// An expression member with the request's names and values, `nil` when absent.
    func expression(_ name: String) throws(DynamoError) -> ConditionSpec? {
        guard let text = try optionalString(name) else { return nil }
        return ConditionSpec(text, names: try names(), values: try values())
    }

    /// The projection: `ProjectionExpression`, or the legacy `AttributesToGet` as one.
    func projection() throws(DynamoError) -> ConditionSpec? {
        if let text = try optionalString("ProjectionExpression") { return ConditionSpec(text, names: try names()) }
        guard let list = try list("AttributesToGet") else { return nil }
        var names: [String: String] = [:]
        var parts: [String] = []
        for (i, v) in list.enumerated() {
            guard case .string(let s) = v else { throw .validation("AttributesToGet must be a list of strings") }
            names["#atg\(i)"] = s
            parts.append("#atg\(i)")
        }
        guard !parts.isEmpty else { return nil }
        return ConditionSpec(parts.joined(separator: ", "), names: names)
    }

    /// Refuses the legacy conditional members this engine does not emulate.
    func refuseLegacy(_ legacy: [String]) throws(DynamoError) {
        for name in legacy where self[name] != nil {
            throw .validation("The legacy parameter \(name) is not supported by this engine; use the expression parameters instead")
        }
    }

    /// `ConsistentRead`, accepted (every read is consistent) when it is a boolean.
    func checkConsistentRead() throws(DynamoError) { _ = try optionalBool("ConsistentRead") }
}
