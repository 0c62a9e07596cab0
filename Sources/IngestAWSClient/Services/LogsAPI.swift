import IngestAWSAuth
import IngestCore

/// One CloudWatch Logs event.
public struct LogEvent: Sendable, Hashable {
    public var group: String
    public var stream: String
    public var timestamp: Int64
    public var message: String
    public var eventId: String
}

/// The CloudWatch Logs actions the console uses, over JSON 1.1 (`Logs_20140328.<Action>`).
public struct LogsAPI: Sendable {
    public let connection: AWSConnection
    public init(_ connection: AWSConnection) { self.connection = connection }

    /// Events of a group from `startMillis` on, oldest first, at most `limit`; a group that does not exist
    /// (a function that never ran) has none.
    public func filter(group: String, startMillis: Int64?, pattern: String? = nil, limit: Int) async throws(AWSClientError) -> [LogEvent] {
        var out: [LogEvent] = []
        var token: String?
        var pages = 0
        repeat {
            pages += 1
            var body: [String: JSONValue] = ["logGroupName": .string(group), "limit": .int(min(10_000, max(1, limit - out.count)))]
            if let startMillis { body["startTime"] = .int(startMillis) }
            if let pattern, !pattern.isEmpty { body["filterPattern"] = .string(pattern) }
            if let token { body["nextToken"] = .string(token) }
            let r: JSONValue
            do { r = try await connection.json(.logs, target: "Logs_20140328", action: "FilterLogEvents", version: "1.1", .object(body)) } catch {
                if error.code == "ResourceNotFoundException" { return out }
                throw error
            }
            for e in r["events"]?.arrayValue ?? [] {
                out.append(LogEvent(group: group, stream: e["logStreamName"]?.stringValue ?? "", timestamp: Int64(e["timestamp"]?.doubleValue ?? 0),
                                    message: e["message"]?.stringValue ?? "", eventId: e["eventId"]?.stringValue ?? ""))
            }
            token = r["nextToken"]?.stringValue
        } while token != nil && out.count < limit && pages < AWSConnection.maxPages
        return out
    }
}
