import IngestCore

/// `user-metadata`: stores each sign-up of an SQS batch in the metadata table, keyed by `user_id`.
///
/// Fixes the seed's flaws: each record is handled on its own and a bad or unstored record is reported in
/// `batchItemFailures` (4), the time is taken per record in ISO-8601 UTC (5), the write is a conditional
/// insert that a redelivery cannot reset (6), `user_id` is stored and is the key (7), the body is never
/// logged (10), and the fields are validated (16).
public struct UserMetadataHandler: NamedHandler {
    public static let name = "user-metadata"
    public static let tableVariable = "USER_METADATA_TABLE_NAME"
    public static let defaultTable = "demo_user_metadata"
    /// The status a new user starts with; the stream handler moves it to `COMPLETED`.
    public static let initialStatus = "PENDING"

    public let tableName: String
    /// `INVALID_RECORDS`: retry (the default) or discard records that can never be stored.
    public let invalidRecords: InvalidRecords

    public init(environment: [String: String] = [:]) throws(HandlerError) {
        tableName = try HandlerSupport.tableName(environment, Self.tableVariable, default: Self.defaultTable)
        invalidRecords = try InvalidRecords(environment: environment)
    }

    public func handle(_ event: JSONValue, context: InvocationContext) async throws -> JSONValue? {
        try await SignupWriter.run(event, context: context, what: "metadata", table: tableName, invalid: invalidRecords) { r, messageId, now in
            var item: Item = [
                "user_id": .s(r.userId),
                "email": .s(r.email),
                "onboarding_status": .s(Self.initialStatus),
                "created_at": .s(now),
                "updated_at": .s(now),
                "source_message_id": .s(messageId),
            ]
            if let username = r.username { item["username"] = .s(username) }
            return item
        }
    }
}
