import Foundation
import GRDB

/// The store's tables, their migrations, and the checks made when a store is opened.
enum StoreSchema {
    /// The format this version writes. A store with a higher number was written by a newer ingest.
    static let formatVersion = 1
    /// A known text sealed with the key when the store is created, to tell a wrong key at once.
    static let keyCheckText = "ingest key check"

    static func migrator() -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE messages (
                    seq INTEGER PRIMARY KEY, queue TEXT NOT NULL, message_id TEXT NOT NULL, state INTEGER NOT NULL,
                    visible_at INTEGER NOT NULL, sent_at INTEGER NOT NULL, arrived_at INTEGER NOT NULL,
                    receive_count INTEGER NOT NULL, receives_here INTEGER NOT NULL, first_receive INTEGER, received_at INTEGER,
                    receipt_token INTEGER NOT NULL, sender_id TEXT NOT NULL, dlq_source TEXT, failure_reason TEXT,
                    first_failure INTEGER, last_failure INTEGER, payload BLOB NOT NULL);
                CREATE INDEX messages_by_queue ON messages (queue, seq);
                CREATE TABLE archive (seq INTEGER PRIMARY KEY, topic TEXT NOT NULL, message_id TEXT NOT NULL,
                    published_at INTEGER NOT NULL, payload BLOB NOT NULL);
                CREATE INDEX archive_by_topic ON archive (topic, seq);
                CREATE TABLE move_tasks (handle TEXT PRIMARY KEY, state TEXT NOT NULL);
                CREATE TABLE items (tbl TEXT NOT NULL, k TEXT NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (tbl, k)) WITHOUT ROWID;
                CREATE TABLE stream (tbl TEXT NOT NULL, seq INTEGER NOT NULL, created INTEGER NOT NULL, payload BLOB NOT NULL,
                    PRIMARY KEY (tbl, seq)) WITHOUT ROWID;
                CREATE TABLE checkpoints (mapping TEXT PRIMARY KEY, seq TEXT);
                """)
        }
        m.registerMigration("v1-alarms-functions") { db in
            try db.execute(sql: """
                CREATE TABLE alarms (name TEXT PRIMARY KEY, state TEXT NOT NULL);
                CREATE TABLE functions (name TEXT PRIMARY KEY, config TEXT NOT NULL);
                """)
        }
        m.registerMigration("v1-logs") { db in
            try db.execute(sql: """
                CREATE TABLE logs (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, level TEXT NOT NULL, source TEXT NOT NULL,
                    request_id TEXT, message TEXT NOT NULL);
                """)
        }
        m.registerMigration("v1-quotas") { db in
            try db.execute(sql: "CREATE TABLE quotas (key_name TEXT PRIMARY KEY, usage TEXT NOT NULL)")
        }
        m.registerMigration("v1-queues") { db in
            try db.execute(sql: "CREATE TABLE queues (name TEXT PRIMARY KEY, record TEXT NOT NULL)")
        }
        m.registerMigration("v2-api-topics") { db in
            try db.execute(sql: "CREATE TABLE api_topics (name TEXT PRIMARY KEY, record TEXT NOT NULL)")
        }
        m.registerMigration("v2-api-tables") { db in
            try db.execute(sql: "CREATE TABLE api_tables (name TEXT PRIMARY KEY, record TEXT NOT NULL)")
        }
        m.registerMigration("v2-api-alarms") { db in
            try db.execute(sql: "CREATE TABLE api_alarms (name TEXT PRIMARY KEY, record TEXT NOT NULL)")
        }
        return m
    }

    /// Creates or checks the store: format version, encryption and key.
    static func prepare(_ queue: DatabaseQueue, fresh: Bool, sealer: Sealer, path: String) throws {
        try queue.write { db in
            if try db.tableExists("meta"), let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format_version'"),
               let version = Int(text), version > formatVersion {
                throw StoreError.format("the store \(path) has format \(version), written by a newer ingest; this version reads format \(formatVersion) or older")
            }
        }
        do { try migrator().migrate(queue) } catch {
            throw StoreError.format("cannot prepare the store \(path): \(error)")
        }
        try queue.write { db in
            let meta = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM meta").map { ($0[0] as String, $0[1] as String) })
            if meta["format_version"] == nil {
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('format_version', ?), ('created', ?), ('encrypted', ?)",
                               arguments: [String(formatVersion), ISO8601DateFormatter().string(from: Date()), sealer.encrypted ? "1" : "0"])
                if sealer.encrypted {
                    let check = try sealer.seal(Array(keyCheckText.utf8))
                    try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('key_check', ?)", arguments: [Data(check).base64EncodedString()])
                }
                return
            }
            let encrypted = meta["encrypted"] == "1"
            if encrypted, !sealer.encrypted {
                throw StoreError.key("the store \(path) is encrypted: start the engine with its key (--key-file FILE or INGEST_KEY_FILE)")
            }
            if !encrypted, sealer.encrypted {
                throw StoreError.key("the store \(path) was created without encryption; it is never turned into a mixed store (use a new --data-dir for an encrypted one)")
            }
            if encrypted, let check = meta["key_check"].flatMap({ Data(base64Encoded: $0) }) {
                do {
                    guard try sealer.open(Array(check)) == Array(keyCheckText.utf8) else { throw StoreError.key("") }
                } catch {
                    throw StoreError.key("the store \(path) was encrypted with another key: this key file cannot open it (wrong key)")
                }
            }
        }
    }
}
