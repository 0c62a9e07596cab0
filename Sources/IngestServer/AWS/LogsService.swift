import Foundation
import IngestCore

/// The CloudWatch Logs operations of the AWS endpoint (JSON 1.1, `Logs_20140328.Op`), read-only, over the
/// engine's log book: a log group `/aws/lambda/NAME` per function, a stream per UTC day it logged. Lines
/// are redacted when they enter the book, so nothing read here shows an e-mail address or an API key.
public struct LogsService: AWSService {
    public let pipeline: PipelineRuntime

    public init(pipeline: PipelineRuntime) { self.pipeline = pipeline }
    public init(context: AWSRequestContext) { self.init(pipeline: context.pipeline) }

    public static let model = AWSServiceModel(signingName: "logs", targetPrefix: "Logs_20140328", jsonVersion: "1.1", queryVersion: nil,
                                              xmlNamespace: "", operations: operations)

    public static let operations: Set<String> = ["DescribeLogGroups", "DescribeLogStreams", "FilterLogEvents", "GetLogEvents"]

    public func call(_ action: String, _ input: AWSInput) async throws -> AWSValue {
        switch action {
        case "DescribeLogGroups": return try await describeLogGroups(input)
        case "DescribeLogStreams": return try await describeLogStreams(input)
        case "FilterLogEvents": return try await filterLogEvents(input)
        case "GetLogEvents": return try await getLogEvents(input)
        default: throw AWSError.unknownOperation(action)
        }
    }

    static let namespace = "com.amazonaws.logs"

    static func invalid(_ message: String) -> AWSError {
        AWSError(code: "InvalidParameterException", message: message, namespace: namespace)
    }

    static func notFound(_ message: String) -> AWSError {
        AWSError(code: "ResourceNotFoundException", message: message, namespace: namespace)
    }

    public static func wireError(_ error: any Error) -> AWSError? {
        switch error {
        case let e as AWSError:
            // The shared input readers answer in SQS's shapes: Logs has one shape for every bad parameter.
            return e.namespace == "com.amazonaws.sqs" ? invalid(e.message) : e
        case let e as LogFilterPattern.Invalid: return invalid(e.description)
        default: return nil
        }
    }

    // MARK: - Groups and paging

    /// The functions, by group name.
    func groups() async -> [(group: String, function: String)] {
        await pipeline.functions.summaries().map { (LambdaLogGroups.groupName(function: $0.name), $0.name) }.sorted { $0.group < $1.group }
    }

    /// The function of the request's `logGroupName` (or `logGroupIdentifier`, a name or an ARN); a group
    /// that does not exist is `ResourceNotFoundException`.
    func function(_ input: AWSInput) async throws -> String {
        var name = try input.optionalString("logGroupName")
        if let identifier = try input.optionalString("logGroupIdentifier") {
            guard name == nil else { throw Self.invalid("LogGroupName and LogGroupIdentifier are mutually exclusive parameters.") }
            // `arn:aws:logs:REGION:ACCOUNT:log-group:NAME` (with or without a trailing `:*`).
            if identifier.hasPrefix("arn:"), let range = identifier.range(of: ":log-group:") {
                var rest = identifier[range.upperBound...]
                if rest.hasSuffix(":*") { rest = rest.dropLast(2) }
                name = String(rest)
            } else {
                name = identifier
            }
        }
        guard let name else { throw Self.invalid("Either logGroupName or logGroupIdentifier must be specified.") }
        guard let fn = LambdaLogGroups.function(ofGroup: name), await groups().contains(where: { $0.function == fn }) else {
            throw Self.notFound("The specified log group does not exist.")
        }
        return fn
    }

    /// `limit` within `1...max`, or the default.
    static func limit(_ input: AWSInput, default value: Int, max: Int) throws(AWSError) -> Int {
        guard let n = try input.optionalInt("limit") else { return value }
        guard (1...max).contains(n) else {
            throw invalid("1 validation error detected: Value '\(n)' at 'limit' failed to satisfy constraint: Member must have value between 1 and \(max)")
        }
        return n
    }

    /// The offset of a `nextToken` this service handed out for name lists.
    static func offset(_ input: AWSInput) throws(AWSError) -> Int {
        guard let token = try input.optionalString("nextToken") else { return 0 }
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8), text.hasPrefix("o:"),
              let n = Int(text.dropFirst(2)), n >= 0 else {
            throw invalid("The specified nextToken is invalid.")
        }
        return n
    }

    static func page<T>(_ items: [T], _ input: AWSInput, size: Int) throws(AWSError) -> (items: [T], next: String?) {
        let start = try offset(input)
        guard start <= items.count else { return ([], nil) }
        let end = Swift.min(items.count, start + size)
        return (Array(items[start..<end]), end < items.count ? Data("o:\(end)".utf8).base64EncodedString() : nil)
    }

    func groupArn(_ group: String) -> String {
        let c = pipeline.definition.context
        return "arn:aws:logs:\(c.region):\(c.accountId):log-group:\(group)"
    }

    func describeLogGroups(_ input: AWSInput) async throws -> AWSValue {
        let prefix = try input.optionalString("logGroupNamePrefix"), pattern = try input.optionalString("logGroupNamePattern")
        if prefix != nil, pattern != nil {
            throw Self.invalid("LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.")
        }
        let identifiers = Set(try input.strings("logGroupIdentifiers"))
        let size = try Self.limit(input, default: 50, max: 50)
        let chosen = await groups().filter { g in
            if let prefix, !g.group.hasPrefix(prefix) { return false }
            if let pattern, !g.group.lowercased().contains(pattern.lowercased()) { return false }
            if !identifiers.isEmpty, !identifiers.contains(g.group), !identifiers.contains(groupArn(g.group)) { return false }
            return true
        }
        let page = try Self.page(chosen, input, size: size)
        var values: [AWSValue] = []
        for g in page.items {
            let streams = pipeline.logBook.streams(function: g.function)
            let arn = groupArn(g.group)
            values.append(.structure([
                AWSMember("logGroupName", .string(g.group)),
                AWSMember("creationTime", .integer(streams.first?.firstEvent.millis ?? pipeline.clock.now().millis)),
                AWSMember("metricFilterCount", .integer(0)),
                AWSMember("arn", .string(arn + ":*")),
                AWSMember("storedBytes", .integer(Int64(streams.reduce(0) { $0 + $1.storedBytes }))),
                AWSMember("logGroupClass", .string("STANDARD")),
                AWSMember("logGroupArn", .string(arn)),
            ]))
        }
        var members = [AWSMember("logGroups", .list(member: "member", values))]
        members.add("nextToken", page.next.map(AWSValue.string))
        return .structure(members)
    }

    func describeLogStreams(_ input: AWSInput) async throws -> AWSValue {
        let fn = try await function(input)
        let prefix = try input.optionalString("logStreamNamePrefix")
        let order = try input.optionalString("orderBy") ?? "LogStreamName"
        guard order == "LogStreamName" || order == "LastEventTime" else {
            throw Self.invalid("1 validation error detected: Value '\(order)' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LastEventTime, LogStreamName]")
        }
        if prefix != nil, order == "LastEventTime" { throw Self.invalid("Cannot order by LastEventTime with a logStreamNamePrefix.") }
        let descending = try input.optionalBool("descending") ?? false
        let size = try Self.limit(input, default: 50, max: 50)
        var streams = pipeline.logBook.streams(function: fn).filter { s in prefix.map { s.name.hasPrefix($0) } ?? true }
        streams.sort { order == "LastEventTime" ? $0.lastEvent < $1.lastEvent : $0.name < $1.name }
        if descending { streams.reverse() }
        let page = try Self.page(streams, input, size: size)
        let group = LambdaLogGroups.groupName(function: fn)
        var members = [AWSMember("logStreams", .list(member: "member", page.items.map { s in
            .structure([
                AWSMember("logStreamName", .string(s.name)),
                AWSMember("creationTime", .integer(s.firstEvent.millis)),
                AWSMember("firstEventTimestamp", .integer(s.firstEvent.millis)),
                AWSMember("lastEventTimestamp", .integer(s.lastEvent.millis)),
                AWSMember("lastIngestionTime", .integer(s.lastEvent.millis)),
                AWSMember("arn", .string("\(groupArn(group)):log-stream:\(s.name)")),
                AWSMember("storedBytes", .integer(Int64(s.storedBytes))),
            ])
        }))]
        members.add("nextToken", page.next.map(AWSValue.string))
        return .structure(members)
    }
}
