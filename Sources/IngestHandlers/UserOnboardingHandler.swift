import IngestCore

/// `user-onboarding`: starts onboarding for each sign-up of an SQS batch in the onboarding table, keyed by
/// `user_id`, with the same discipline as `user-metadata`. A redelivery never sets `status` back to
/// `INITIATED` (seed flaw 6): only the first delivery inserts; later ones refresh email, username and
/// updated_at. `status` is a reserved word, so any expression naming it uses `#status`.
public struct UserOnboardingHandler: NamedHandler {
    public static let name = "user-onboarding"
    public static let tableVariable = "USER_ONBOARDING_TABLE_NAME"
    public static let defaultTable = "demo_user_onboarding"
    public static let initialStatus = "INITIATED"

    public let tableName: String
    /// `INVALID_RECORDS`: retry (the default) or discard records that can never be stored.
    public let invalidRecords: InvalidRecords

    public init(environment: [String: String] = [:]) throws(HandlerError) {
        tableName = try HandlerSupport.tableName(environment, Self.tableVariable, default: Self.defaultTable)
        invalidRecords = try InvalidRecords(environment: environment)
    }

    public func handle(_ event: JSONValue, context: InvocationContext) async throws -> JSONValue? {
        try await SignupWriter.run(event, context: context, what: "onboarding record", table: tableName, invalid: invalidRecords) { r, _, now in
            var item: Item = [
                "user_id": .s(r.userId),
                "email": .s(r.email),
                "status": .s(Self.initialStatus),
                "created_at": .s(now),
                "updated_at": .s(now),
            ]
            if let username = r.username { item["username"] = .s(username) }
            return item
        }
    }
}
