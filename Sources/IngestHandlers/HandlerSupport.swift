import IngestCore

/// Why one record of a batch failed. The message never contains the record's body (seed flaw 10).
public struct RecordFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// A sign-up as the workers accept it: the schema of seed flaw 16, with unknown fields dropped.
public struct SignupRecord: Sendable, Hashable {
    /// The Auth0 `sub`: immutable, the tables' key (flaws 6 and 7).
    public var userId: String
    public var email: String
    /// Absent for Auth0 connections without usernames.
    public var username: String?

    public init(userId: String, email: String, username: String? = nil) {
        self.userId = userId
        self.email = email
        self.username = username
    }

    /// The longest `user_id` and `username`, in characters.
    public static let maxIdLength = 128
    /// The longest e-mail address, in bytes (RFC 5321).
    public static let maxEmailLength = 254

    /// Reads and validates a message body. The body may also be an SNS notification envelope (a subscription
    /// without raw message delivery), whose `Message` is then read.
    public static func parse(body: String) throws(RecordFailure) -> SignupRecord {
        let value: JSONValue
        do { value = try JSONValue.parse(body) } catch {
            throw RecordFailure("body is not JSON (\(error))")
        }
        guard case .object(var fields) = value else {
            throw RecordFailure("body is a JSON \(value.kindName), not an object")
        }
        if fields["Type"]?.stringValue == "Notification", let message = fields["Message"]?.stringValue, fields["TopicArn"] != nil {
            let inner: JSONValue
            do { inner = try JSONValue.parse(message) } catch {
                throw RecordFailure("SNS envelope's Message is not JSON (\(error))")
            }
            guard case .object(let innerFields) = inner else {
                throw RecordFailure("SNS envelope's Message is a JSON \(inner.kindName), not an object")
            }
            fields = innerFields
        }
        return try validate(fields)
    }

    /// Validates the fields of a sign-up.
    public static func validate(_ fields: [String: JSONValue]) throws(RecordFailure) -> SignupRecord {
        guard let rawId = fields["user_id"], !rawId.isNull else { throw RecordFailure("user_id is missing") }
        guard case .string(let userId) = rawId else { throw RecordFailure("user_id must be a string, got \(rawId.kindName)") }
        try checkIdentifier(userId, field: "user_id")

        guard let rawEmail = fields["email"], !rawEmail.isNull else { throw RecordFailure("email is missing") }
        guard case .string(let email) = rawEmail else { throw RecordFailure("email must be a string, got \(rawEmail.kindName)") }
        if let problem = emailProblem(email) { throw RecordFailure("email \(problem)") }

        var username: String?
        switch fields["username"] {
        case nil, .null?: username = nil
        case .string(let u)? where u.isEmpty: username = nil // no username: the Auth0 connection has none
        case .string(let u)?:
            try checkIdentifier(u, field: "username")
            username = u
        case let other?: throw RecordFailure("username must be a string, got \(other.kindName)")
        }
        return SignupRecord(userId: userId, email: email, username: username)
    }

    static func checkIdentifier(_ s: String, field: String) throws(RecordFailure) {
        let n = s.count
        guard n >= 1 else { throw RecordFailure("\(field) is empty") }
        guard n <= maxIdLength else { throw RecordFailure("\(field) is \(n) characters long (at most \(maxIdLength))") }
        guard s.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw RecordFailure("\(field) is blank") }
        guard !s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw RecordFailure("\(field) contains control characters")
        }
    }

    /// Why `email` is not a plausible address (without repeating it), or `nil`.
    public static func emailProblem(_ email: String) -> String? {
        let bytes = Array(email.utf8)
        guard !bytes.isEmpty else { return "is empty" }
        guard bytes.count <= maxEmailLength else { return "is \(bytes.count) bytes long (at most \(maxEmailLength))" }
        if email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return "contains spaces or control characters"
        }
        let ats = bytes.indices.filter { bytes[$0] == 0x40 }
        guard ats.count == 1, let at = ats.first else { return "must contain exactly one @" }
        guard at > 0 else { return "has an empty local part" }
        let domain = bytes[(at + 1)...]
        guard !domain.isEmpty else { return "has an empty domain" }
        guard domain.contains(0x2E) else { return "has no dot in its domain" }
        guard domain.first != 0x2E, domain.last != 0x2E, !zip(domain, domain.dropFirst()).contains(where: { $0 == 0x2E && $1 == 0x2E }) else {
            return "has an empty label in its domain"
        }
        return nil
    }
}

/// Helpers the built-in handlers share.
public enum HandlerSupport {
    /// The records of an event (`{"Records":[...]}`); a missing or malformed list fails the whole invocation.
    public static func records(_ event: JSONValue) throws(HandlerError) -> [JSONValue] {
        guard case .object(let o) = event else { throw HandlerError("the event is a JSON \(event.kindName), not an object with Records") }
        guard let records = o["Records"] else { throw HandlerError("the event has no Records") }
        guard case .array(let list) = records else { throw HandlerError("Records is a \(records.kindName), not a list") }
        return list
    }

    /// An SQS record's messageId and body. A record without a messageId cannot be reported on its own,
    /// so it fails the whole invocation (every message of the batch is retried).
    public static func sqsMessage(_ record: JSONValue, index: Int) throws(HandlerError) -> (messageId: String, body: String?) {
        guard let id = record["messageId"]?.stringValue, !id.isEmpty else {
            throw HandlerError("Records[\(index)] has no messageId")
        }
        return (id, record["body"]?.stringValue)
    }

    /// `{"batchItemFailures":[{"itemIdentifier":...}]}` in the order given.
    public static func batchResult(failures: [String]) -> JSONValue {
        .object([BatchResponse.failuresKey: .array(failures.map { .object([BatchResponse.identifierKey: .string($0)]) })])
    }

    /// Whether a table error is a failed condition (`ConditionalCheckFailedException`).
    public static func isConditionalCheckFailure(_ error: any Error) -> Bool {
        if let e = error as? DynamoError { return e.isConditionalCheckFailure }
        return false
    }

    /// A non-negative integer from the environment, or the default.
    static func int(_ env: [String: String], _ name: String, default d: Int, range: ClosedRange<Int>) throws(HandlerError) -> Int {
        guard let raw = env[name] else { return d }
        guard let v = Int(trimmed(raw)), range.contains(v) else {
            throw HandlerError("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(raw)'")
        }
        return v
    }

    /// A number from the environment in `range`, or the default.
    static func double(_ env: [String: String], _ name: String, default d: Double, range: ClosedRange<Double>) throws(HandlerError) -> Double {
        guard let raw = env[name] else { return d }
        guard let v = Double(trimmed(raw)), v.isFinite, range.contains(v) else {
            throw HandlerError("\(name) must be a number from \(range.lowerBound) to \(range.upperBound), got '\(raw)'")
        }
        return v
    }

    static func trimmed(_ text: String) -> Substring {
        var s = text[...]
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }

    /// A table name from the environment, or the default; an empty value is an error.
    static func tableName(_ env: [String: String], _ name: String, default d: String) throws(HandlerError) -> String {
        guard let raw = env[name] else { return d }
        guard !raw.isEmpty else { throw HandlerError("\(name) is empty") }
        return raw
    }
}

/// What a sign-up worker does with a record that can never be stored (not JSON, fields missing or malformed).
public enum InvalidRecords: String, Sendable, CaseIterable {
    /// Report it in `batchItemFailures`, so it retries and reaches the DLQ (the default).
    case retry
    /// Log it with its messageId and acknowledge it: the fix an operator deploys for a poison message
    /// (`ingest function configure F --env INVALID_RECORDS=discard`) before redriving the DLQ.
    case discard

    public static let variable = "INVALID_RECORDS"

    /// Reads `INVALID_RECORDS` from a function's environment.
    public init(environment: [String: String]) throws(HandlerError) {
        guard let raw = environment[Self.variable] else { self = .retry; return }
        guard let v = InvalidRecords(rawValue: HandlerSupport.trimmed(raw).lowercased()) else {
            throw HandlerError("\(Self.variable) must be 'retry' or 'discard', got '\(raw)'")
        }
        self = v
    }
}

/// The idempotent write both sign-up workers make (seed flaw 6): insert once, keyed by `user_id`, with a
/// conditional put; on a redelivery or a later sign-up of the same user, refresh only `email`, `username`
/// and `updated_at`, so `created_at` and the status fields are set exactly once.
enum SignupWriter {
    enum Outcome: Sendable { case inserted, refreshed }

    static func store(_ r: SignupRecord, table: String, initial: Item, now: String, tables: any TableAccess) async throws -> Outcome {
        do {
            try await tables.putItem(table: table, item: initial, condition: ConditionSpec("attribute_not_exists(user_id)"))
            return .inserted
        } catch where HandlerSupport.isConditionalCheckFailure(error) {
            var sets = ["#email = :email", "#updated_at = :updated_at"]
            var names = ["#email": "email", "#updated_at": "updated_at"]
            var values: [String: AttributeValue] = [":email": .s(r.email), ":updated_at": .s(now)]
            if let username = r.username {
                sets.append("#username = :username")
                names["#username"] = "username"
                values[":username"] = .s(username)
            }
            // The row must still be there: if it vanished since the put, fail and let the retry insert it.
            try await tables.updateItem(table: table, key: ["user_id": .s(r.userId)],
                                        update: ConditionSpec("SET " + sets.joined(separator: ", "), names: names, values: values),
                                        condition: ConditionSpec("attribute_exists(#user_id)", names: ["#user_id": "user_id"]))
            return .refreshed
        }
    }

    /// Runs a sign-up worker over an SQS event: every record on its own, failures reported by messageId.
    static func run(_ event: JSONValue, context: InvocationContext, what: String, table: String, invalid: InvalidRecords,
                    item: (SignupRecord, _ messageId: String, _ now: String) -> Item) async throws -> JSONValue {
        let records = try HandlerSupport.records(event)
        var failures: [String] = []
        for (index, record) in records.enumerated() {
            try Task.checkCancellation()
            let (messageId, body) = try HandlerSupport.sqsMessage(record, index: index)
            let signup: SignupRecord
            do {
                guard let body else { throw RecordFailure("record has no body") }
                signup = try SignupRecord.parse(body: body)
            } catch {
                switch invalid {
                case .retry:
                    context.logger.error("message \(messageId) rejected: \(error)")
                    failures.append(messageId)
                case .discard:
                    context.logger.warn("message \(messageId) discarded (INVALID_RECORDS=discard): \(error)")
                }
                continue
            }
            // The time of this record, not of the module load (seed flaw 5).
            let now = context.clock.now().iso8601
            do {
                switch try await store(signup, table: table, initial: item(signup, messageId, now), now: now, tables: context.tables) {
                case .inserted:
                    context.logger.info("stored \(what) for user \(signup.userId)")
                case .refreshed:
                    context.logger.info("user \(signup.userId) already had \(what) (redelivery or later sign-up): updated email, username and updated_at only")
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                context.logger.error("message \(messageId): could not store \(what) for user \(signup.userId) in \(table): \(error)")
                failures.append(messageId)
            }
        }
        return HandlerSupport.batchResult(failures: failures)
    }
}
