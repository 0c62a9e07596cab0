import Foundation
import GRDB
import IngestCore
import IngestStore
import IngestTestSupport
import Testing

/// The customer-managed key: files, refusals, sealing and rotation.
@Suite("Keys, sealing and rotation", .timeLimit(.minutes(1)))
struct KeyTests {
    let dir: TempDir
    let t0 = Timestamp(millis: 1_767_225_600_000)
    init() throws { dir = try TempDir() }

    func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    /// The key version id a sealed payload names (bytes 1..<9, big-endian).
    func keyId(_ sealed: [UInt8]) -> UInt64 {
        sealed[1..<9].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// An encrypted store holding one message of queue `work`.
    func encryptedStore(_ data: String, ring: KeyRing) async throws {
        let store = try openStore(data, ring: ring, encrypted: ["work"])
        try await write(store, [.putMessage(queue: "work", message(seq: 1, body: "secret", at: t0))])
        store.close()
    }

    func open(_ data: String, ring: KeyRing?) -> StoreError? {
        storeError { _ = try SQLiteStore(directory: data, ring: ring, encryptedResources: ["work"]) }
    }

    // MARK: Refusals

    @Test("an encrypted store opened without a key is refused, saying to give --key-file")
    func withoutKey() async throws {
        let data = try dir.directory("data")
        try await encryptedStore(data, ring: try KeyRing.create(path: dir.file("k")))
        guard case .key(let text) = open(data, ring: nil) else { Issue.record("expected StoreError.key"); return }
        #expect(text.contains("encrypted"))
        #expect(text.contains("--key-file"))
        #expect(!text.contains("\n"))
    }

    @Test("an encrypted store opened with another key file is refused as the wrong key")
    func wrongKey() async throws {
        let data = try dir.directory("data")
        try await encryptedStore(data, ring: try KeyRing.create(path: dir.file("right")))
        let other = try KeyRing.create(path: dir.file("other"))
        guard case .key(let text) = open(data, ring: other) else { Issue.record("expected StoreError.key"); return }
        #expect(text.contains("wrong key"))
        // With the right key it opens and reads.
        #expect(try reload(data, ring: try KeyRing.load(path: dir.file("right")), encrypted: ["work"]).messages["work"]?.first?.body == "secret")
    }

    @Test("a plaintext store opened with a key is refused: the engine never mixes plaintext and sealed records")
    func plaintextWithKey() async throws {
        let data = try dir.directory("data")
        let store = try openStore(data)
        try await write(store, [.putMessage(queue: "work", message(seq: 1, body: "plain", at: t0))])
        store.close()
        guard case .key(let text) = open(data, ring: try KeyRing.create(path: dir.file("k"))) else { Issue.record("expected StoreError.key"); return }
        #expect(text.contains("without encryption"))
        #expect(try reload(data).messages["work"]?.first?.body == "plain")
    }

    // MARK: Key files

    @Test("KeyRing.create writes mode 0600 and never overwrites an existing file")
    func createRules() throws {
        let path = dir.file("store.key")
        let ring = try KeyRing.create(path: path)
        #expect(try mode(path) == 0o600)
        #expect(ring.versions.count == 1)
        #expect(ring.currentId.count == 16)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        guard case .key(let text) = storeError({ try KeyRing.create(path: path) }) else { Issue.record("expected StoreError.key"); return }
        #expect(text.contains("already exists"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try KeyRing.load(path: path).current == ring.current)
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("store.key") } == ["store.key"])
        // The material is a 256-bit key.
        let json = try JSONSerialization.jsonObject(with: before) as? [String: Any]
        let versions = json?["versions"] as? [[String: Any]]
        #expect(versions?.count == 1)
        #expect((versions?.first?["key"] as? String).flatMap { Data(base64Encoded: $0) }?.count == 32)
    }

    @Test("a key file readable by others (0644) is refused")
    func openKeyFileRefused() throws {
        let path = dir.file("store.key")
        try KeyRing.create(path: path)
        chmod(path, 0o644)
        guard case .key(let text) = storeError({ _ = try KeyRing.load(path: path) }) else { Issue.record("expected StoreError.key"); return }
        #expect(text.contains("readable by others"))
        chmod(path, 0o600)
        #expect(throws: Never.self) { _ = try KeyRing.load(path: path) }
    }

    @Test("a key file whose version id does not match its material, or that is not a key file, is refused")
    func editedKeyFileRefused() throws {
        let path = dir.file("store.key")
        let ring = try KeyRing.create(path: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: ring.currentId, with: "0000000000000000").write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        #expect(storeError { _ = try KeyRing.load(path: path) } != nil)
        try "{}".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        #expect(storeError { _ = try KeyRing.load(path: path) } != nil)
        #expect(storeError { _ = try KeyRing.load(path: dir.file("missing")) } != nil)
    }

    // MARK: Sealing and rotation

    @Test("each seal draws a fresh nonce, names its key version, and a damaged record does not open")
    func sealing() throws {
        let ring = try KeyRing.create(path: dir.file("k"))
        let sealer = Sealer(ring: ring)
        let plain = Array("alice@example.com".utf8)
        let a = try sealer.seal(plain), b = try sealer.seal(plain)
        #expect(a != b)
        #expect(a[0] == 0x01)
        #expect(keyId(a) == ring.current)
        #expect(a.count == 1 + 8 + 12 + plain.count + 16)
        #expect(try sealer.open(a) == plain)
        var damaged = a
        damaged[damaged.count - 20] ^= 0x01
        #expect(storeError { _ = try sealer.open(damaged) } != nil)
        // Without a ring nothing is sealed.
        #expect(try Sealer(ring: nil).seal(plain) == [0x00] + plain)
        #expect(storeError { _ = try Sealer(ring: nil).open(a) } != nil)
    }

    @Test("after rotation, records sealed before still open; new ones carry the new version; the old ring cannot open them")
    func rotation() throws {
        let path = dir.file("store.key")
        let v1 = try KeyRing.create(path: path)
        let plain = Array("bob@example.com".utf8)
        let old = try Sealer(ring: v1).seal(plain)
        let v2 = try KeyRing.rotate(path: path, now: Date().addingTimeInterval(60))
        #expect(v2.versions.count == 2)
        #expect(v2.current != v1.current)
        #expect(v2.versions.first?.id == v1.currentId)
        #expect(try mode(path) == 0o600)
        #expect(try KeyRing.load(path: path).current == v2.current)

        #expect(try Sealer(ring: v2).open(old) == plain)
        let new = try Sealer(ring: v2).seal(plain)
        #expect(keyId(new) == v2.current)
        #expect(keyId(old) == v1.current)
        guard case .key = storeError({ _ = try Sealer(ring: v1).open(new) }) else { Issue.record("expected StoreError.key"); return }
    }

    @Test("a store written with key v1 loads everything with the rotated ring, and new writes use v2")
    func storeAcrossRotation() async throws {
        let path = dir.file("store.key")
        let data = try dir.directory("data")
        let enc: Set<String> = ["work", "users"]
        let v1 = try KeyRing.create(path: path)
        try FileManager.default.copyItem(atPath: path, toPath: dir.file("v1-only.key"))
        chmod(dir.file("v1-only.key"), 0o600)
        let item: Item = ["user_id": .s("u1"), "email": .s("u1@example.com")]
        do {
            let store = try openStore(data, ring: v1, encrypted: enc)
            try await write(store, [.putMessage(queue: "work", message(seq: 1, body: "before rotation", at: t0)),
                                    .putItem(table: "users", key: "u1", item)])
            store.close()
        }
        let v2 = try KeyRing.rotate(path: path)
        do {
            let store = try openStore(data, ring: v2, encrypted: enc)
            #expect(try store.load().messages["work"]?.map(\.body) == ["before rotation"])
            #expect(try store.load().items["users"] == [item])
            try await write(store, [.putMessage(queue: "work", message(seq: 2, body: "after rotation", at: t0))])
            store.close()
        }
        let s = try reload(data, ring: try KeyRing.load(path: path), encrypted: enc)
        #expect(s.messages["work"]?.map(\.body) == ["before rotation", "after rotation"])
        #expect(s.items["users"] == [item])

        // On disk, each record names the version that sealed it.
        let db = try DatabaseQueue(path: (data as NSString).appendingPathComponent(SQLiteStore.fileName))
        let payloads = try await db.read { try Data.fetchAll($0, sql: "SELECT payload FROM messages ORDER BY seq") }
        try db.close()
        #expect(payloads.map { keyId(Array($0)) } == [v1.current, v2.current])

        // A copy of the key file from before the rotation opens the store (its key check was sealed with v1)
        // but cannot read the records sealed with v2: refused, never read as garbage.
        let stale = try KeyRing.load(path: dir.file("v1-only.key"))
        guard case .key(let text) = storeError({ _ = try reload(data, ring: stale, encrypted: enc) }) else {
            Issue.record("expected StoreError.key")
            return
        }
        #expect(text.contains(v2.currentId))
    }
}
