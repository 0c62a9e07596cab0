import IngestCore

/// `user-onboarding-stream`: reads the onboarding table's stream and carries a finished onboarding over
/// to the metadata table, the step the seed drew but never built (flaw 8).
///
/// Every record of the batch is handled: INSERT and REMOVE are logged; a change of `status` to `COMPLETED`
/// (`NewImage.status` is `COMPLETED`, `OldImage.status` is not) sets the metadata row's
/// `onboarding_status` to `COMPLETED` with the condition `attribute_exists(user_id)`, so a metadata row that
/// is not there yet is a failure to retry rather than a half-written row. Failures are reported by the
/// record's `dynamodb.SequenceNumber`; the mapping resumes from the lowest one. Records after a failure are
/// still handled, except those of an item that already failed in this batch, which are reported too so
/// that one user's changes are applied in order.
public struct UserOnboardingStreamHandler: NamedHandler {
    public static let name = "user-onboarding-stream"
    public static let tableVariable = UserMetadataHandler.tableVariable
    public static let completed = "COMPLETED"

    public let metadataTable: String

    public init(environment: [String: String] = [:]) throws(HandlerError) {
        metadataTable = try HandlerSupport.tableName(environment, Self.tableVariable, default: UserMetadataHandler.defaultTable)
    }

    public func handle(_ event: JSONValue, context: InvocationContext) async throws -> JSONValue? {
        let records = try HandlerSupport.records(event)
        var failures: [String] = []
        var failedKeys = Set<String>()
        var applied = 0
        for (index, record) in records.enumerated() {
            try Task.checkCancellation()
            guard let sequence = record["dynamodb"]?["SequenceNumber"]?.stringValue, !sequence.isEmpty else {
                // Without a sequence number the record cannot be reported alone: retry the batch.
                throw HandlerError("Records[\(index)] has no dynamodb.SequenceNumber")
            }
            let keyText = record["dynamodb"]?["Keys"]?.serialized() ?? ""
            if failedKeys.contains(keyText) {
                context.logger.warn("record \(sequence): skipped, an earlier change of the same item failed in this batch")
                failures.append(sequence)
                continue
            }
            do {
                if try await apply(record, sequence: sequence, context: context) { applied += 1 }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                context.logger.error("record \(sequence): \(error)")
                failures.append(sequence)
                failedKeys.insert(keyText)
            }
        }
        context.logger.info("handled \(records.count) stream record(s): \(applied) status change(s) applied, \(failures.count) failed")
        return HandlerSupport.batchResult(failures: failures)
    }

    /// Handles one record. Returns whether it changed the metadata table.
    func apply(_ record: JSONValue, sequence: String, context: InvocationContext) async throws -> Bool {
        guard let eventName = record["eventName"]?.stringValue else { throw RecordFailure("the record has no eventName") }
        guard let ddb = record["dynamodb"]?.objectValue else { throw RecordFailure("the record has no dynamodb section") }
        let keys = try Self.image(ddb["Keys"], "Keys") ?? [:]
        let newImage = try Self.image(ddb["NewImage"], "NewImage")
        let oldImage = try Self.image(ddb["OldImage"], "OldImage")
        guard let userId = (keys["user_id"] ?? newImage?["user_id"] ?? oldImage?["user_id"])?.stringValue else {
            throw RecordFailure("\(eventName) record without a string user_id key")
        }
        let newStatus = newImage?["status"]?.stringValue
        let oldStatus = oldImage?["status"]?.stringValue
        switch eventName {
        case "INSERT":
            context.logger.info("onboarding started for user \(userId) (status \(newStatus ?? "unknown"))")
        case "MODIFY":
            guard newImage != nil else {
                throw RecordFailure("MODIFY record for user \(userId) has no NewImage: the stream must include new images")
            }
        case "REMOVE":
            context.logger.info("onboarding record removed for user \(userId) (status was \(oldStatus ?? "unknown"))")
            return false
        default:
            throw RecordFailure("unknown eventName '\(eventName)'")
        }
        guard newStatus == Self.completed, oldStatus != Self.completed else {
            if eventName == "MODIFY" {
                context.logger.info("onboarding of user \(userId) changed, status \(oldStatus ?? "unknown") → \(newStatus ?? "unknown"): nothing to carry over")
            }
            return false
        }
        let now = context.clock.now().iso8601
        do {
            try await context.tables.updateItem(
                table: metadataTable, key: ["user_id": .s(userId)],
                update: ConditionSpec("SET onboarding_status = :c, updated_at = :t", values: [":c": .s(Self.completed), ":t": .s(now)]),
                condition: ConditionSpec("attribute_exists(user_id)"))
        } catch where HandlerSupport.isConditionalCheckFailure(error) {
            throw RecordFailure("no metadata row for user \(userId) in \(metadataTable) yet; the status change will be retried")
        }
        context.logger.info("onboarding of user \(userId) completed: \(metadataTable).onboarding_status set to \(Self.completed)")
        return true
    }

    /// A stream image (`{"attr":{"S":"..."}}`) as an item; `nil` when absent.
    static func image(_ json: JSONValue?, _ what: String) throws(RecordFailure) -> Item? {
        guard let json, !json.isNull else { return nil }
        do { return try Item(dynamoJSON: json) } catch {
            throw RecordFailure("\(what) is not a DynamoDB image: \(error)")
        }
    }
}
