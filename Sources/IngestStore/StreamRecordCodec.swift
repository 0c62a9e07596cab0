import Foundation
import IngestCore

/// Stream records as the store keeps them: the JSON that `Codable` writes for `StreamRecord` (the time as
/// epoch milliseconds, which its decoder also reads; stores written before hold ISO-8601, read here too),
/// built and read with `JSONValue` instead of Foundation's `JSONEncoder`/`JSONDecoder`, which cost the
/// writer thread a third of its time per durable sign-up.
enum StreamRecordCodec {
    static func encode(_ r: StreamRecord) -> [UInt8] {
        func image(_ item: Item) -> JSONValue { .object(item.mapValues(\.json)) }
        var o: [String: JSONValue] = [
            "eventID": .string(r.eventID), "eventName": .string(r.eventName.rawValue), "sequenceNumber": .string(r.sequenceNumber),
            "approximateCreationDateTime": .int(r.approximateCreationDateTime), "keys": image(r.keys), "sizeBytes": .int(r.sizeBytes),
            "streamViewType": .string(r.streamViewType.rawValue), "createdAt": .int(r.createdAt.millis),
        ]
        if let n = r.newImage { o["newImage"] = image(n) }
        if let old = r.oldImage { o["oldImage"] = image(old) }
        return Array(JSONValue.object(o).serialized(sortedKeys: false).utf8)
    }

    static func decode(_ bytes: [UInt8]) throws(StoreError) -> StreamRecord {
        do {
            let json = try JSONValue.parse(bytes: bytes)
            func string(_ key: String) throws -> String {
                guard let s = json[key]?.stringValue else { throw StoreError.io("a stream record has no \(key)") }
                return s
            }
            func int(_ value: JSONValue?, _ key: String) throws -> Int64 {
                guard case .number(let text)? = value, let n = Int64(text) else { throw StoreError.io("a stream record has no \(key)") }
                return n
            }
            // Epoch milliseconds; stores written before this codec hold an ISO-8601 string.
            func createdAt(_ value: JSONValue?) throws -> Timestamp {
                if case .string(let text)? = value, let t = ISO8601.parse(text) { return t }
                return Timestamp(millis: try int(value, "createdAt"))
            }
            func image(_ key: String) throws -> Item? {
                guard let v = json[key], v != .null else { return nil }
                guard case .object(let o) = v else { throw StoreError.io("a stream record's \(key) is not an object") }
                var item: Item = [:]
                for (k, a) in o { item[k] = try AttributeValue(json: a) }
                return item
            }
            guard let event = StreamEventName(rawValue: try string("eventName")),
                  let view = StreamViewType(rawValue: try string("streamViewType")) else { throw StoreError.io("a stream record has an unknown event or view type") }
            let newImage = try image("newImage"), oldImage = try image("oldImage")
            var r = StreamRecord(eventName: event, keys: try image("keys") ?? [:], newImage: newImage, oldImage: oldImage,
                                 viewType: view, createdAt: try createdAt(json["createdAt"]))
            // The images, size and times as stored, whatever the view type and the sizing say now.
            r.newImage = newImage
            r.oldImage = oldImage
            r.eventID = try string("eventID")
            r.sequenceNumber = try string("sequenceNumber")
            r.approximateCreationDateTime = try int(json["approximateCreationDateTime"], "approximateCreationDateTime")
            r.sizeBytes = Int(try int(json["sizeBytes"], "sizeBytes"))
            return r
        } catch let e as StoreError {
            throw e
        } catch {
            throw .io("unreadable stream record: \(error)")
        }
    }
}
