import IngestServer
import Testing

@Suite("HOST:PORT listen addresses")
struct ListenAddressTests {
    @Test("IPv4, names and bracketed IPv6 parse; loopback is recognised", arguments: [
        ("127.0.0.1:4410", "127.0.0.1", 4410, true), ("0.0.0.0:8080", "0.0.0.0", 8080, false), ("[::1]:8080", "::1", 8080, true),
        ("[::]:0", "::", 0, false), ("localhost:0", "localhost", 0, true), ("ops.example.com:443", "ops.example.com", 443, false),
    ])
    func parses(text: String, host: String, port: Int, loopback: Bool) throws {
        let a = try ListenAddress(parsing: text)
        #expect(a.host == host)
        #expect(a.port == port)
        #expect(a.isLoopback == loopback)
        #expect(a.description == text)
    }

    @Test("malformed addresses are refused with a message", arguments: [
        "127.0.0.1", ":8080", "::1:8080", "[::1]", "[::1]8080", "[127.0.0.1]:80", "host:", "host:-1", "host:65536", "host:8o", "a b:1", "",
    ])
    func refuses(text: String) {
        #expect(throws: ListenAddress.ParseError.self) { try ListenAddress(parsing: text) }
    }

    @Test("a URL puts an IPv6 host in brackets")
    func url() {
        #expect(ListenAddress(host: "::1", port: 0).url(scheme: "https", port: 4411) == "https://[::1]:4411")
    }
}
