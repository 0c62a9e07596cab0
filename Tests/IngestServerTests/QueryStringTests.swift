import IngestServer
import Testing

@Suite("Query string decoding for both real clients")
struct QueryStringTests {
    let message = "{\"username\":\"jdoe\",\"email\":\"j.doe@example.com\",\"user_id\":\"auth0|64b1f0\",\"note\":\"&=+%:$,[]@ é\\n\"}"
    let arn = "arn:aws:sns:us-east-1:123456789012:demo-user-ingestion-topic"

    @Test("the curl script's every-byte lower-case encoding decodes to the original bytes")
    func curl() throws {
        let q = "topic=\(arn)&message=\(QueryString.encodeEveryByte(message))&subject=\(QueryString.encodeEveryByte("New user sign up"))"
        #expect(QueryString.encodeEveryByte("New user sign up") == "%4e%65%77%20%75%73%65%72%20%73%69%67%6e%20%75%70")
        let p = try QueryString.parse(Substring(q))
        #expect(p == ["topic": arn, "message": message, "subject": "New user sign up"])
    }

    @Test("axios's encoding (+ for space, upper-case hex, raw : $ , [ ]) decodes to the original bytes")
    func axios() throws {
        #expect(QueryString.encodeLikeAxios("New user signup") == "New+user+signup")
        #expect(QueryString.encodeLikeAxios(arn) == arn)
        #expect(QueryString.encodeLikeAxios("{\"a\":\"b@c\"}") == "%7B%22a%22:%22b%40c%22%7D")
        let q = "topic=\(QueryString.encodeLikeAxios(arn))&subject=New+user+signup&message=\(QueryString.encodeLikeAxios(message))"
        #expect(try QueryString.parse(Substring(q)) == ["topic": arn, "message": message, "subject": "New user signup"])
    }

    @Test("raw reserved characters, an encoded ARN and any parameter order are accepted")
    func rawAndOrder() throws {
        let p = try QueryString.parse("subject=a@b$c,[d]&topic=arn%3Aaws%3Asns%3Aus-east-1%3A1%3At&message=%7b%7D")
        #expect(p == ["subject": "a@b$c,[d]", "topic": "arn:aws:sns:us-east-1:1:t", "message": "{}"])
    }

    @Test("malformed encodings are errors, never a crash", arguments: ["%", "%4", "%zz", "%g0", "%ff", "%c3%28", "a=%e2%82"])
    func malformed(input: String) {
        #expect(throws: QueryString.DecodeError.self) { try QueryString.parse(Substring("message=\(input)")) }
    }
}
