import Foundation
import IngestAWSAuth
import Testing

/// The published SigV4 test-suite vectors (AWS's `aws4_testsuite`, of which botocore keeps a copy under
/// `tests/unit/auth/aws4_testsuite`): request, canonical request and authorization header.
@Suite("SigV4: the aws4_testsuite vectors")
struct SigV4SuiteTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var request: SigV4Request
        var scope: SigV4Scope
        var canonical: String?
        var authorization: String
        var testDescription: String { name }
    }

    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let suite2011 = SigV4Scope(date: "20110909", region: "us-east-1", service: "host")
    static let date2011 = (name: "Date", value: "Mon, 09 Sep 2011 23:36:00 GMT")

    static let vectors: [Vector] = [
        Vector(name: "get-space", request: SigV4Request(method: "GET", path: "/%20/foo", headers: [date2011, (name: "Host", value: "host.foo.com")]),
               scope: suite2011,
               canonical: "GET\n/%2520/foo\n\ndate:Mon, 09 Sep 2011 23:36:00 GMT\nhost:host.foo.com\n\ndate;host\n\(emptyHash)",
               authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20110909/us-east-1/host/aws4_request, SignedHeaders=date;host, Signature=2be9e587d1ee1f0fd02128724b86b4358ba3630d39f493b6e06610a19a50779e"),
        Vector(name: "get-utf8", request: SigV4Request(method: "GET", path: "/%E1%88%B4", headers: [date2011, (name: "Host", value: "host.foo.com")]),
               scope: suite2011,
               canonical: "GET\n/%25E1%2588%25B4\n\ndate:Mon, 09 Sep 2011 23:36:00 GMT\nhost:host.foo.com\n\ndate;host\n\(emptyHash)",
               authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20110909/us-east-1/host/aws4_request, SignedHeaders=date;host, Signature=57b1eb3df3b16a8479c0097b66c0b261cfd65b829419a3f2c3d05319722490b8"),
        Vector(name: "get-vanilla (2015 suite)",
               request: SigV4Request(method: "GET", path: "/", headers: [(name: "Host", value: "example.amazonaws.com"), (name: "X-Amz-Date", value: "20150830T123600Z")]),
               scope: SigV4Scope(date: "20150830", region: "us-east-1", service: "service"), canonical: nil,
               authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    ]

    @Test("canonical request and signature match the suite", arguments: vectors)
    func vector(_ v: Vector) throws {
        let auth = try SigV4Authorization(header: v.authorization)
        #expect(auth.scope == v.scope)
        if let canonical = v.canonical { #expect(SigV4Canonical.request(v.request, signedHeaders: auth.signedHeaders) == canonical) }
        let amzDate = try #require(SigV4Signing.parseDate(v.request.header("x-amz-date") ?? v.request.header("date")!)).amzDate
        let signature = SigV4Signing.signature(of: v.request, signedHeaders: auth.signedHeaders, amzDate: amzDate, scope: v.scope, secret: Self.secret)
        #expect(signature == auth.signature)
        // The verifier accepts the vector at its own time, with the example key.
        let verifier = SigV4Verifier { $0 == "AKIDEXAMPLE" ? Self.secret : nil }
        var signed = v.request
        signed.headers.append((name: "Authorization", value: v.authorization))
        let now = try #require(SigV4Signing.parseDate(amzDate)).date
        #expect(try verifier.verify(signed, now: now).get() == "AKIDEXAMPLE")
    }

    @Test("the authorization header parses and prints back the same")
    func headerRoundTrip() throws {
        for v in Self.vectors { #expect(try SigV4Authorization(header: v.authorization).header == v.authorization) }
        #expect(throws: SigV4Authorization.ParseError.notSigV4) { try SigV4Authorization(header: "AWS AKID:abc") }
        #expect(throws: SigV4Authorization.ParseError.missing("Signature")) {
            try SigV4Authorization(header: "AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/sqs/aws4_request, SignedHeaders=host")
        }
        #expect(throws: SigV4Authorization.ParseError.malformedCredential) {
            try SigV4Authorization(header: "AWS4-HMAC-SHA256 Credential=A/2015/us-east-1/sqs, SignedHeaders=host, Signature=ab")
        }
    }

    @Test("canonical pieces: dot segments, query decoding and sorting, header trimming")
    func canonicalPieces() {
        #expect(SigV4Canonical.uri("") == "/")
        #expect(SigV4Canonical.uri("/a/./b/../c/") == "/a/c/")
        #expect(SigV4Canonical.uri("/a b") == "/a%20b")
        #expect(SigV4Canonical.query("b=2&a=1&a=0") == "a=0&a=1&b=2")
        #expect(SigV4Canonical.query("q=a+b&x=%7e&y") == "q=a%20b&x=~&y=")
        let r = SigV4Request(method: "POST", path: "/", headers: [(name: "X-A", value: "  one   two "), (name: "x-a", value: "three")])
        #expect(SigV4Canonical.headers(r, signed: ["x-a"]) == "x-a:one two,three\n")
    }
}
