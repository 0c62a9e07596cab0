import Foundation
import IngestCore

/// The resources the console shows, found once and again every minute: queue URLs, topic ARNs, table and
/// function names, alarm names, and each one's logical id when a stack or template named it.
public struct AWSInventory: Sendable, Hashable {
    public var queueURLs: [String] = []
    public var topicArns: [String] = []
    public var tables: [String] = []
    public var functions: [String] = []
    /// Alarms chosen by name (a stack or template); `nil` chooses them by what they watch.
    public var alarmNames: [String]?
    public var mappingUUIDs: Set<String>?
    /// Physical name → logical id.
    public var logicalIds: [String: String] = [:]
    /// The stack's REST API id, when it has one.
    public var restApiId: String?
    /// Resources a template names that were not found.
    public var missing: [String] = []

    public init() {}

    static func queueName(fromURL url: String) -> String { String(url.split(separator: "/").last ?? Substring(url)) }
    static func lastComponent(_ arn: String) -> String { String(arn.split(separator: ":").last ?? Substring(arn)) }

    /// Finds the scope's resources. Listing a kind the caller may not list is a warning, not a failure,
    /// except the queues: without them there is nothing to operate.
    static func resolve(_ scope: AWSScope, apis: AWSAPIs, warnings: inout [String]) async throws(AWSClientError) -> AWSInventory {
        var inv = AWSInventory()
        switch scope {
        case .stack(let stack):
            let resources = try await apis.cloudFormation.resources(ofStack: stack)
            for r in resources where !r.physicalId.isEmpty {
                switch r.type {
                case "AWS::SQS::Queue":
                    inv.queueURLs.append(r.physicalId)
                    inv.logicalIds[queueName(fromURL: r.physicalId)] = r.logicalId
                case "AWS::SNS::Topic":
                    inv.topicArns.append(r.physicalId)
                    inv.logicalIds[lastComponent(r.physicalId)] = r.logicalId
                case "AWS::DynamoDB::Table": inv.tables.append(r.physicalId); inv.logicalIds[r.physicalId] = r.logicalId
                case "AWS::Lambda::Function": inv.functions.append(r.physicalId); inv.logicalIds[r.physicalId] = r.logicalId
                case "AWS::CloudWatch::Alarm": inv.alarmNames = (inv.alarmNames ?? []) + [r.physicalId]; inv.logicalIds[r.physicalId] = r.logicalId
                case "AWS::Lambda::EventSourceMapping": inv.mappingUUIDs = (inv.mappingUUIDs ?? []).union([r.physicalId]); inv.logicalIds[r.physicalId] = r.logicalId
                case "AWS::ApiGateway::RestApi": inv.restApiId = r.physicalId
                default: break
                }
            }
            if inv.alarmNames == nil { inv.alarmNames = [] }
        case .prefix(let prefix):
            inv.queueURLs = try await apis.sqs.listQueues(prefix: prefix)
            inv.topicArns = await listed("sns:ListTopics", &warnings) { () async throws(AWSClientError) in try await apis.sns.listTopics() }
                .filter { lastComponent($0).hasPrefix(prefix) }
            inv.tables = await listed("dynamodb:ListTables", &warnings) { () async throws(AWSClientError) in try await apis.dynamodb.listTables() }
                .filter { $0.hasPrefix(prefix) }
            inv.functions = await listed("lambda:ListFunctions", &warnings) { () async throws(AWSClientError) in try await apis.lambda.listFunctions() }
                .map(\.name).filter { $0.hasPrefix(prefix) }
        case .everything:
            inv.queueURLs = try await apis.sqs.listQueues(prefix: nil)
            inv.topicArns = await listed("sns:ListTopics", &warnings) { () async throws(AWSClientError) in try await apis.sns.listTopics() }
            inv.tables = await listed("dynamodb:ListTables", &warnings) { () async throws(AWSClientError) in try await apis.dynamodb.listTables() }
            inv.functions = await listed("lambda:ListFunctions", &warnings) { () async throws(AWSClientError) in try await apis.lambda.listFunctions() }.map(\.name)
        case .template(let names):
            let queues = try await apis.sqs.listQueues(prefix: nil)
            let topics = await listed("sns:ListTopics", &warnings) { () async throws(AWSClientError) in try await apis.sns.listTopics() }
            let tables = await listed("dynamodb:ListTables", &warnings) { () async throws(AWSClientError) in try await apis.dynamodb.listTables() }
            let functions = await listed("lambda:ListFunctions", &warnings) { () async throws(AWSClientError) in try await apis.lambda.listFunctions() }.map(\.name)
            inv.alarmNames = []
            for r in names.resources {
                func pick(_ candidates: [String], _ name: (String) -> String) -> String? { candidates.first { names.matches(name($0), r) } }
                var found: String?
                switch r.type {
                case "AWS::SQS::Queue": found = pick(queues, queueName(fromURL:)); if let f = found { inv.queueURLs.append(f); inv.logicalIds[queueName(fromURL: f)] = r.logicalId }
                case "AWS::SNS::Topic": found = pick(topics, lastComponent); if let f = found { inv.topicArns.append(f); inv.logicalIds[lastComponent(f)] = r.logicalId }
                case "AWS::DynamoDB::Table": found = pick(tables, { $0 }); if let f = found { inv.tables.append(f); inv.logicalIds[f] = r.logicalId }
                case "AWS::Lambda::Function": found = pick(functions, { $0 }); if let f = found { inv.functions.append(f); inv.logicalIds[f] = r.logicalId }
                case "AWS::CloudWatch::Alarm":
                    // Alarms are matched when DescribeAlarms answers (by the name the template gives).
                    if let n = r.explicitName { inv.alarmNames?.append(n); inv.logicalIds[n] = r.logicalId; found = n }
                default: break
                }
                if found == nil {
                    inv.missing.append(r.explicitName.map { "\(r.logicalId) (\($0))" } ?? "\(r.logicalId) (no name in the template\(names.stack == nil ? "; pass --stack NAME to match generated names" : ""))")
                }
            }
            if !inv.missing.isEmpty { warnings.append("not found in the account: \(inv.missing.prefix(5).joined(separator: ", "))\(inv.missing.count > 5 ? ", …" : "")") }
        }
        switch scope {
        case .everything: break
        case .prefix(let p): await inv.addWatchersAndFeeders(apis: apis, prefix: p, warnings: &warnings)
        case .stack, .template: await inv.addWatchersAndFeeders(apis: apis, prefix: nil, warnings: &warnings)
        }
        return inv
    }

    /// The alarms that watch a chosen queue, table, function or topic, and the functions whose mappings
    /// read a chosen queue or table stream: a team's alarms and functions often live outside the stack
    /// that made the queues.
    mutating func addWatchersAndFeeders(apis: AWSAPIs, prefix: String?, warnings: inout [String]) async {
        let queues = Set(queueURLs.map(Self.queueName(fromURL:)))
        let watched = queues.union(tables).union(functions).union(topicArns.map(Self.lastComponent))
        var names = alarmNames ?? []
        let all = await Self.listed("cloudwatch:DescribeAlarms", &warnings) { () async throws(AWSClientError) in try await apis.cloudWatch.alarms() }
        for a in all where !names.contains(a.name) {
            if a.metric.dimensions.values.contains(where: watched.contains) || prefix.map({ a.name.hasPrefix($0) }) == true { names.append(a.name) }
        }
        alarmNames = names
        let mappings = await Self.listed("lambda:ListEventSourceMappings", &warnings) { () async throws(AWSClientError) in try await apis.lambda.listMappings() }
        for m in mappings where !functions.contains(m.functionName) {
            if queues.contains(Self.lastComponent(m.eventSourceArn)) || Self.streamTable(m.eventSourceArn).map(tables.contains) == true {
                functions.append(m.functionName)
            }
        }
    }

    /// `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL` → NAME.
    static func streamTable(_ arn: String) -> String? {
        // The stream label is a time and holds colons of its own.
        guard let resource = arn.split(separator: ":", maxSplits: 5).dropFirst(5).first else { return nil }
        let parts = resource.split(separator: "/")
        guard parts.count >= 4, parts[0] == "table", parts[2] == "stream" else { return nil }
        return String(parts[1])
    }

    /// A listing that may fail (missing permission, a service the endpoint lacks): empty, with a warning.
    static func listed<T>(_ action: String, _ warnings: inout [String], _ body: () async throws(AWSClientError) -> [T]) async -> [T] {
        do { return try await body() } catch {
            warnings.append(error.kind == .unsupported ? "\(action) is not served by this endpoint" : error.description)
            return []
        }
    }
}

/// Every service client over one connection.
public struct AWSAPIs: Sendable {
    public let sqs: SQSAPI
    public let sns: SNSAPI
    public let cloudWatch: CloudWatchAPI
    public let logs: LogsAPI
    public let dynamodb: DynamoDBAPI
    public let lambda: LambdaAPI
    public let cloudFormation: CloudFormationAPI
    public let sts: STSAPI

    public init(_ c: AWSConnection) {
        sqs = SQSAPI(c); sns = SNSAPI(c); cloudWatch = CloudWatchAPI(c); logs = LogsAPI(c)
        dynamodb = DynamoDBAPI(c); lambda = LambdaAPI(c); cloudFormation = CloudFormationAPI(c); sts = STSAPI(c)
    }
}
