import Foundation
import IngestAWSAuth
import Testing

@Suite("SigV4: signing and verifying requests")
struct SigV4VerifierTests {
    static let credentials = SigV4Credentials(accessKeyId: "AKIAEXAMPLE0000000001", secretAccessKey: "secret/with+chars")
    static let verifier = SigV4Verifier { $0 == credentials.accessKeyId ? credentials.secretAccessKey : nil }
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    static func request(body: String = #"{"QueueName":"jobs"}"#) -> SigV4Request {
        SigV4Request(method: "POST", target: "/?x=1", headers: [
            (name: "Host", value: "127.0.0.1:4566"), (name: "Content-Type", value: "application/x-amz-json-1.0"),
            (name: "X-Amz-Target", value: "AmazonSQS.CreateQueue"),
        ], body: Array(body.utf8))
    }

    static func signed(_ r: SigV4Request = request(), at date: Date = now, credentials: SigV4Credentials = credentials) -> SigV4Request {
        SigV4Signer(credentials: credentials, region: "us-east-1", service: "sqs").sign(r, at: date)
    }

    func code(_ result: Result<String, SigV4Failure>) -> String? {
        if case .failure(let f) = result { return f.code }
        return nil
    }

    @Test("a request signed with the key's secret passes and names the key; a session token is signed too")
    func accepts() throws {
        #expect(try Self.verifier.verify(Self.signed(), now: Self.now).get() == Self.credentials.accessKeyId)
        var withToken = Self.credentials
        withToken.sessionToken = "token"
        let r = Self.signed(credentials: withToken)
        #expect(r.header("x-amz-security-token") == "token")
        #expect(try SigV4Authorization(header: r.header("authorization")!).signedHeaders.contains("x-amz-security-token"))
        #expect((try? Self.verifier.verify(r, now: Self.now).get()) == Self.credentials.accessKeyId)
    }

    @Test("refusals: no header, unknown key, wrong secret, changed body, changed signed header, stale date, scope date")
    func refuses() {
        var unsigned = Self.request()
        unsigned.headers.removeAll { $0.name == "Authorization" }
        #expect(code(Self.verifier.verify(unsigned, now: Self.now)) == "MissingAuthenticationToken")
        let stranger = SigV4Credentials(accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x")
        #expect(code(Self.verifier.verify(Self.signed(credentials: stranger), now: Self.now)) == "InvalidClientTokenId")
        let wrong = SigV4Credentials(accessKeyId: Self.credentials.accessKeyId, secretAccessKey: "not-it")
        #expect(code(Self.verifier.verify(Self.signed(credentials: wrong), now: Self.now)) == "SignatureDoesNotMatch")
        var body = Self.signed()
        body.body = Array(#"{"QueueName":"other"}"#.utf8)
        #expect(code(Self.verifier.verify(body, now: Self.now)) == "SignatureDoesNotMatch")
        var target = Self.signed()
        target.headers = target.headers.map { $0.name == "X-Amz-Target" ? (name: $0.name, value: "AmazonSQS.DeleteQueue") : $0 }
        #expect(code(Self.verifier.verify(target, now: Self.now)) == "SignatureDoesNotMatch")
        #expect(code(Self.verifier.verify(Self.signed(), now: Self.now.addingTimeInterval(16 * 60))) == "SignatureDoesNotMatch")
        #expect((try? Self.verifier.verify(Self.signed(), now: Self.now.addingTimeInterval(14 * 60)).get()) != nil)
        var scope = Self.signed()
        scope.headers = scope.headers.map {
            $0.name == "Authorization" ? (name: $0.name, value: $0.value.replacingOccurrences(of: "/20260528/", with: "/20260527/")) : $0
        }
        #expect(code(Self.verifier.verify(scope, now: Self.now)) == "SignatureDoesNotMatch")
        var garbled = Self.request()
        garbled.headers.append((name: "Authorization", value: "AWS4-HMAC-SHA256 Credential=nonsense"))
        #expect(code(Self.verifier.verify(garbled, now: Self.now)) == "IncompleteSignature")
    }
}
