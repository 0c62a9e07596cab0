import Foundation
import IngestAWSAuth
import IngestTestSupport
import Testing

/// botocore (installed with boto3 and the AWS CLI) signs the same requests as our signer, at the same
/// instant: every header, query and body shape an SDK sends must give the identical Authorization.
@Suite("SigV4: identical to botocore's signer")
struct SigV4BotocoreTests {
    static let python = """
        import json, sys
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        out = []
        for c in json.load(sys.stdin):
            url = "http://" + c["host"] + c["target"]
            headers = {k: v for k, v in c["headers"]}
            r = AWSRequest(method=c["method"], url=url, data=c["body"].encode(), headers=headers)
            r.context["timestamp"] = c["amzDate"]
            r.headers["X-Amz-Date"] = c["amzDate"]
            creds = Credentials("AKIAEXAMPLE", "secret+key/x", c.get("token"))
            if c.get("token"): r.headers["X-Amz-Security-Token"] = c["token"]
            a = SigV4Auth(creds, c["service"], "eu-west-1")
            canonical = a.canonical_request(r)
            sig = a.signature(a.string_to_sign(r, canonical), r)
            out.append({"signed": a.signed_headers(a.headers_to_sign(r)), "signature": sig,
                        "authorization": "AWS4-HMAC-SHA256 Credential=%s, SignedHeaders=%s, Signature=%s" % (a.scope(r), a.signed_headers(a.headers_to_sign(r)), sig)})
        print(json.dumps(out))
        """

    struct Case: Codable {
        var method: String
        var host: String
        var target: String
        var headers: [[String]]
        var body: String
        var service: String
        var amzDate: String
        var token: String?
    }

    struct Answer: Codable {
        var signed: String
        var signature: String
        var authorization: String
    }

    static let hasBotocore = (try? run(["-c", "import botocore"], input: Data()).status) == 0

    static func run(_ args: [String], input: Data) throws -> (status: Int32, out: Data) {
        let r = try IngestBinary.execute("/usr/bin/env", ["python3"] + args, input: input)
        return (r.status, Data(r.stdout.utf8))
    }

    static let cases: [Case] = [
        Case(method: "POST", host: "127.0.0.1:4566", target: "/", headers: [["Content-Type", "application/x-amz-json-1.0"], ["X-Amz-Target", "AmazonSQS.SendMessage"]],
             body: #"{"QueueUrl":"http://127.0.0.1:4566/000000000000/jobs","MessageBody":"héllo"}"#, service: "sqs", amzDate: "20261205T010203Z"),
        Case(method: "POST", host: "localhost:4566", target: "/000000000000/jobs",
             headers: [["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"]],
             body: "Action=SendMessage&MessageBody=a+b%20c&Version=2012-11-05", service: "sqs", amzDate: "20261205T235959Z", token: "session/token=="),
        Case(method: "GET", host: "example.com", target: "/a%20b/./c/../d?z=1&a=%E2%82%AC&a=0&empty=&plus=x+y&tilde=~",
             headers: [["X-Amz-Meta", "  spaced    out  "]], body: "", service: "monitoring", amzDate: "20260101T000000Z"),
        Case(method: "POST", host: "127.0.0.1:4566", target: "/service/GraniteServiceVersion20100801/operation/DescribeAlarms",
             headers: [["Content-Type", "application/cbor"], ["smithy-protocol", "rpc-v2-cbor"], ["Accept", "application/cbor"]],
             body: "\u{01}", service: "monitoring", amzDate: "20261205T120000Z"),
    ]

    @Test("four requests of four shapes sign the same as botocore", .enabled(if: hasBotocore, "botocore is not installed (pip install boto3)"))
    func sameAsBotocore() async throws {
        let input = try JSONEncoder().encode(Self.cases)
        let (status, out) = try await offThePool { try Self.run(["-c", Self.python], input: input) }
        #expect(status == 0)
        let answers = try JSONDecoder().decode([Answer].self, from: out)
        #expect(answers.count == Self.cases.count)
        for (c, answer) in zip(Self.cases, answers) {
            var headers = c.headers.map { (name: $0[0], value: $0[1]) } + [(name: "Host", value: c.host)]
            if let token = c.token { headers.append((name: "X-Amz-Security-Token", value: token)) }
            headers.append((name: "X-Amz-Date", value: c.amzDate))
            let r = SigV4Request(method: c.method, target: c.target, headers: headers, body: Array(c.body.utf8))
            let signed = answer.signed.split(separator: ";").map(String.init)
            #expect(signed == SigV4Canonical.signableHeaders(r), "\(c.target)")
            let scope = SigV4Scope(date: String(c.amzDate.prefix(8)), region: "eu-west-1", service: c.service)
            // botocore sorts the query as sent; AWS decodes and encodes it again: the same for every query an SDK encodes.
            let canonicalQuery = SigV4Canonical.query(r.query) == SigV4Canonical.query(r.query, normalize: false)
            let ours = SigV4Signing.signature(of: r, signedHeaders: signed, amzDate: c.amzDate, scope: scope, secret: "secret+key/x",
                                              normalizeQuery: canonicalQuery)
            #expect(ours == answer.signature, "\(c.method) \(c.target)")
            // The engine's verifier accepts botocore's header either way.
            let verifier = SigV4Verifier { $0 == "AKIAEXAMPLE" ? "secret+key/x" : nil }
            var sent = r
            sent.headers.append((name: "Authorization", value: answer.authorization))
            let at = try #require(SigV4Signing.parseDate(c.amzDate)).date
            #expect((try? verifier.verify(sent, now: at).get()) == "AKIAEXAMPLE", "\(c.target)")
        }
    }
}
