import Foundation
import IngestCore

/// Compact byte layouts for the payloads the store seals: a message's body and attributes, an archived
/// publish, a table item, a stream record. Identity, timestamps and states live in clear columns.
enum RecordCodec {
    // MARK: Writing

    static func appendUInt32(_ n: Int, to out: inout [UInt8]) {
        let v = UInt32(truncatingIfNeeded: n)
        out.append(UInt8(v >> 24)); out.append(UInt8(v >> 16 & 0xff)); out.append(UInt8(v >> 8 & 0xff)); out.append(UInt8(v & 0xff))
    }

    static func appendString(_ text: String?, to out: inout [UInt8]) {
        guard var s = text else { appendUInt32(Int(UInt32.max), to: &out); return }
        s.withUTF8 { bytes in
            appendUInt32(bytes.count, to: &out)
            out.append(contentsOf: bytes)
        }
    }

    static func attributesJSON(_ a: MessageAttributes) throws -> [UInt8] {
        a.isEmpty ? [] : Array(try JSONEncoder().encode(a))
    }

    /// body, then the attributes as JSON (nothing when there are none).
    static func message(body: String, attributes: MessageAttributes) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.utf8.count + 8)
        appendString(body, to: &out)
        out.append(contentsOf: try attributesJSON(attributes))
        return out
    }

    /// message, subject (or none), then the attributes as JSON.
    static func archived(message: String, subject: String?, attributes: MessageAttributes) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.utf8.count + 16)
        appendString(message, to: &out)
        appendString(subject, to: &out)
        out.append(contentsOf: try attributesJSON(attributes))
        return out
    }

    static func item(_ item: Item) -> [UInt8] {
        Array(JSONValue.object(item.mapValues(\.json)).serialized(sortedKeys: false).utf8)
    }

    /// A topic created or changed at run time, as JSON text (names, ARNs and policies: not sealed).
    static func topic(_ record: TopicRecord) throws -> String {
        String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
    }

    /// A table created at run time, as JSON text (definitions hold no personal data: not sealed).
    static func table(_ record: TableRecord) throws -> String {
        String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
    }

    /// An alarm created or reconfigured at run time, as JSON text (its definition holds no personal data: not sealed).
    static func alarm(_ record: AlarmRecord) throws -> String {
        String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
    }

    // MARK: Reading

    static func readAlarm(_ text: String) throws(StoreError) -> AlarmRecord {
        do { return try JSONDecoder().decode(AlarmRecord.self, from: Data(text.utf8)) } catch {
            throw .io("unreadable alarm definition: \(error)")
        }
    }

    static func readTopic(_ text: String) throws(StoreError) -> TopicRecord {
        do { return try JSONDecoder().decode(TopicRecord.self, from: Data(text.utf8)) } catch {
            throw .io("unreadable topic definition: \(error)")
        }
    }

    static func readTable(_ text: String) throws(StoreError) -> TableRecord {
        do { return try JSONDecoder().decode(TableRecord.self, from: Data(text.utf8)) } catch {
            throw .io("unreadable table definition: \(error)")
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var at = 0

        mutating func uint32() throws(StoreError) -> UInt32 {
            guard at + 4 <= bytes.count else { throw .io("truncated record") }
            let v = UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
            at += 4
            return v
        }

        mutating func string() throws(StoreError) -> String? {
            let n = try uint32()
            if n == UInt32.max { return nil }
            guard at + Int(n) <= bytes.count else { throw .io("truncated record") }
            defer { at += Int(n) }
            return String(decoding: bytes[at..<(at + Int(n))], as: UTF8.self)
        }

        func attributes() throws(StoreError) -> MessageAttributes {
            guard at < bytes.count else { return [:] }
            do { return try JSONDecoder().decode(MessageAttributes.self, from: Data(bytes[at...])) } catch {
                throw .io("unreadable message attributes: \(error)")
            }
        }
    }

    static func readMessage(_ bytes: [UInt8]) throws(StoreError) -> (body: String, attributes: MessageAttributes) {
        var r = Reader(bytes: bytes)
        let body = try r.string() ?? ""
        return (body, try r.attributes())
    }

    static func readArchived(_ bytes: [UInt8]) throws(StoreError) -> (message: String, subject: String?, attributes: MessageAttributes) {
        var r = Reader(bytes: bytes)
        let message = try r.string() ?? ""
        let subject = try r.string()
        return (message, subject, try r.attributes())
    }

    static func readItem(_ bytes: [UInt8]) throws(StoreError) -> Item {
        do {
            guard case .object(let o) = try JSONValue.parse(bytes: bytes) else { throw StoreError.io("an item is not a JSON object") }
            var item: Item = [:]
            for (k, v) in o { item[k] = try AttributeValue(json: v) }
            return item
        } catch let e as StoreError {
            throw e
        } catch {
            throw .io("unreadable item: \(error)")
        }
    }
}
