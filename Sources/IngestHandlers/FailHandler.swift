import IngestCore

/// `fail`: fails records on purpose, to show retries, dead-letter queues, alarms and redrives.
///
/// A record fails when its body contains `FAIL_PATTERN`, or when a hash of its identifier falls under
/// `FAIL_RATIO` (0.0–1.0). The hash makes the choice deterministic: the same message fails on every delivery,
/// and no random generator is involved. `FAIL_RATIO` defaults to 1.0 (everything fails), or to 0.0 when a
/// `FAIL_PATTERN` is set (only matching records fail).
///
/// `FAIL_MODE`: `report` (default) lists failing records in `batchItemFailures`; `throw` fails the whole
/// invocation when any record fails.
///
/// It reads SQS records (`messageId`, `body`) and stream records (`dynamodb.SequenceNumber`, the record as
/// its body), so it can stand in for any worker.
public struct FailHandler: NamedHandler {
    public static let name = "fail"

    public enum Mode: String, Sendable { case report, `throw` }

    public let ratio: Double
    public let pattern: String?
    public let mode: Mode

    public init(environment: [String: String] = [:]) throws(HandlerError) {
        pattern = environment["FAIL_PATTERN"].flatMap { $0.isEmpty ? nil : $0 }
        ratio = try HandlerSupport.double(environment, "FAIL_RATIO", default: pattern == nil ? 1.0 : 0.0, range: 0...1)
        let rawMode = environment["FAIL_MODE"].map { HandlerSupport.trimmed($0).lowercased() } ?? "report"
        guard let mode = Mode(rawValue: rawMode) else {
            throw HandlerError("FAIL_MODE must be 'report' or 'throw', got '\(environment["FAIL_MODE"] ?? "")'")
        }
        self.mode = mode
    }

    /// Whether a record with this identifier and body fails.
    public func fails(identifier: String, body: String) -> Bool {
        if let pattern, body.contains(pattern) { return true }
        return Self.fraction(identifier) < ratio
    }

    /// A stable number in [0, 1) for an identifier: FNV-1a, 64 bits, top 53 bits as a fraction.
    public static func fraction(_ identifier: String) -> Double {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for c in identifier.utf8 { h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01B3 }
        // Mix so that identifiers differing only at the end spread over the whole range.
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return Double(h >> 11) / 9_007_199_254_740_992.0
    }

    public func handle(_ event: JSONValue, context: InvocationContext) async throws -> JSONValue? {
        let records = try HandlerSupport.records(event)
        var failures: [String] = []
        for (index, record) in records.enumerated() {
            let id: String
            let body: String
            if let messageId = record["messageId"]?.stringValue {
                id = messageId
                body = record["body"]?.stringValue ?? ""
            } else if let sequence = record["dynamodb"]?["SequenceNumber"]?.stringValue {
                id = sequence
                body = record.serialized()
            } else {
                throw HandlerError("Records[\(index)] has neither a messageId nor a dynamodb.SequenceNumber")
            }
            let matched = pattern.map { body.contains($0) } ?? false
            if matched || Self.fraction(id) < ratio {
                failures.append(id)
                context.logger.error("injected failure for record \(id) (\(matched ? "FAIL_PATTERN matched" : "FAIL_RATIO \(ratio)"))")
            }
        }
        if mode == .throw, !failures.isEmpty {
            throw HandlerError("injected failure: \(failures.count) of \(records.count) record(s) failed (FAIL_MODE=throw)")
        }
        return HandlerSupport.batchResult(failures: failures)
    }
}
