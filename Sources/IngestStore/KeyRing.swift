import Crypto
import Foundation

/// The operator's customer-managed key: one or more 256-bit AES key versions, the newest used for
/// new writes, every version kept so older records still open (rotation).
///
/// The key file is JSON, mode 0600: `{"format":"ingest-key/1","versions":[{"id":"…","created":"…","key":"<base64>"}]}`.
/// A version's id is derived from its material (the first 8 bytes of its SHA-256), so a sealed record
/// names the version that sealed it without revealing anything about the key.
public struct KeyRing: Sendable {
    public struct Version: Sendable, Codable, Hashable {
        public var id: String
        public var created: String
        public var key: String
    }

    struct File: Codable {
        var format: String
        var versions: [Version]
    }

    public static let format = "ingest-key/1"

    /// Versions, oldest first; the last one seals new records.
    public private(set) var versions: [Version]
    /// Key material by version id (SymmetricKey itself is not Sendable).
    let keys: [UInt64: Data]
    /// The keys, built once: sealing runs for every record.
    let built: KeyCache
    public let current: UInt64

    init(versions: [Version]) throws(StoreError) {
        guard !versions.isEmpty else { throw .key("the key file has no key versions") }
        var keys: [UInt64: Data] = [:]
        var last: UInt64 = 0
        for v in versions {
            guard let material = Data(base64Encoded: v.key), material.count == 32 else {
                throw .key("key version \(v.id) is not 32 bytes of base64")
            }
            let id = Self.identifier(of: material)
            guard Self.hex(id) == v.id else { throw .key("key version \(v.id) does not match its material (the file was edited?)") }
            keys[id] = material
            last = id
        }
        self.versions = versions
        self.keys = keys
        self.built = KeyCache(keys.mapValues { SymmetricKey(data: $0) })
        self.current = last
    }

    /// The current version's id as text.
    public var currentId: String { Self.hex(current) }

    /// Reads a key file, refusing one that others can read.
    public static func load(path: String) throws(StoreError) -> KeyRing {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .key("cannot read key file \(path): \(error.localizedDescription)")
        }
        if let attrs = try? FileManager.default.attributesOfItem(atPath: path),
           let mode = attrs[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw .key("key file \(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw .key("key file \(path) is not an ingest key file")
        }
        guard file.format == format else { throw .key("key file \(path) has format \(file.format), expected \(format)") }
        return try KeyRing(versions: file.versions)
    }

    /// Writes a new key file with one fresh 256-bit version; refuses to overwrite an existing file.
    @discardableResult
    public static func create(path: String, now: Date = Date()) throws(StoreError) -> KeyRing {
        guard !FileManager.default.fileExists(atPath: path) else { throw .key("\(path) already exists; a key is never overwritten") }
        let ring = try KeyRing(versions: [newVersion(now: now)])
        try ring.write(to: path, replacing: false)
        return ring
    }

    /// Adds a new version to the key file; it seals new records while the older ones still open.
    public static func rotate(path: String, now: Date = Date()) throws(StoreError) -> KeyRing {
        let old = try load(path: path)
        let ring = try KeyRing(versions: old.versions + [newVersion(now: now)])
        try ring.write(to: path, replacing: true)
        return ring
    }

    static func newVersion(now: Date) -> Version {
        let key = SymmetricKey(size: .bits256)
        let material = key.withUnsafeBytes { Data($0) }
        return Version(id: hex(identifier(of: material)), created: ISO8601DateFormatter().string(from: now), key: material.base64EncodedString())
    }

    func write(to path: String, replacing: Bool) throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            let data = try encoder.encode(File(format: Self.format, versions: versions))
            // Write beside, restrict, then rename: the key file is never half-written or briefly world-readable.
            let tmp = path + ".tmp-\(getpid())"
            guard FileManager.default.createFile(atPath: tmp, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError.key("cannot create \(tmp)")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp))
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if replacing || !FileManager.default.fileExists(atPath: path) {
                guard rename(tmp, path) == 0 else { throw StoreError.key("cannot move the key into \(path): \(String(cString: strerror(errno)))") }
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw .key("cannot write key file \(path): \(error.localizedDescription)")
        }
    }

    static func identifier(of material: Data) -> UInt64 {
        let digest = Array(SHA256.hash(data: material))
        var id: UInt64 = 0
        for b in digest.prefix(8) { id = id << 8 | UInt64(b) }
        return id
    }

    static func hex(_ id: UInt64) -> String {
        let s = String(id, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    func key(_ id: UInt64) -> SymmetricKey? { built.keys[id] }
}

/// Immutable keys shared across threads. @unchecked: `SymmetricKey` is an immutable value that swift-crypto
/// does not mark Sendable; the dictionary is never changed after init.
final class KeyCache: @unchecked Sendable {
    let keys: [UInt64: SymmetricKey]
    init(_ keys: [UInt64: SymmetricKey]) { self.keys = keys }
}
