import Foundation
import IngestCore

/// Reading events: `FilterLogEvents` across a group's streams, `GetLogEvents` along one stream.
extension LogsService {
    /// Epoch milliseconds, as Logs carries times.
    static func millis(_ input: AWSInput, _ name: String) throws(AWSError) -> Timestamp? {
        guard let v = try input.optionalInt(name) else { return nil }
        guard v >= 0 else { throw invalid("1 validation error detected: Value '\(v)' at '\(name)' failed to satisfy constraint: Member must have value greater than or equal to 0") }
        return Timestamp(millis: Int64(v))
    }

    /// The days of the streams a request names; an unknown stream is `ResourceNotFoundException`.
    func days(function: String, streams names: [String]) throws(AWSError) -> Set<Int64> {
        let byName = Dictionary(pipeline.logBook.streams(function: function).map { ($0.name, $0.day) }, uniquingKeysWith: { a, _ in a })
        var out = Set<Int64>()
        for n in names {
            guard let d = byName[n] else { throw Self.notFound("The specified log stream does not exist.") }
            out.insert(d)
        }
        return out
    }

    func filterLogEvents(_ input: AWSInput) async throws -> AWSValue {
        let fn = try await function(input)
        let names = try input.strings("logStreamNames")
        let streamPrefix = try input.optionalString("logStreamNamePrefix")
        if !names.isEmpty, streamPrefix != nil { throw Self.invalid("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.") }
        guard names.count <= 100 else { throw Self.invalid("logStreamNames takes at most 100 names, got \(names.count).") }
        let from = try Self.millis(input, "startTime"), to = try Self.millis(input, "endTime")
        if let from, let to, from > to { throw Self.invalid("startTime must be less than or equal to endTime.") }
        let pattern = try (try input.optionalString("filterPattern")).map { text throws(LogFilterPattern.Invalid) in try LogFilterPattern(text) }
        let size = try Self.limit(input, default: 10_000, max: 10_000)
        var after: UInt64?
        if let token = try input.optionalString("nextToken") {
            guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8), text.hasPrefix("e:"),
                  let id = UInt64(text.dropFirst(2)) else { throw Self.invalid("The specified nextToken is invalid.") }
            after = id
        }
        let all = pipeline.logBook.streams(function: fn)
        var days: Set<Int64>? = names.isEmpty ? nil : try self.days(function: fn, streams: names)
        if let streamPrefix { days = Set(all.filter { $0.name.hasPrefix(streamPrefix) }.map(\.day)) }
        let found = pipeline.logBook.events(function: fn, from: from, to: to, days: days, afterId: after, pattern: pattern, limit: size)
        let events: [AWSValue] = found.lines.map { l in
            .structure([
                AWSMember("logStreamName", .string(LambdaLogGroups.streamName(function: fn, day: LambdaLogGroups.day(of: l.at)))),
                AWSMember("timestamp", .integer(l.at.millis)),
                AWSMember("message", .string(l.message)),
                AWSMember("ingestionTime", .integer(l.at.millis)),
                AWSMember("eventId", .string(String(l.id))),
            ])
        }
        let searched = all.filter { days?.contains($0.day) ?? true }.map { s -> AWSValue in
            .structure([AWSMember("logStreamName", .string(s.name)), AWSMember("searchedCompletely", .boolean(!found.more))])
        }
        var members = [AWSMember("events", .list(member: "member", events)), AWSMember("searchedLogStreams", .list(member: "member", searched))]
        if found.more, let last = found.lines.last { members.append(AWSMember("nextToken", .string(Data("e:\(last.id)".utf8).base64EncodedString()))) }
        return .structure(members)
    }

    func getLogEvents(_ input: AWSInput) async throws -> AWSValue {
        let fn = try await function(input)
        let stream = try input.optionalString("logStreamName")
        guard let stream else { throw Self.invalid("1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null") }
        let days = try self.days(function: fn, streams: [stream])
        let from = try Self.millis(input, "startTime"), to = try Self.millis(input, "endTime")
        if let from, let to, from > to { throw Self.invalid("startTime must be less than or equal to endTime.") }
        let size = try Self.limit(input, default: 10_000, max: 10_000)
        var fromHead = try input.optionalBool("startFromHead") ?? false
        var after: UInt64?, before: UInt64?
        if let token = try input.optionalString("nextToken") {
            guard token.count > 2, let id = UInt64(token.dropFirst(2)) else { throw Self.invalid("The specified nextToken is invalid.") }
            switch token.prefix(2) {
            case "f/": after = id; fromHead = true
            case "b/": before = id; fromHead = false
            default: throw Self.invalid("The specified nextToken is invalid.")
            }
        }
        let found = pipeline.logBook.events(function: fn, from: from, to: to, days: days, afterId: after, beforeId: before,
                                            newest: !fromHead, limit: size)
        let events: [AWSValue] = found.lines.map { l in
            .structure([AWSMember("timestamp", .integer(l.at.millis)), AWSMember("message", .string(l.message)),
                        AWSMember("ingestionTime", .integer(l.at.millis))])
        }
        // Past the last event the forward token stays where it was, so a follower sees the same token and stops.
        let forward = found.lines.last.map(\.id) ?? after ?? (before.map { $0 - 1 }) ?? pipeline.logBook.lastId
        let backward = found.lines.first.map(\.id) ?? before ?? (after.map { $0 + 1 }) ?? pipeline.logBook.lastId + 1
        return .structure([
            AWSMember("events", .list(member: "member", events)),
            AWSMember("nextForwardToken", .string("f/\(Self.token(forward))")),
            AWSMember("nextBackwardToken", .string("b/\(Self.token(backward))")),
        ])
    }

    /// A token's digits, zero-padded as AWS's are.
    static func token(_ id: UInt64) -> String {
        let digits = String(id)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }
}
