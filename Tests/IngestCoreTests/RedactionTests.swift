import IngestCore
import Testing

@Suite("Redaction of e-mail addresses and API keys")
struct RedactionTests {
    @Test("an e-mail address keeps its first character and its domain")
    func email() {
        #expect(Redaction.redact("jane.doe@example.com") == "j***@example.com")
        #expect(Redaction.redact("sign-up from jane.doe+promo@mail.example.co.uk, welcome") == "sign-up from j***@mail.example.co.uk, welcome")
    }

    @Test("the masked form is stable and hides the local part's length")
    func stable() {
        #expect(Redaction.redact("a@example.com") == Redaction.redact("a@example.com"))
        #expect(Redaction.redact("ab@example.com") == Redaction.redact("abcdefgh@example.com"))
    }

    @Test("every address in a line is masked, including inside JSON")
    func many() {
        let line = #"{"email":"x.y@a.io","cc":["bob@b.org","carol_1@c.net"]}"#
        #expect(Redaction.redact(line) == #"{"email":"x***@a.io","cc":["b***@b.org","c***@c.net"]}"#)
    }

    @Test("text without addresses or keys is returned unchanged")
    func unchanged() {
        for s in ["", "START RequestId: 1b2c Version: $LATEST", "user@localhost has no dot", "@example.com", "a@b.c1", "ünïcödé ✓ 12:30",
                  "email=", "trailing @"] {
            #expect(Redaction.redact(s) == s)
        }
    }

    @Test("a trailing full stop is not part of the domain")
    func trailingDot() {
        #expect(Redaction.redact("write to ops@example.com.") == "write to o***@example.com.")
    }

    @Test("API keys in header, query and JSON contexts become ****")
    func apiKeys() {
        #expect(Redaction.redact("x-api-key: abc123DEF456") == "x-api-key: ****")
        #expect(Redaction.redact("X-Api-Key:abc123") == "X-Api-Key:****")
        #expect(Redaction.redact("GET /prod/store?topic=t&apiKey=s3cr3t&subject=x") == "GET /prod/store?topic=t&apiKey=****&subject=x")
        #expect(Redaction.redact("api_key = zzz; next") == "api_key = ****; next")
        #expect(Redaction.redact(#"{"x-api-key":"abcdef","n":1}"#) == #"{"x-api-key":"****","n":1}"#)
        #expect(Redaction.redact("headers x-api-key=K1, apikey=K2") == "headers x-api-key=****, apikey=****")
    }

    @Test("a key name without a value is left alone")
    func keyWithoutValue() {
        #expect(Redaction.redact("the apiKey is missing") == "the apiKey is missing")
        #expect(Redaction.redact("x-api-key: ") == "x-api-key: ")
    }

    @Test("redacting twice gives the same text as once")
    func idempotent() {
        let line = "user jane@example.com called with x-api-key: k3y and apiKey=abc"
        let once = Redaction.redact(line)
        #expect(once == "user j***@example.com called with x-api-key: **** and apiKey=****")
        #expect(Redaction.redact(once) == once)
    }

    @Test("non-ASCII text around an address survives")
    func unicode() {
        #expect(Redaction.redact("café → zoë@exämple.com? no; zoe@example.com ✓") == "café → zoë@exämple.com? no; z***@example.com ✓")
    }

    @Test("redaction is fast enough to run on every log line")
    func speed() {
        let line = "2026-01-01T00:00:00.000Z INFO stored metadata for user auth0|abc123 from jane.doe@example.com via x-api-key: k"
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            var total = 0
            for _ in 0..<20_000 { total &+= Redaction.redact(line).utf8.count }
            #expect(total > 0)
        }
        // 20,000 lines well under a second even in a debug build.
        #expect(elapsed < .seconds(2))
    }
}
