import IngestCore
import Testing

@Suite("MD5, ids, JSON and time encodings")
struct EncodingTests {
    @Test("MD5 matches RFC 1321 across block boundaries", arguments: [
        (0, "d41d8cd98f00b204e9800998ecf8427e"), (1, "0cc175b9c0f1b6a831c399e269772661"), (55, "ef1772b6dff9a122358552954ad0df65"),
        (56, "3b0c8ac703f828b04c6c197006d17218"), (63, "b06521f39153d618550606be297466d5"), (64, "014842d480b571495a4a0363793f7367"),
        (65, "c743a45e0d2e6a95cb859adae0248435"), (119, "8a7bd0732ed6a28ce75f6dabc90e1613"), (120, "5f61c0ccad4cac44c75ff505e1f1e537"),
        (1000, "cabe45dcc9ae5b66ba86600cca6b8ba8"),
    ])
    func md5(length: Int, expected: String) {
        #expect(MD5.hex(String(repeating: "a", count: length)) == expected)
    }

    @Test("MD5 hashes the UTF-8 bytes")
    func md5UTF8() { #expect(MD5.hex("héllo ✓") == "21b1ae5bc147bb564254200a4731e337") }

    @Test("message ids are distinct version-4 UUIDs in lower case")
    func uuids() {
        var g = MessageIDGenerator()
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = g.uuid()
            #expect(id.count == 36)
            let chars = Array(id)
            #expect(chars[14] == "4")
            #expect("89ab".contains(chars[19]))
            #expect(id == id.lowercased())
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }

    @Test("receipt handles round-trip and reject garbage and tampering")
    func receiptHandles() {
        let h = ReceiptHandle(seq: 42, token: 7)
        #expect(ReceiptHandle(h.encoded) == h)
        #expect(ReceiptHandle("garbage") == nil)
        var tampered = Array(h.encoded)
        tampered[10] = tampered[10] == "0" ? "1" : "0"
        #expect(ReceiptHandle(String(tampered)) == nil)
    }

    @Test("ISO-8601 formats and parses UTC times with milliseconds and offsets")
    func iso8601() {
        let t = Timestamp(millis: 1_710_591_405_770)
        #expect(t.iso8601 == "2024-03-16T12:16:45.770Z")
        #expect(ISO8601.parse("2024-03-16T12:16:45.770Z") == t)
        #expect(ISO8601.parse("2024-03-16T14:16:45.770+02:00") == t)
        #expect(ISO8601.parse("2024-03-16") == Timestamp(millis: 1_710_547_200_000))
        #expect(ISO8601.parse("not a time") == nil)
        #expect(ISO8601.parse("2024-13-01T00:00:00Z") == nil)
    }

    @Test("JSON parses strictly and serialises stably")
    func json() throws {
        let v = try JSONValue.parse(#"{"b":[1,2.5,-3e2],"a":"x\u00e9\n","c":null,"d":true}"#)
        #expect(v["a"] == "xé\n")
        #expect(v.serialized() == #"{"a":"xé\n","b":[1,2.5,-3e2],"c":null,"d":true}"#)
        for bad in ["{", "[1,]", "{\"a\":}", "01", "\"\\x\"", "nul", "{} x", "\"\u{1}\""] {
            #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(bad) }
        }
    }
}

@Suite("JSON string escaping")
struct JSONStringEscapingTests {
    @Test("quotes, backslashes and every control character are escaped; other text, multi-byte included, is copied as is")
    func escapes() throws {
        let text = "plain é 日本 🎉 \"q\" back\\slash \n\r\t\u{08}\u{0C}\u{01}\u{1F} end"
        let written = JSONValue.string(text).serialized()
        #expect(written == #""plain é 日本 🎉 \"q\" back\\slash \n\r\t\b\f\u0001\u001f end""#)
        #expect(try JSONValue.parse(written) == .string(text), "it reads back as the same string")
        #expect(JSONValue.string("").serialized() == #""""#)
        #expect(JSONValue.string("\"").serialized() == #""\"""#)
        let all = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        #expect(try JSONValue.parse(JSONValue.string(all).serialized()) == .string(all))
    }
}
