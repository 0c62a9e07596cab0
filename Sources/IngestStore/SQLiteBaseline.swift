import Foundation
import GRDB

/// SQLite's own rate for the same durability settings, as a yardstick for the store: rows of a given
/// size inserted through one prepared statement, `batch` rows per transaction, WAL with `synchronous = FULL`.
public enum SQLiteBaseline {
    /// Inserts `rows` rows of `payloadBytes` bytes; returns the seconds it took.
    public static func insertSeconds(directory: String, rows: Int, batch: Int, payloadBytes: Int) throws -> Double {
        let path = (directory as NSString).appendingPathComponent("baseline.sqlite")
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let db = try DatabaseQueue(path: path, configuration: config)
        try db.write { db in
            try db.execute(sql: "CREATE TABLE t (seq INTEGER PRIMARY KEY, name TEXT NOT NULL, at INTEGER NOT NULL, payload BLOB NOT NULL)")
        }
        let payload = Data((0..<payloadBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let started = ContinuousClock.now
        var done = 0
        while done < rows {
            let n = min(batch, rows - done)
            try db.write { db in
                let stmt = try db.cachedStatement(sql: "INSERT INTO t (seq, name, at, payload) VALUES (?, ?, ?, ?)")
                for i in 0..<n { try stmt.execute(arguments: [done + i, "queue-name", Int64(i), payload]) }
            }
            done += n
        }
        let elapsed = ContinuousClock.now - started
        try? db.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
