import Foundation
import GRDB
import IngestCore

/// The durable store: one SQLite database in WAL mode with `synchronous = FULL`, written by one thread.
///
/// Changes arrive through `enqueue` in the order they happen; the writer takes everything queued so far
/// and commits it as one transaction with one sync (group commit), then wakes every caller waiting on a
/// ticket up to that point. Payloads (message bodies and attributes, archived publishes, items, stream
/// records) of encrypted resources are sealed with the key ring; ids, timestamps and states stay in clear.
public final class SQLiteStore: PipelineStore, @unchecked Sendable {
    // @unchecked: the mutable state below is guarded by `lock`; `db` is used by the writer thread, and by
    // `load()` before the writer starts.
    public let path: String
    let db: DatabaseQueue
    let sealer: Sealer
    /// Queue names, topic ARNs and table names whose payloads are sealed.
    let encryptedResources: Set<String>

    private let lock = NSCondition()
    private var pending: [[StoreChange]] = []
    private var enqueued: UInt64 = 0
    private var committed: UInt64 = 0
    private var failedBatches: [(from: UInt64, through: UInt64, error: StoreError)] = []
    private var waiters: [UInt64: [CheckedContinuation<Void, any Error>]] = [:]
    private var stopping = false
    private var writer: Thread?
    private var lastSweep = Date()
    /// Log lines kept (the log book's bound).
    public let logCapacity = 50_000
    /// The highest message or archive sequence number recorded in `meta` (writer thread only): kept even
    /// when those rows are gone, so a restarted engine never hands out a number (and a receipt handle) twice.
    private var recordedSeq: UInt64 = 0

    private var transactionCount = 0
    private var changeCount = 0

    /// Transactions committed and changes written so far, for benchmarks.
    public var counts: (transactions: Int, changes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (transactionCount, changeCount)
    }

    public static let fileName = "ingest.sqlite"

    /// Opens (creating when needed) the store in `directory`. Refuses a store written by a newer format,
    /// an encrypted store opened without its key or with another key, and a plaintext store opened with a
    /// key (the engine never mixes them).
    public init(directory: String, ring: KeyRing?, encryptedResources: Set<String>) throws {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let fresh = !FileManager.default.fileExists(atPath: path)
        do {
            db = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw StoreError.io("cannot open the store \(path): \(error)")
        }
        for suffix in ["", "-wal", "-shm"] { chmod(path + suffix, 0o600) }
        sealer = Sealer(ring: ring)
        self.encryptedResources = ring == nil ? [] : encryptedResources
        try StoreSchema.prepare(db, fresh: fresh, sealer: sealer, path: path)
        do {
            recordedSeq = try db.read { db in
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'last_seq'").flatMap { UInt64($0) } ?? 0
            }
        } catch {
            throw StoreError.io("cannot read the store \(path): \(error)")
        }
    }

    public var recordsChanges: Bool { true }
    public var storageDescription: String { "sqlite (WAL, synchronous=FULL) at \(path)" }
    public var encryptionDescription: String {
        guard let ring = sealer.ring else { return "not encrypted (the template has no KMS key)" }
        return "AES-256-GCM, key version \(ring.currentId) of \(ring.versions.count), for \(encryptedResources.count) resource(s) with a KMS key"
    }

    // MARK: Group commit

    public func enqueue(_ changes: [StoreChange]) -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        if !changes.isEmpty { pending.append(changes) }
        enqueued += 1
        lock.signal()
        return enqueued
    }

    public func durable(_ ticket: UInt64) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            lock.lock()
            if let failure = failedBatches.first(where: { $0.from <= ticket && ticket <= $0.through }) {
                lock.unlock()
                c.resume(throwing: failure.error)
                return
            }
            if committed >= ticket {
                lock.unlock()
                c.resume()
                return
            }
            waiters[ticket, default: []].append(c)
            lock.unlock()
        }
    }

    /// Starts the writer thread.
    public func start() {
        lock.lock()
        defer { lock.unlock() }
        guard writer == nil else { return }
        let t = Thread { [self] in self.writeLoop() }
        t.name = "ingest-store-writer"
        t.qualityOfService = .userInitiated
        writer = t
        t.start()
    }

    /// Commits what is queued, stops the writer and closes the database connection (the store cannot be
    /// used afterwards). The connection is closed here, not whenever the last reference goes (possibly on the
    /// writer thread a moment later): closing the last connection checkpoints the WAL under an exclusive
    /// lock, which would make a store opened on the same directory right after `close` fail as locked.
    public func close() {
        lock.lock()
        stopping = true
        lock.broadcast()
        while writer != nil { lock.wait() }
        lock.unlock()
        try? db.close()
    }

    private func writeLoop() {
        while true {
            lock.lock()
            while pending.isEmpty && committed == enqueued && !stopping { lock.wait() }
            if pending.isEmpty && committed == enqueued && stopping {
                writer = nil
                lock.broadcast()
                lock.unlock()
                return
            }
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            let through = enqueued
            let from = committed + 1
            lock.unlock()

            var outcome: StoreError?
            do {
                try write(batch)
            } catch let e as StoreError {
                outcome = e
            } catch {
                outcome = .io("write failed: \(error)")
            }

            lock.lock()
            var ready: [CheckedContinuation<Void, any Error>] = []
            for (ticket, list) in waiters where ticket <= through {
                ready.append(contentsOf: list)
                waiters[ticket] = nil
            }
            if let outcome {
                failedBatches.append((from, through, outcome))
                if failedBatches.count > 64 { failedBatches.removeFirst() }
            }
            committed = through
            lock.unlock()
            for c in ready {
                if let outcome { c.resume(throwing: outcome) } else { c.resume() }
            }
        }
    }

    private func write(_ batch: [[StoreChange]]) throws {
        guard !batch.isEmpty else { return }
        let sweep = Date().timeIntervalSince(lastSweep) > 60
        if sweep { lastSweep = Date() }
        var highest: UInt64 = 0
        for changes in batch {
            for change in changes {
                switch change {
                case .putMessage(_, let m): highest = max(highest, m.seq)
                case .archive(_, let a): highest = max(highest, a.seq)
                default: break
                }
            }
        }
        let recordSeq = highest > recordedSeq
        try db.write { db in
            let w = StoreWriter(db: db, sealer: sealer, encrypted: encryptedResources)
            var count = 0
            for changes in batch {
                for change in changes { try w.apply(change); count += 1 }
            }
            if sweep { try w.sweep(now: Timestamp(date: Date()), logCapacity: logCapacity) }
            if recordSeq {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_seq', ?)").execute(arguments: [String(highest)])
            }
            lock.lock()
            changeCount += count
            transactionCount += 1
            lock.unlock()
        }
        if recordSeq { recordedSeq = highest }
    }

    // MARK: Reading at start

    /// Everything the store holds, for the engine to restore before it starts.
    public func load() throws -> StoreSnapshot {
        do {
            return try db.read { db in try StoreReader(db: db, sealer: sealer, logCapacity: logCapacity).snapshot() }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError.io("cannot read the store \(path): \(error)")
        }
    }
}
