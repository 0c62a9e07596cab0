import Foundation
import IngestCore
import Testing
@testable import IngestStore

/// The store writes stream records with its own codec in the JSON that `Codable` wrote before: stores
/// written by earlier versions read the same, and what is written now reads back with `JSONDecoder` too.
@Suite("Stream records in the store")
struct StreamRecordCodecTests {
    static let records: [StreamRecord] = {
        let keys: Item = ["user_id": .s("auth0|abc")]
        let new: Item = ["user_id": .s("auth0|abc"), "n": .n("10.5"), "tags": .ss(["a", "b"]), "doc": .m(["x": .bool(true), "l": .l([.null, .b([1, 2, 3])])])]
        var insert = StreamRecord(eventName: .insert, keys: keys, newImage: new, oldImage: nil, viewType: .newAndOldImages, createdAt: Timestamp(millis: 1_765_000_123_456))
        insert.eventID = "0123456789abcdef0123456789abcdef"
        insert.sequenceNumber = "000000000000000000042"
        var modify = StreamRecord(eventName: .modify, keys: keys, newImage: new, oldImage: ["user_id": .s("auth0|abc"), "q": .s("é \"quoted\"\n")],
                                  viewType: .newAndOldImages, createdAt: Timestamp(millis: 1_765_000_124_000))
        modify.eventID = "fedcba9876543210fedcba9876543210"
        modify.sequenceNumber = "000000000000000000043"
        var remove = StreamRecord(eventName: .remove, keys: keys, newImage: nil, oldImage: new, viewType: .keysOnly, createdAt: Timestamp(millis: 5))
        remove.eventID = "00000000000000000000000000000001"
        remove.sequenceNumber = "000000000000000000044"
        return [insert, modify, remove]
    }()

    @Test("written by the codec, read by JSONDecoder as before; written by JSONEncoder as before, read by the codec")
    func bothWays() throws {
        for r in Self.records {
            let decoded = try JSONDecoder().decode(StreamRecord.self, from: Data(StreamRecordCodec.encode(r)))
            #expect(decoded == r)
            let old = Array(try JSONEncoder().encode(r))
            #expect(try StreamRecordCodec.decode(old) == r)
            #expect(try StreamRecordCodec.decode(StreamRecordCodec.encode(r)) == r)
        }
    }

    @Test("a damaged record is an error naming what is wrong, not a crash")
    func damaged() {
        #expect(throws: StoreError.self) { try StreamRecordCodec.decode(Array("{\"eventName\":\"INSERT\"}".utf8)) }
        #expect(throws: StoreError.self) { try StreamRecordCodec.decode(Array("not json".utf8)) }
        #expect(throws: StoreError.self) { try StreamRecordCodec.decode(Array(#"{"eventName":"UPSERT","streamViewType":"KEYS_ONLY"}"#.utf8)) }
    }
}
