import Foundation
import GRDB
import IngestCore
import IngestStore
import IngestTestSupport
import Testing

/// The store records its format; one written by a newer ingest is refused, not misread.
@Suite("Store format and migrations", .timeLimit(.minutes(1)))
struct StoreFormatTests {
    let dir: TempDir
    init() throws { dir = try TempDir() }

    func meta(_ key: String) throws -> String? {
        let db = try DatabaseQueue(path: dir.file(SQLiteStore.fileName))
        defer { try? db.close() }
        return try db.read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    func setFormat(_ version: String) throws {
        let db = try DatabaseQueue(path: dir.file(SQLiteStore.fileName))
        defer { try? db.close() }
        try db.write { try $0.execute(sql: "UPDATE meta SET value = ? WHERE key = 'format_version'", arguments: [version]) }
    }

    @Test("a new store records format version 1, its migration, and that it is not encrypted")
    func newStoreRecordsFormat() throws {
        do {
            let store = try openStore(dir.path)
            store.close()
        }
        #expect(try meta("format_version") == "1")
        #expect(try meta("encrypted") == "0")
        #expect(try meta("key_check") == nil)
        let db = try DatabaseQueue(path: dir.file(SQLiteStore.fileName))
        defer { try? db.close() }
        #expect(try db.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }.first == "v1")
        #expect(try db.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test("reopening a store of the current format works and keeps its data and format")
    func reopenCurrent() async throws {
        do {
            let store = try openStore(dir.path)
            try await write(store, [.checkpoint(mapping: "m", sequence: "5")])
            store.close()
        }
        #expect(try reload(dir.path).checkpoints["m"] == .some("5"))
        #expect(try reload(dir.path).checkpoints["m"] == .some("5"))
        #expect(try meta("format_version") == "1")
    }

    @Test("a store whose format is newer than this version is refused with a clear message, and left untouched")
    func newerFormatRefused() async throws {
        do {
            let store = try openStore(dir.path)
            try await write(store, [.checkpoint(mapping: "m", sequence: "5")])
            store.close()
        }
        try setFormat("2")
        let error = storeError { _ = try SQLiteStore(directory: dir.path, ring: nil, encryptedResources: []) }
        guard case .format(let text) = error else {
            Issue.record("expected StoreError.format, got \(String(describing: error))")
            return
        }
        #expect(text.contains("written by a newer ingest"))
        #expect(text.contains("format 2"))
        #expect(text.contains(dir.file(SQLiteStore.fileName)))
        #expect(!text.contains("\n"))
        // Nothing was rewritten: the newer store is as it was.
        #expect(try meta("format_version") == "2")

        // The same file at the current format opens again (the refusal was about the version alone).
        try setFormat("1")
        #expect(try reload(dir.path).checkpoints["m"] == .some("5"))
    }
}
