import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestAPI
import IngestCore
import IngestServer
import IngestTestSupport
import Testing

/// The gateway's routes in process (Hummingbird's router test framework, no socket): the same rules the
/// end-to-end tests check through the real binary, each on a fresh engine.
@Suite("Gateway routes in process", .timeLimit(.minutes(1)))
struct GatewayRouteTests {
    static let key = ApiKeyInfo(name: "demo-key", id: "k1", value: "a-valid-api-key-of-twenty-chars", enabled: true, source: "template")
    static let apiKey = HTTPField.Name("x-api-key")!
    let clock = ManualClock()
    let topic = Fixtures.context.topicArn("signups")

    /// An engine on the seed-like fixture and a router with the gateway's routes, optionally behind a usage plan.
    func app(plans: [UsagePlan] = []) throws -> (Engine, some ApplicationProtocol) {
        let engine = try Engine(definition: Fixtures.seedLike(), clock: clock)
        let router = Router(context: GatewayRequestContext.self)
        Gateway(engine: engine, keys: [Self.key], stages: ["prod"], usage: UsageLimiter(plans: plans, clock: clock)).addRoutes(to: router)
        return (engine, Application(router: router))
    }

    func visible(_ engine: Engine, _ queue: String) async -> Int {
        await engine.status().queues.first { $0.name == queue }?.visible ?? -1
    }

    func json(_ buffer: ByteBuffer) throws -> [String: JSONValue] {
        guard case .object(let o) = try JSONValue.parse(String(buffer: buffer)) else { throw EventuallyTimeout(what: "a JSON object") }
        return o
    }

    @Test("a JSON sign-up with the key is answered 200 with a MessageId once it is in both worker queues")
    func accepted() async throws {
        let (engine, app) = try app()
        let body = JSONValue.object(["topic": .string(topic), "message": ["user_id": "auth0|ada", "email": "ada@example.com"]]).serialized()
        try await app.test(.router) { client in
            try await client.execute(uri: "/prod/store", method: .post,
                                     headers: [.contentType: "application/json", Self.apiKey: Self.key.value], body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok)
                #expect(r.headers[HTTPField.Name("x-amzn-RequestId")!] != nil)
                let reply = try json(r.body)
                #expect(reply["MessageId"]?.stringValue?.isEmpty == false)
            }
        }
        #expect(await visible(engine, "metadata") == 1)
        #expect(await visible(engine, "onboarding") == 1)
    }

    @Test("GET with query parameters publishes too, with or without the stage prefix")
    func queryForm() async throws {
        let (engine, app) = try app()
        let query = "topic=\(topic.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&message=hello"
        try await app.test(.router) { client in
            for path in ["/prod/store", "/store"] {
                try await client.execute(uri: "\(path)?\(query)", method: .get, headers: [Self.apiKey: Self.key.value]) { r in
                    #expect(r.status == .ok)
                }
            }
        }
        #expect(await visible(engine, "metadata") == 2)
    }

    @Test("refusals: a missing or wrong key 403, an unknown stage or route 403 Missing Authentication Token, and nothing is published",
          arguments: [
              ("/prod/store", nil as String?, 403, "Forbidden"),
              ("/prod/store", "not-the-key-but-twenty-chars", 403, "Forbidden"),
              ("/beta/store", GatewayRouteTests.key.value, 403, "Missing Authentication Token"),
              ("/prod/other", GatewayRouteTests.key.value, 403, "Missing Authentication Token"),
          ])
    func refused(path: String, key: String?, status: Int, message: String) async throws {
        let (engine, app) = try app()
        var fields: HTTPFields = [.contentType: "application/json"]
        if let key { fields[Self.apiKey] = key }
        let headers = fields
        let body = JSONValue.object(["topic": .string(topic), "message": "x"]).serialized()
        try await app.test(.router) { client in
            try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
                #expect(Int(r.status.code) == status)
                let reply = try json(r.body)
                #expect(reply["message"] == .string(message))
            }
        }
        #expect(await visible(engine, "metadata") == 0)
    }

    @Test("bad input is a 4xx with a message: not JSON, no message, an unsupported media type",
          arguments: [
              ("application/json", "{\"topic\":", 400, "The body is not a JSON object"),
              ("application/json", "{\"topic\":\"T\"}", 400, "Missing required request parameter: message"),
              ("text/plain", "hello", 415, "Unsupported Media Type"),
          ])
    func badInput(contentType: String, body: String, status: Int, message: String) async throws {
        let (engine, app) = try app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/prod/store", method: .post, headers: [.contentType: contentType, Self.apiKey: Self.key.value],
                                     body: ByteBuffer(string: body.replacingOccurrences(of: "\"T\"", with: "\"\(topic)\""))) { r in
                #expect(Int(r.status.code) == status)
                let reply = try json(r.body)
                #expect(reply["message"] == .string(message))
            }
        }
        #expect(await visible(engine, "metadata") == 0)
    }

    @Test("an unknown topic is 404 and an oversized body 413")
    func unknownTopicAndTooLarge() async throws {
        let (_, app) = try app()
        try await app.test(.router) { client in
            let unknown = JSONValue.object(["topic": .string(Fixtures.context.topicArn("nope")), "message": "x"]).serialized()
            try await client.execute(uri: "/prod/store", method: .post, headers: [.contentType: "application/json", Self.apiKey: Self.key.value],
                                     body: ByteBuffer(string: unknown)) { r in
                #expect(r.status == .notFound)
            }
            let huge = JSONValue.object(["topic": .string(topic), "message": .string(String(repeating: "a", count: 400_000))]).serialized()
            try await client.execute(uri: "/prod/store", method: .post, headers: [.contentType: "application/json", Self.apiKey: Self.key.value],
                                     body: ByteBuffer(string: huge)) { r in
                #expect(r.status == .contentTooLarge)
            }
        }
    }

    @Test("the usage plan's burst is honoured on the engine clock: the next request is 429 until tokens refill")
    func throttled() async throws {
        let plan = UsagePlan(name: "plan", rateLimit: 1, burstLimit: 2, quotaLimit: nil, quotaPeriod: nil, keyNames: [Self.key.name])
        let (engine, app) = try app(plans: [plan])
        let query = "topic=\(topic.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&message=m"
        try await app.test(.router) { client in
            var codes: [UInt] = []
            for _ in 0..<3 {
                codes.append(try await client.execute(uri: "/prod/store?\(query)", method: .get, headers: [Self.apiKey: Self.key.value]) { UInt($0.status.code) })
            }
            #expect(codes == [200, 200, 429])
            clock.advance(millis: 1_000)
            try await client.execute(uri: "/prod/store?\(query)", method: .get, headers: [Self.apiKey: Self.key.value]) { r in
                #expect(r.status == .ok)
            }
        }
        #expect(await visible(engine, "metadata") == 3)
    }

    @Test("the health route answers without a key")
    func health() async throws {
        let (_, app) = try app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/_health", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body) == #"{"status":"ok"}"#)
            }
        }
    }
}
