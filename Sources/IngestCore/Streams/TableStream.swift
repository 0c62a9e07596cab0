import DequeModule

/// What happened to the item.
public enum StreamEventName: String, Sendable, Hashable, Codable, CaseIterable {
    case insert = "INSERT", modify = "MODIFY", remove = "REMOVE"
}

/// One change in a table's stream.
public struct StreamRecord: Sendable, Hashable, Codable {
    /// 32 hex digits, unique per record.
    public var eventID: String
    public var eventName: StreamEventName
    /// 21 digits, zero-padded, strictly increasing within a table's stream.
    public var sequenceNumber: String
    /// Epoch seconds of the change, rounded down.
    public var approximateCreationDateTime: Int64
    public var keys: Item
    /// Present for INSERT and MODIFY when the view type includes new images.
    public var newImage: Item?
    /// Present for MODIFY and REMOVE when the view type includes old images.
    public var oldImage: Item?
    /// The size of the record's keys and images.
    public var sizeBytes: Int
    public var streamViewType: StreamViewType
    /// When the change happened, to the millisecond (for retention and record age).
    public var createdAt: Timestamp

    /// A record of a change, with the images its view type carries. The stream assigns `eventID` and
    /// `sequenceNumber` when it appends it.
    public init(eventName: StreamEventName, keys: Item, newImage: Item?, oldImage: Item?, viewType: StreamViewType, createdAt: Timestamp) {
        self.eventID = ""
        self.eventName = eventName
        self.sequenceNumber = ""
        self.approximateCreationDateTime = createdAt.epochSeconds
        self.keys = keys
        self.newImage = viewType.includesNewImage && eventName != .remove ? newImage : nil
        self.oldImage = viewType.includesOldImage && eventName != .insert ? oldImage : nil
        self.streamViewType = viewType
        self.createdAt = createdAt
        self.sizeBytes = keys.itemSizeBytes + (self.newImage?.itemSizeBytes ?? 0) + (self.oldImage?.itemSizeBytes ?? 0)
    }

    /// The `dynamodb` section of the record, as DynamoDB Streams and Lambda show it.
    public var dynamodbJSON: JSONValue {
        var d: [String: JSONValue] = [
            "ApproximateCreationDateTime": .int(approximateCreationDateTime),
            "Keys": keys.dynamoJSON,
            "SequenceNumber": .string(sequenceNumber),
            "SizeBytes": .int(sizeBytes),
            "StreamViewType": .string(streamViewType.rawValue),
        ]
        if let newImage { d["NewImage"] = newImage.dynamoJSON }
        if let oldImage { d["OldImage"] = oldImage.dynamoJSON }
        return .object(d)
    }

    /// The record as a Lambda function receives it in `Records[]`.
    public func lambdaRecord(region: String, streamArn: String) -> JSONValue {
        .object([
            "eventID": .string(eventID),
            "eventName": .string(eventName.rawValue),
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": .string(region),
            "dynamodb": dynamodbJSON,
            "eventSourceARN": .string(streamArn),
        ])
    }
}

/// Where to start reading a stream (the GetShardIterator types).
public enum ShardIteratorType: String, Sendable, Hashable, Codable, CaseIterable {
    case trimHorizon = "TRIM_HORIZON"
    case latest = "LATEST"
    case atSequenceNumber = "AT_SEQUENCE_NUMBER"
    case afterSequenceNumber = "AFTER_SEQUENCE_NUMBER"
}

/// A table's stream: one shard of records in sequence order, kept 24 hours.
///
/// A *position* is the sequence number after which reading continues; `nil` is the trim horizon (the
/// oldest record still kept). Reading from a position whose following records have been trimmed throws
/// `TrimmedDataAccessException`.
public struct TableStream: Sendable {
    public let viewType: StreamViewType
    public let streamArn: String
    /// How long records are kept: 24 hours.
    public static let retentionMillis: Int64 = 86_400_000

    private var buffer: Deque<StreamRecord> = []
    /// The last sequence number handed out (0: none yet).
    public private(set) var lastSequence: UInt64 = 0
    /// The highest sequence number dropped by retention (0: none).
    public private(set) var trimmedThrough: UInt64 = 0

    public init(viewType: StreamViewType, streamArn: String) {
        self.viewType = viewType
        self.streamArn = streamArn
    }

    /// `000000000000000000042`.
    public static func format(_ n: UInt64) -> String {
        let s = String(n)
        return s.count >= 21 ? s : String(repeating: "0", count: 21 - s.count) + s
    }

    /// The number of a sequence number; `nil` when it is not one.
    public static func parse(_ s: String) -> UInt64? {
        guard !s.isEmpty, s.utf8.count <= 40, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        var t = Substring(s)
        while t.count > 1, t.first == "0" { t = t.dropFirst() }
        return UInt64(t)
    }

    static func position(_ s: String) throws(DynamoError) -> UInt64 {
        guard let n = parse(s) else { throw .validation("Invalid SequenceNumber: \(s)") }
        return n
    }

    /// Appends a change, giving it the next sequence number and an event id. Returns the stored record.
    @discardableResult
    public mutating func append(_ record: StreamRecord) -> StreamRecord {
        lastSequence += 1
        var r = record
        r.sequenceNumber = Self.format(lastSequence)
        r.eventID = MD5.hex("\(streamArn)#\(lastSequence)")
        buffer.append(r)
        return r
    }

    /// Puts back records read from the store (ascending sequence numbers), keeping their numbers.
    public mutating func restore(_ records: [StreamRecord]) {
        for r in records {
            guard let n = Self.parse(r.sequenceNumber), n > lastSequence else { continue }
            if buffer.isEmpty, n > 1 { trimmedThrough = Swift.max(trimmedThrough, n - 1) }
            buffer.append(r)
            lastSequence = n
        }
    }

    /// Drops records 24 hours old or older. Returns how many were dropped.
    @discardableResult
    public mutating func trim(now: Timestamp) -> Int {
        var dropped = 0
        while let first = buffer.first, now.millis(since: first.createdAt) >= Self.retentionMillis {
            buffer.removeFirst()
            trimmedThrough = Self.parse(first.sequenceNumber) ?? trimmedThrough
            dropped += 1
        }
        return dropped
    }

    /// Records kept.
    public var count: Int { buffer.count }
    public var isEmpty: Bool { buffer.isEmpty }
    public var oldestSequence: String? { buffer.first?.sequenceNumber }
    public var newestSequence: String? { buffer.last?.sequenceNumber }
    public var oldest: StreamRecord? { buffer.first }
    public var newest: StreamRecord? { buffer.last }

    /// The index in `buffer` of the first record after `position`.
    private func startIndex(after position: UInt64) -> Int {
        let firstSeq = trimmedThrough + 1
        guard position >= firstSeq else { return 0 }
        return Int(min(UInt64(buffer.count), position - firstSeq + 1))
    }

    /// Up to `limit` records after `position` (`nil`: from the trim horizon), oldest first.
    public func records(after position: String?, limit: Int) throws(DynamoError) -> [StreamRecord] {
        var start = 0
        if let position {
            let p = try Self.position(position)
            guard p >= trimmedThrough else {
                throw .trimmedDataAccess("Records after sequence number \(position) of \(streamArn) are past the 24-hour retention; read from TRIM_HORIZON.")
            }
            start = startIndex(after: p)
        }
        let end = min(buffer.count, start + max(1, limit))
        return start < end ? Array(buffer[start..<end]) : []
    }

    /// How many records follow `position` (`nil`: all of them).
    public func count(after position: String?) -> Int {
        guard let position, let p = Self.parse(position) else { return buffer.count }
        return buffer.count - startIndex(after: p)
    }

    /// Whether there is a record after `position`, or the position has been trimmed (a read would throw).
    public func hasRecords(after position: String?) -> Bool {
        guard let position else { return !buffer.isEmpty }
        guard let p = Self.parse(position) else { return true }
        return p < trimmedThrough || p < lastSequence
    }

    /// The newest `limit` records, oldest first.
    public func recent(limit: Int) -> [StreamRecord] {
        Array(buffer.suffix(max(0, limit)))
    }

    // MARK: Positions

    /// The trim horizon: before the oldest record kept.
    public var trimHorizon: String? { nil }

    /// After the newest record: only later changes are read.
    public var latest: String? { lastSequence == 0 ? nil : Self.format(lastSequence) }

    /// The position from which reading returns the record `sequence` first.
    public func position(atSequence sequence: String) throws(DynamoError) -> String? {
        let p = try Self.position(sequence)
        guard p <= lastSequence, p > 0 else { throw .validation("Invalid SequenceNumber: \(sequence) is not in \(streamArn)") }
        guard p > trimmedThrough else {
            throw .trimmedDataAccess("Sequence number \(sequence) of \(streamArn) is past the 24-hour retention.")
        }
        return p - 1 == 0 ? nil : Self.format(p - 1)
    }

    /// The position from which reading returns the records after `sequence`.
    public func position(afterSequence sequence: String) throws(DynamoError) -> String? {
        let p = try Self.position(sequence)
        guard p <= lastSequence else { throw .validation("Invalid SequenceNumber: \(sequence) is not in \(streamArn)") }
        guard p >= trimmedThrough else {
            throw .trimmedDataAccess("Sequence number \(sequence) of \(streamArn) is past the 24-hour retention.")
        }
        return Self.format(p)
    }

    /// The position from which reading returns the first record created at or after `time`.
    public func position(atTimestamp time: Timestamp) -> String? {
        guard let first = firstIndex(atOrAfter: time) else { return latest }
        // A kept record's predecessor is never before the trim point, so this position reads without error.
        let seq = Self.parse(buffer[first].sequenceNumber) ?? 1
        return seq <= 1 ? nil : Self.format(seq - 1)
    }

    /// The first record created at or after `time`.
    public func record(atOrAfter time: Timestamp) -> StreamRecord? {
        firstIndex(atOrAfter: time).map { buffer[$0] }
    }

    private func firstIndex(atOrAfter time: Timestamp) -> Int? {
        var lo = 0, hi = buffer.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if buffer[mid].createdAt < time { lo = mid + 1 } else { hi = mid }
        }
        return lo < buffer.count ? lo : nil
    }

    /// The position for a GetShardIterator request.
    public func position(_ type: ShardIteratorType, sequenceNumber: String? = nil) throws(DynamoError) -> String? {
        switch type {
        case .trimHorizon: return trimHorizon
        case .latest: return latest
        case .atSequenceNumber, .afterSequenceNumber:
            guard let sequenceNumber else { throw .validation("\(type.rawValue) needs a SequenceNumber") }
            return type == .atSequenceNumber ? try position(atSequence: sequenceNumber) : try position(afterSequence: sequenceNumber)
        }
    }
}
