import Foundation
import IngestCore
import IngestServer
import Testing

/// The CBOR codec against RFC 8949's appendix A examples, indefinite lengths, every float width and the
/// failures a hostile body can cause.
@Suite("CBOR codec (RFC 8949)")
struct CBORCodecTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    static func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }

    /// Values whose encoding is unique: decode and encode both ways.
    static let roundTrips: [(String, CBORValue)] = [
        ("00", .unsigned(0)), ("01", .unsigned(1)), ("0a", .unsigned(10)), ("17", .unsigned(23)), ("1818", .unsigned(24)),
        ("1819", .unsigned(25)), ("1864", .unsigned(100)), ("1903e8", .unsigned(1000)), ("1a000f4240", .unsigned(1_000_000)),
        ("1b000000e8d4a51000", .unsigned(1_000_000_000_000)), ("1bffffffffffffffff", .unsigned(.max)),
        ("3bffffffffffffffff", .negative(.max)), ("20", .int(-1)), ("29", .int(-10)), ("3863", .int(-100)), ("3903e7", .int(-1000)),
        ("f4", .bool(false)), ("f5", .bool(true)), ("f6", .null), ("f7", .undefined), ("f0", .simple(16)), ("f8ff", .simple(255)),
        ("c11a514b67b0", .tagged(1, .unsigned(1_363_896_240))),
        ("40", .bytes([])), ("4401020304", .bytes([1, 2, 3, 4])),
        ("60", .text("")), ("6161", .text("a")), ("6449455446", .text("IETF")), ("62225c", .text("\"\\")),
        ("62c3bc", .text("ü")), ("63e6b0b4", .text("水")), ("64f0908591", .text("𐅑")),
        ("80", .array([])), ("83010203", .array([.unsigned(1), .unsigned(2), .unsigned(3)])),
        ("8301820203820405", .array([.unsigned(1), .array([.unsigned(2), .unsigned(3)]), .array([.unsigned(4), .unsigned(5)])])),
        ("a0", .map([])), ("a201020304", .map([CBORPair(.unsigned(1), .unsigned(2)), CBORPair(.unsigned(3), .unsigned(4))])),
        ("a26161016162820203", .textMap([("a", .unsigned(1)), ("b", .array([.unsigned(2), .unsigned(3)]))])),
        ("fb3ff199999999999a", .double(1.1)), ("fb7e37e43c8800759c", .double(1.0e300)), ("fbc010666666666666", .double(-4.1)),
        ("fb7ff0000000000000", .double(.infinity)), ("fbfff0000000000000", .double(-.infinity)),
    ]

    @Test("appendix A: every unique encoding decodes to its value and encodes back")
    func appendixA() throws {
        for (h, v) in Self.roundTrips {
            #expect(try CBORDecoder.decode(Self.bytes(h)) == v, "decode \(h)")
            #expect(Self.hex(CBOREncoder.encode(v)) == h, "encode \(v)")
        }
        let twentyFive = CBORValue.array((1...25).map { .unsigned(UInt64($0)) })
        #expect(Self.hex(CBOREncoder.encode(twentyFive)).hasPrefix("98190102030405"))
        #expect(try CBORDecoder.decode(CBOREncoder.encode(twentyFive)) == twentyFive)
    }

    @Test("half and single floats decode, including subnormals, infinities and NaN; doubles encode as float64")
    func floats() throws {
        let cases: [(String, Double)] = [
            ("f90000", 0), ("f98000", -0.0), ("f93c00", 1), ("f93e00", 1.5), ("f97bff", 65504), ("f90001", 5.960464477539063e-8),
            ("f90400", 0.00006103515625), ("f9c400", -4), ("f97c00", .infinity), ("f9fc00", -.infinity),
            ("fa47c35000", 100_000), ("fa7f7fffff", 3.4028234663852886e38), ("fa7f800000", .infinity), ("faff800000", -.infinity),
        ]
        for (h, d) in cases {
            guard case .double(let got) = try CBORDecoder.decode(Self.bytes(h)) else { Issue.record("\(h) is not a float"); continue }
            #expect(got == d && got.sign == d.sign, "\(h): \(got) != \(d)")
        }
        for h in ["f97e00", "fa7fc00000", "fb7ff8000000000000"] {
            guard case .double(let got) = try CBORDecoder.decode(Self.bytes(h)) else { Issue.record("\(h)"); continue }
            #expect(got.isNaN, "\(h) is NaN")
        }
        #expect(Self.hex(CBOREncoder.encode(.double(.nan))) == "fb7ff8000000000000")
        #expect(try CBORValue.double(.nan).json() == .string("NaN"))
        #expect(try CBORValue.double(-.infinity).json() == .string("-Infinity"))
    }

    @Test("indefinite lengths: chunked strings, arrays and maps, nested")
    func indefinite() throws {
        #expect(try CBORDecoder.decode(Self.bytes("5f42010243030405ff")) == .bytes([1, 2, 3, 4, 5]))
        #expect(try CBORDecoder.decode(Self.bytes("7f657374726561646d696e67ff")) == .text("streaming"))
        #expect(try CBORDecoder.decode(Self.bytes("9fff")) == .array([]))
        #expect(try CBORDecoder.decode(Self.bytes("9f018202039f0405ffff"))
                == .array([.unsigned(1), .array([.unsigned(2), .unsigned(3)]), .array([.unsigned(4), .unsigned(5)])]))
        #expect(try CBORDecoder.decode(Self.bytes("bf61610161629f0203ffff")) == .textMap([("a", .unsigned(1)), ("b", .array([.unsigned(2), .unsigned(3)]))]))
        #expect(try CBORDecoder.decode(Self.bytes("bf6346756ef563416d7421ff")) == .textMap([("Fun", .bool(true)), ("Amt", .int(-2))]))
    }

    @Test("hostile input fails cleanly: truncation, huge lengths, trailing bytes, stray breaks, mixed chunks, bad UTF-8, deep nesting")
    func failures() {
        for h in ["", "18", "1a0000", "62e6", "5f4101", "9f01", "bf6161", "a1", "c1", "fb3ff0",
                  "1b", "5bffffffffffffffff", "9bffffffffffffffff", "bbffffffffffffffff",
                  "0000", "ff", "5f6161ff", "7f4161ff", "5f5f4101ffff", "62c328", "1c", "3e", "f818", "fc"] {
            #expect(throws: CBORDecoder.Failure.self, "\(h)") { _ = try CBORDecoder.decode(Self.bytes(h)) }
        }
        let deep = [UInt8](repeating: 0x81, count: 10_000) + [0x00]
        #expect(throws: CBORDecoder.Failure.self) { _ = try CBORDecoder.decode(deep) }
    }

    @Test("as JSON input: tag 1 timestamps are epoch seconds, bytes base64, negative integers exact; non-text keys are refused")
    func json() throws {
        let v = CBORValue.textMap([
            ("StartTime", .tagged(1, .double(1_733_356_800.5))), ("EndTime", .tagged(1, .unsigned(1_733_360_400))),
            ("Blob", .bytes([0xde, 0xad])), ("Low", .negative(.max)), ("N", .int(-42)), ("Gone", .null), ("List", .array([.text("x")])),
        ])
        guard case .object(let o) = try v.json() else { Issue.record("not an object"); return }
        #expect(o["StartTime"] == .number("1733356800.5") && o["EndTime"] == .number("1733360400"))
        #expect(o["Blob"] == .string("3q0=") && o["Low"] == .number("-18446744073709551616") && o["N"] == .number("-42"))
        #expect(o["Gone"] == nil && o["List"] == .array([.string("x")]))
        #expect(throws: AWSError.self) { _ = try CBORValue.map([CBORPair(.unsigned(1), .null)]).json() }
        #expect(throws: AWSError.self) { _ = try CBORValue.tagged(1, .text("2024")).json() }
        let back = CBORValue(json: ["a": 1, "b": "x", "c": .number("2.5"), "d": [true, .null]])
        #expect(back == .textMap([("a", .unsigned(1)), ("b", .text("x")), ("c", .double(2.5)), ("d", .array([.bool(true), .null]))]))
    }

    @Test("replies: structures as maps, timestamps as tag 1, lists as arrays; errors carry __type and message")
    func encoding() throws {
        let reply = AWSValue.structure([AWSMember("When", .timestamp(Date(timeIntervalSince1970: 1.5))), AWSMember("N", .integer(-3)),
                                        AWSMember("L", .wrappedList([.string("a")])), AWSMember("D", .double(2))])
        let decoded = try CBORDecoder.decode(CBOREncoding.encode(reply))
        #expect(decoded == .textMap([("When", .tagged(1, .double(1.5))), ("N", .int(-3)), ("L", .array([.text("a")])), ("D", .double(2))]))
        let error = try CBORDecoder.decode(CBOREncoding.error(AWSError(code: "ResourceNotFound", message: "gone", namespace: "com.amazonaws.cloudwatch")))
        #expect(error["__type"] == .text("com.amazonaws.cloudwatch#ResourceNotFound") && error["message"] == .text("gone"))
    }
}
