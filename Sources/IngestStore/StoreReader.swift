import Foundation
import GRDB
import IngestCore

/// Reads the whole store back into a snapshot (at start, before the engine runs).
struct StoreReader {
    let db: Database
    let sealer: Sealer
    let logCapacity: Int

    func snapshot() throws -> StoreSnapshot {
        var s = StoreSnapshot()
        var lastSeq: UInt64 = 0
        for row in try Row.fetchAll(db, sql: "SELECT record FROM queues ORDER BY name") {
            s.queues.append(try JSONDecoder().decode(QueueRecord.self, from: Data((row[0] as String).utf8)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT record FROM api_topics ORDER BY name") {
            s.topics.append(try RecordCodec.readTopic(row[0] as String))
        }
        for row in try Row.fetchAll(db, sql: "SELECT record FROM api_tables ORDER BY rowid") {
            s.tables.append(try RecordCodec.readTable(row[0] as String))
        }
        let messages = try Row.fetchCursor(db, sql: """
            SELECT seq, queue, message_id, state, visible_at, sent_at, arrived_at, receive_count, receives_here, first_receive,
                   received_at, receipt_token, sender_id, dlq_source, failure_reason, first_failure, last_failure, payload
            FROM messages ORDER BY seq
            """)
        while let row = try messages.next() {
            let seq = UInt64(bitPattern: row[0] as Int64)
            let (body, attributes) = try RecordCodec.readMessage(try sealer.open(Array(row[17] as Data)))
            let stateCode: Int64 = row[3]
            var m = QueueMessage(seq: seq, messageId: row[2], body: body, attributes: attributes, sentTimestamp: Timestamp(millis: row[5]),
                                 arrivedAt: Timestamp(millis: row[6]), state: stateCode == 0 ? .visible : stateCode == 1 ? .inFlight : .delayed,
                                 visibleAt: Timestamp(millis: row[4]), senderId: row[12])
            m.receiveCount = row[7]
            m.receivesHere = row[8]
            m.firstReceiveTimestamp = (row[9] as Int64?).map { Timestamp(millis: $0) }
            m.receivedAt = (row[10] as Int64?).map { Timestamp(millis: $0) }
            m.receiptToken = UInt64(bitPattern: row[11] as Int64)
            m.deadLetterSourceArn = row[13]
            m.failureReason = row[14]
            m.firstFailureAt = (row[15] as Int64?).map { Timestamp(millis: $0) }
            m.lastFailureAt = (row[16] as Int64?).map { Timestamp(millis: $0) }
            s.messages[row[1] as String, default: []].append(m)
            lastSeq = max(lastSeq, seq)
        }
        let archive = try Row.fetchCursor(db, sql: "SELECT seq, topic, message_id, published_at, payload FROM archive ORDER BY seq")
        while let row = try archive.next() {
            let seq = UInt64(bitPattern: row[0] as Int64)
            let (message, subject, attributes) = try RecordCodec.readArchived(try sealer.open(Array(row[4] as Data)))
            s.archive[row[1] as String, default: []].append(
                ArchivedMessage(seq: seq, messageId: row[2], publishedAt: Timestamp(millis: row[3]), message: message, subject: subject,
                                attributes: attributes))
            lastSeq = max(lastSeq, seq)
        }
        for row in try Row.fetchAll(db, sql: "SELECT state FROM move_tasks") {
            s.moveTasks.append(try JSONDecoder().decode(MoveTaskState.self, from: Data((row[0] as String).utf8)))
        }
        s.moveTasks.sort { $0.info.startedTimestamp < $1.info.startedTimestamp }
        let items = try Row.fetchCursor(db, sql: "SELECT tbl, payload FROM items")
        while let row = try items.next() {
            s.items[row[0] as String, default: []].append(try RecordCodec.readItem(try sealer.open(Array(row[1] as Data))))
        }
        let stream = try Row.fetchCursor(db, sql: "SELECT tbl, payload FROM stream ORDER BY tbl, seq")
        while let row = try stream.next() {
            s.streamRecords[row[0] as String, default: []].append(
                try StreamRecordCodec.decode(try sealer.open(Array(row[1] as Data))))
        }
        for row in try Row.fetchAll(db, sql: "SELECT mapping, seq FROM checkpoints") {
            s.checkpoints[row[0] as String] = .some(row[1] as String?)
        }
        for row in try Row.fetchAll(db, sql: "SELECT record FROM api_alarms ORDER BY name") {
            s.apiAlarms.append(try RecordCodec.readAlarm(row[0] as String))
        }
        for row in try Row.fetchAll(db, sql: "SELECT state FROM alarms") {
            s.alarms.append(try JSONDecoder().decode(AlarmStateRecord.self, from: Data((row[0] as String).utf8)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT config FROM functions") {
            guard let sealed = Data(base64Encoded: row[0] as String) else { throw StoreError.io("unreadable function configuration") }
            s.functions.append(try JSONDecoder().decode(FunctionConfigRecord.self, from: Data(try sealer.open(Array(sealed)))))
        }
        // Numbers handed out to messages that are gone since (deleted, expired) are not reused either.
        if let recorded = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'last_seq'").flatMap({ UInt64($0) }) {
            lastSeq = max(lastSeq, recorded)
        }
        let logs = try Row.fetchAll(db, sql: "SELECT id, at, level, source, request_id, message FROM logs ORDER BY id DESC LIMIT ?",
                                    arguments: [logCapacity])
        s.logLines = logs.reversed().map { row in
            LogLine(id: UInt64(bitPattern: row[0] as Int64), at: Timestamp(millis: row[1]), level: LogLevel(rawValue: row[2] as String) ?? .info,
                    source: row[3], requestId: row[4], message: row[5])
        }
        for row in try Row.fetchAll(db, sql: "SELECT usage FROM quotas") {
            s.quotas.append(try JSONDecoder().decode(QuotaUsage.self, from: Data((row[0] as String).utf8)))
        }
        s.lastSeq = lastSeq
        return s
    }
}
