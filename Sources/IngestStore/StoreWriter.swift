import Foundation
import GRDB
import IngestCore

/// Applies changes inside one write transaction, with cached statements.
struct StoreWriter {
    let db: Database
    let sealer: Sealer
    let encrypted: Set<String>

    func seal(_ bytes: [UInt8], for resource: String) throws -> Data {
        Data(try sealer.seal(bytes, encrypt: encrypted.contains(resource)))
    }

    func apply(_ change: StoreChange) throws {
        switch change {
        case .putMessage(let queue, let m):
            let payload = try seal(try RecordCodec.message(body: m.body, attributes: m.attributes), for: queue)
            let state: Int64 = m.state == .visible ? 0 : m.state == .inFlight ? 1 : 2
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO messages (seq, queue, message_id, state, visible_at, sent_at, arrived_at, receive_count,
                    receives_here, first_receive, received_at, receipt_token, sender_id, dlq_source, failure_reason, first_failure,
                    last_failure, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    Int64(bitPattern: m.seq), queue, m.messageId, state, m.visibleAt.millis, m.sentTimestamp.millis, m.arrivedAt.millis,
                    m.receiveCount, m.receivesHere, m.firstReceiveTimestamp?.millis, m.receivedAt?.millis,
                    Int64(bitPattern: m.receiptToken), m.senderId, m.deadLetterSourceArn, m.failureReason, m.firstFailureAt?.millis,
                    m.lastFailureAt?.millis, payload,
                ])
        case .removeMessage(_, let seq):
            try db.cachedStatement(sql: "DELETE FROM messages WHERE seq = ?").execute(arguments: [Int64(bitPattern: seq)])
        case .purgeQueue(let queue):
            try db.cachedStatement(sql: "DELETE FROM messages WHERE queue = ?").execute(arguments: [queue])
        case .putQueue(let record):
            let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO queues (name, record) VALUES (?, ?)").execute(arguments: [record.name, json])
        case .dropQueue(let name):
            try db.cachedStatement(sql: "DELETE FROM queues WHERE name = ?").execute(arguments: [name])
        case .archive(let topic, let a):
            let payload = try seal(try RecordCodec.archived(message: a.message, subject: a.subject, attributes: a.attributes), for: topic)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO archive (seq, topic, message_id, published_at, payload) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [Int64(bitPattern: a.seq), topic, a.messageId, a.publishedAt.millis, payload])
        case .trimArchive(let topic, let through):
            try db.cachedStatement(sql: "DELETE FROM archive WHERE topic = ? AND seq <= ?").execute(arguments: [topic, Int64(bitPattern: through)])
        case .moveTask(let state):
            let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO move_tasks (handle, state) VALUES (?, ?)").execute(arguments: [state.handle, json])
        case .putTopic(let record):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO api_topics (name, record) VALUES (?, ?)")
                .execute(arguments: [record.name, try RecordCodec.topic(record)])
        case .dropTopic(let name, let arn):
            try db.cachedStatement(sql: "DELETE FROM api_topics WHERE name = ?").execute(arguments: [name])
            try db.cachedStatement(sql: "DELETE FROM archive WHERE topic = ?").execute(arguments: [arn])
        case .putTable(let record):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO api_tables (name, record) VALUES (?, ?)")
                .execute(arguments: [record.name, try RecordCodec.table(record)])
        case .dropTable(let name):
            try db.cachedStatement(sql: "DELETE FROM api_tables WHERE name = ?").execute(arguments: [name])
            try db.cachedStatement(sql: "DELETE FROM items WHERE tbl = ?").execute(arguments: [name])
            try db.cachedStatement(sql: "DELETE FROM stream WHERE tbl = ?").execute(arguments: [name])
        case .putItem(let table, let key, let item):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO items (tbl, k, payload) VALUES (?, ?, ?)")
                .execute(arguments: [table, key, try seal(RecordCodec.item(item), for: table)])
        case .deleteItem(let table, let key):
            try db.cachedStatement(sql: "DELETE FROM items WHERE tbl = ? AND k = ?").execute(arguments: [table, key])
        case .streamRecord(let table, let r):
            let seq = Int64(bitPattern: TableStream.parse(r.sequenceNumber) ?? 0)
            let payload = try seal(StreamRecordCodec.encode(r), for: table)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO stream (tbl, seq, created, payload) VALUES (?, ?, ?, ?)")
                .execute(arguments: [table, seq, r.approximateCreationDateTime * 1000, payload])
        case .checkpoint(let mapping, let seq):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO checkpoints (mapping, seq) VALUES (?, ?)").execute(arguments: [mapping, seq])
        case .alarm(let record):
            let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO alarms (name, state) VALUES (?, ?)").execute(arguments: [record.name, json])
        case .putAlarm(let record):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO api_alarms (name, record) VALUES (?, ?)")
                .execute(arguments: [record.name, try RecordCodec.alarm(record)])
        case .dropAlarm(let name):
            try db.cachedStatement(sql: "DELETE FROM api_alarms WHERE name = ?").execute(arguments: [name])
            try db.cachedStatement(sql: "DELETE FROM alarms WHERE name = ?").execute(arguments: [name])
        case .quota(let u):
            let json = String(decoding: try JSONEncoder().encode(u), as: UTF8.self)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO quotas (key_name, usage) VALUES (?, ?)").execute(arguments: [u.keyName, json])
        case .logLine(let l):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO logs (id, at, level, source, request_id, message) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [Int64(bitPattern: l.id), l.at.millis, l.level.rawValue, l.source, l.requestId, l.message])
        case .function(let record):
            // The environment may hold secrets: sealed like a payload whenever the store has a key.
            let json = Array(try JSONEncoder().encode(record))
            let sealed = try sealer.seal(json)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO functions (name, config) VALUES (?, ?)")
                .execute(arguments: [record.name, Data(sealed).base64EncodedString()])
        }
    }

    /// Drops stream records past the 24-hour retention (a bounded delete, run at most once a minute).
    /// A table's newest record is kept whatever its age: it carries the stream's last sequence number, so a
    /// restarted stream continues after it instead of numbering from 1 again (below consumers' checkpoints).
    /// Log lines beyond the log book's bound go the same way.
    func sweep(now: Timestamp, logCapacity: Int) throws {
        try db.cachedStatement(sql: "DELETE FROM logs WHERE id IN (SELECT id FROM logs WHERE id <= (SELECT MAX(id) FROM logs) - ? ORDER BY id LIMIT 50000)")
            .execute(arguments: [logCapacity])
        try db.cachedStatement(sql: """
            DELETE FROM stream WHERE (tbl, seq) IN (
                SELECT tbl, seq FROM stream AS s WHERE created < ? AND seq < (SELECT MAX(seq) FROM stream WHERE tbl = s.tbl) LIMIT 10000)
            """)
            .execute(arguments: [now.millis - TableStream.retentionMillis])
    }
}
