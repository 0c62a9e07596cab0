import Foundation
import IngestCore
import IngestStore
import IngestTestSupport

/// A fresh directory under the system's temporary directory, removed when the value goes away.
final class TempDir: Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-store-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    deinit {
        // Undo any chmod a test made so the directory can be removed.
        chmod(path, 0o700)
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// A sub-directory (created).
    func directory(_ name: String) throws -> String {
        let p = file(name)
        try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return p
    }
}

/// Opens a store in `directory` and starts its writer.
func openStore(_ directory: String, ring: KeyRing? = nil, encrypted: Set<String> = []) throws -> SQLiteStore {
    let store = try SQLiteStore(directory: directory, ring: ring, encryptedResources: encrypted)
    store.start()
    return store
}

/// Opens the store of `directory` again (as a restart would) and reads everything back.
func reload(_ directory: String, ring: KeyRing? = nil, encrypted: Set<String> = []) throws -> StoreSnapshot {
    let store = try SQLiteStore(directory: directory, ring: ring, encryptedResources: encrypted)
    defer { store.close() }
    return try store.load()
}

/// Writes through the group-commit path: enqueue, then wait until durable.
func write(_ store: SQLiteStore, _ changes: [StoreChange]) async throws {
    let ticket = store.enqueue(changes)
    try await store.durable(ticket)
}

/// Runs `body` and returns the StoreError it throws (nil when it throws nothing or something else).
func storeError(_ body: () throws -> Void) -> StoreError? {
    do { try body() } catch let e as StoreError { return e } catch { return nil }
    return nil
}

/// A queue message with every field set, so a round trip that drops one is noticed.
func message(seq: UInt64, body: String, state: MessageState = .visible, at t: Timestamp,
             attributes: MessageAttributes = [:]) -> QueueMessage {
    var m = QueueMessage(seq: seq, messageId: "id-\(seq)", body: body, attributes: attributes, sentTimestamp: t, arrivedAt: t.adding(millis: 7),
                         state: state, visibleAt: t, senderId: "123456789012")
    m.generation = 0
    return m
}

/// A move task state; `MoveTaskInfo` has no public initializer, so it is decoded as SQS would report it.
func moveTask(handle: String, status: MoveTaskStatus, moved: Int, toMove: Int, started: Int64, rate: Int? = nil,
              failure: String? = nil, selected: [String]? = nil, lastSeq: UInt64) throws -> MoveTaskState {
    var info: [String: Any] = [
        "status": status.rawValue, "sourceArn": Fixtures.context.queueArn("dlq"),
        "approximateNumberOfMessagesMoved": moved, "approximateNumberOfMessagesToMove": toMove, "startedTimestamp": started,
    ]
    if status == .running { info["taskHandle"] = handle }
    if let rate { info["maxNumberOfMessagesPerSecond"] = rate }
    if let failure { info["failureReason"] = failure }
    if let selected { info["selectedMessageIds"] = selected }
    let decoded = try JSONDecoder().decode(MoveTaskInfo.self, from: JSONSerialization.data(withJSONObject: info))
    return MoveTaskState(handle: handle, info: decoded, sourceQueue: "dlq", destinationQueue: nil, lastSeq: lastSeq)
}

/// A stream record as a table's stream numbers it.
func streamRecord(table: String, seq: UInt64, keys: Item, new: Item?, old: Item?, name: StreamEventName, at t: Timestamp) -> StreamRecord {
    var r = StreamRecord(eventName: name, keys: keys, newImage: new, oldImage: old, viewType: .newAndOldImages, createdAt: t)
    r.sequenceNumber = TableStream.format(seq)
    r.eventID = MD5.hex("\(table)#\(seq)")
    r.sizeBytes = 100 + Int(seq)
    return r
}

/// Whether `needle` occurs in `haystack`, byte for byte.
func occurs(_ needle: String, in haystack: [UInt8]) -> Bool {
    let n = Array(needle.utf8)
    guard !n.isEmpty, haystack.count >= n.count else { return false }
    var i = 0
    while i <= haystack.count - n.count {
        if haystack[i] == n[0], Array(haystack[i..<(i + n.count)]) == n { return true }
        i += 1
    }
    return false
}

/// The raw bytes of the store's database file and its write-ahead log.
func rawStoreBytes(_ directory: String) -> [UInt8] {
    var out: [UInt8] = []
    for suffix in ["", "-wal"] {
        if let d = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(SQLiteStore.fileName + suffix)) {
            out.append(contentsOf: d)
        }
    }
    return out
}
