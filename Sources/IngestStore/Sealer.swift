import Crypto
import Foundation

/// Seals record payloads with AES-256-GCM under the key ring's current version, or passes them through
/// when the store is not encrypted. A sealed payload is `0x01 | key id (8 bytes) | nonce (12) | ciphertext | tag (16)`;
/// a fresh random nonce is drawn for every record.
public struct Sealer: Sendable {
    public let ring: KeyRing?

    public init(ring: KeyRing?) { self.ring = ring }

    public var encrypted: Bool { ring != nil }

    static let sealedTag: UInt8 = 0x01
    static let plainTag: UInt8 = 0x00

    /// Seals `bytes`, or tags them as plain when `encrypt` is false or the store has no key.
    public func seal(_ bytes: [UInt8], encrypt: Bool = true) throws(StoreError) -> [UInt8] {
        guard encrypt, let ring else { return [Self.plainTag] + bytes }
        let id = ring.current
        do {
            let box = try AES.GCM.seal(bytes, using: ring.key(id)!)
            guard let combined = box.combined else { throw StoreError.io("AES-GCM produced no combined form") }
            var out = [UInt8]()
            out.reserveCapacity(9 + combined.count)
            out.append(Self.sealedTag)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: id >> UInt64(shift))) }
            out.append(contentsOf: combined)
            return out
        } catch let e as StoreError {
            throw e
        } catch {
            throw .io("sealing failed: \(error)")
        }
    }

    public func open(_ bytes: [UInt8]) throws(StoreError) -> [UInt8] {
        guard let first = bytes.first else { throw .io("empty record") }
        // A resource without a KMS key is stored plain even in an encrypted store (the writer decides per
        // resource), so a plain record opens with or without a ring.
        if first == Self.plainTag { return Array(bytes.dropFirst()) }
        guard first == Self.sealedTag, bytes.count >= 9 + 12 + 16 else { throw .io("unreadable record") }
        guard let ring else { throw .key("the store is encrypted: start it with its key (--key-file)") }
        var id: UInt64 = 0
        for b in bytes[1..<9] { id = id << 8 | UInt64(b) }
        guard let key = ring.key(id) else {
            throw .key("a record was sealed with key version \(KeyRing.hex(id)), which the key file does not have (wrong key?)")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: bytes[9...])
            return Array(try AES.GCM.open(box, using: key))
        } catch {
            throw .key("a record does not open with key version \(KeyRing.hex(id)) (wrong or damaged key)")
        }
    }
}
