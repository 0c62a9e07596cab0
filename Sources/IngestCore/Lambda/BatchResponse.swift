/// What a function's result means to an event source mapping with `ReportBatchItemFailures`
/// (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
public enum BatchResponse: Sendable, Hashable {
    /// Every record succeeded: delete (or checkpoint) the whole batch.
    case success
    /// Only these identifiers failed (SQS messageIds, or stream SequenceNumbers).
    case partial(Set<String>)
    /// The response cannot be trusted: retry the whole batch.
    case wholeBatchFailure(reason: String)

    /// The response key that lists failures.
    public static let failuresKey = "batchItemFailures"
    /// The key of each failure's identifier.
    public static let identifierKey = "itemIdentifier"

    /// Reads a function's result against the identifiers of the batch it was given.
    ///
    /// Complete success: no result, `null`, an empty string, an object without `batchItemFailures`
    /// (such as `{"statusCode":200}`), a `null` or empty list.
    /// Complete failure: a result that is not an object; `batchItemFailures` that is not a list; an entry
    /// that is not an object, or has no `itemIdentifier` (a misspelled key), a `null`, non-string or empty one,
    /// or one that is not in the batch. A top-level key that looks like a misspelling of `batchItemFailures`
    /// (`BatchItemFailures`, `batchItemFailure`, `batchitemfailures`, ...) also fails the whole batch: AWS
    /// would read it as "no failures" and delete messages the function meant to keep, so the engine refuses it.
    public static func interpret(_ result: JSONValue?, batchIds: Set<String>) -> BatchResponse {
        guard let result else { return .success }
        let object: [String: JSONValue]
        switch result {
        case .null: return .success
        case .string(let s) where s.isEmpty: return .success
        case .object(let o): object = o
        default:
            return .wholeBatchFailure(reason: "the response is a \(result.kindName), not a JSON object with \(failuresKey)")
        }
        guard let failures = object[failuresKey] else {
            if let near = object.keys.sorted().first(where: looksLikeFailuresKey) {
                return .wholeBatchFailure(reason: "the response has '\(near)', not '\(failuresKey)' (misspelled key)")
            }
            return .success
        }
        let entries: [JSONValue]
        switch failures {
        case .null: return .success
        case .array(let a): entries = a
        default: return .wholeBatchFailure(reason: "\(failuresKey) is a \(failures.kindName), not a list")
        }
        var ids = Set<String>()
        for (i, entry) in entries.enumerated() {
            guard case .object(let item) = entry else {
                return .wholeBatchFailure(reason: "\(failuresKey)[\(i)] is a \(entry.kindName), not an object")
            }
            guard let value = item[identifierKey] else {
                let keys = item.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
                return .wholeBatchFailure(reason: "\(failuresKey)[\(i)] has no \(identifierKey) (keys: \(keys.isEmpty ? "none" : keys))")
            }
            guard case .string(let id) = value else {
                return .wholeBatchFailure(reason: "\(failuresKey)[\(i)].\(identifierKey) is \(value.kindName), not a string")
            }
            guard !id.isEmpty else {
                return .wholeBatchFailure(reason: "\(failuresKey)[\(i)].\(identifierKey) is an empty string")
            }
            guard batchIds.contains(id) else {
                return .wholeBatchFailure(reason: "\(failuresKey)[\(i)].\(identifierKey) '\(id)' is not in this batch")
            }
            ids.insert(id)
        }
        return ids.isEmpty ? .success : .partial(ids)
    }

    /// A key close to `batchItemFailures`: equal but for case, or within three edits of it.
    static func looksLikeFailuresKey(_ key: String) -> Bool {
        let target = Array("batchitemfailures".utf8)
        let k = Array(key.lowercased().utf8)
        guard !k.isEmpty, abs(k.count - target.count) <= 3 else { return false }
        // Levenshtein distance with two rows; the strings are short.
        var prev = Array(0...target.count)
        var cur = [Int](repeating: 0, count: target.count + 1)
        for i in 1...k.count {
            cur[0] = i
            for j in 1...target.count {
                let cost = k[i - 1] == target[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            }
            swap(&prev, &cur)
        }
        return prev[target.count] <= 3
    }
}
