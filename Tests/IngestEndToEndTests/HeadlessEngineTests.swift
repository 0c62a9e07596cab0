import AsyncHTTPClient
import Foundation
import IngestCore
import IngestTestSupport
import NIOCore
import Testing

@Suite("ingest up --headless, end to end", .serialized, .timeLimit(.minutes(5)))
struct HeadlessEngineTests {
    struct Keys: Decodable {
        var gatewayURL: String?
        var storeURL: String?
        var topicArns: [String]
        var keys: [Key]
        struct Key: Decodable { var value: String; var name: String; var id: String }
    }

    func keys(_ engine: EngineProcess) async throws -> Keys {
        try JSONDecoder().decode(Keys.self, from: Data(try await engine.waitUntilReady().utf8))
    }

    func get(_ url: String, key: String?) async throws -> (Int, String) {
        var req = HTTPClientRequest(url: url)
        if let key { req.headers.add(name: "x-api-key", value: key) }
        let res = try await HTTPClient.shared.execute(req, timeout: .seconds(10))
        return (Int(res.status.code), String(buffer: try await res.body.collect(upTo: 1 << 20)))
    }

    /// The query string the seed's curl script builds: every byte of message and subject as lower-case %xx, topic raw.
    func curlStyle(topic: String, message: String, subject: String) -> String {
        func enc(_ s: String) -> String { s.utf8.map { String(format: "%%%02x", $0) }.joined() }
        return "topic=\(topic)&message=\(enc(message))&subject=\(enc(subject))"
    }

    /// The query string axios builds, produced by node's own encodeURIComponent when node is installed.
    func axiosStyle(topic: String, message: String, subject: String) async throws -> String {
        let script = """
            const enc = v => encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%20/g, '+').replace(/%5B/gi, '[').replace(/%5D/gi, ']');
            const p = JSON.parse(process.argv[1]);
            process.stdout.write(Object.keys(p).map(k => k + '=' + enc(p[k])).join('&'));
            """
        let params = JSONValue.object(["topic": .string(topic), "subject": .string(subject), "message": .string(message)])
        let ordered = "{\"topic\":\(JSONValue.string(topic).serialized()),\"subject\":\(JSONValue.string(subject).serialized()),\"message\":\(JSONValue.string(message).serialized())}"
        _ = params
        for node in ["/usr/bin/node", "/usr/local/bin/node"] where FileManager.default.isExecutableFile(atPath: node) {
            let r = try await offThePool { try IngestBinary.execute(node, ["-e", script, ordered]) }
            if r.status == 0 { return r.stdout }
        }
        func enc(_ s: String) -> String {
            var out = ""
            for b in s.utf8 {
                let c = Character(Unicode.Scalar(b))
                if b < 0x80, c.isLetter || c.isNumber || "-_.!~*'():$,[]".contains(c) { out.append(c) } else if b == 0x20 { out += "+" } else { out += String(format: "%%%02X", b) }
            }
            return out
        }
        return "topic=\(enc(topic))&subject=\(enc(subject))&message=\(enc(message))"
    }

    @Test("a curl-encoded and an axios-encoded sign-up both reach both tables")
    func bothClientsReachBothQueues() async throws {
        let engine = try EngineProcess()
        defer { engine.terminate() }
        let k = try await keys(engine)
        let store = try #require(k.storeURL)
        let key = try #require(k.keys.first?.value)
        let topic = try #require(k.topicArns.first { $0.hasSuffix(":demo-user-ingestion-topic") })
        let curlMessage = "{\"username\":\"demo-user-ingestion\",\"user_id\":\"demo\",\"email\":\"demo@demo.com\"}"
        let (s1, b1) = try await get("\(store)?\(curlStyle(topic: topic, message: curlMessage, subject: "New user sign up"))", key: key)
        #expect(s1 == 200, "\(b1)")
        #expect(b1.contains("MessageId"))
        let axiosMessage = "{\"username\":\"jdoe\",\"email\":\"j.doe@example.com\",\"user_id\":\"auth0|64b1f0\"}"
        let query = try await axiosStyle(topic: topic, message: axiosMessage, subject: "New user signup")
        #expect(query.contains("subject=New+user+signup"))
        #expect(query.contains("%7B%22username%22:%22jdoe%22,%22email%22"))
        let (s2, b2) = try await get("\(store)?\(query)", key: key)
        #expect(s2 == 200, "\(b2)")

        // Both workers store both sign-ups: the bodies arrived intact whichever client encoded them.
        for (userId, email) in [("demo", "demo@demo.com"), ("auth0|64b1f0", "j.doe@example.com")] {
            for table in ["demo_user_metadata", "demo_user_onboarding"] {
                let item = try await poll("\(userId) in \(table)") { () -> String? in
                    let r = try await engine.cli(["table", "get", table, "user_id=\(userId)"])
                    return r.status == 0 ? r.stdout : nil
                }
                #expect(item.contains(email), "\(table) \(userId)")
            }
        }
    }

    @Test("the gateway refuses a missing key with 403, an unknown topic with 404, a missing message with 400")
    func gatewayRefusals() async throws {
        let engine = try EngineProcess()
        defer { engine.terminate() }
        let k = try await keys(engine)
        let store = try #require(k.storeURL)
        let key = try #require(k.keys.first?.value)
        let topic = try #require(k.topicArns.first)
        #expect(try await get("\(store)?topic=\(topic)&message=x", key: nil) == (403, "{\"message\":\"Forbidden\"}"))
        #expect(try await get("\(store)?topic=\(topic)&message=x", key: "wrong") == (403, "{\"message\":\"Forbidden\"}"))
        #expect(try await get("\(store)?topic=arn:aws:sns:us-east-1:000000000000:nope&message=x", key: key).0 == 404)
        #expect(try await get("\(store)?topic=\(topic)", key: key).0 == 400)
        // Over 256 KB: 413 for a POSTed body; an oversized URL is 413 before it is even read.
        var big = HTTPClientRequest(url: store)
        big.method = .POST
        big.headers.add(name: "x-api-key", value: key)
        big.headers.add(name: "content-type", value: "application/json")
        big.body = .bytes(ByteBuffer(string: JSONValue.object(["topic": .string(topic), "message": .string(String(repeating: "a", count: 262_145))]).serialized()))
        let bigRes = try await HTTPClient.shared.execute(big, timeout: .seconds(10))
        #expect(bigRes.status.code == 413)
        #expect(try await get("\(store)?topic=\(topic)&message=\(String(repeating: "b", count: 9_000))", key: key).0 == 413)
        var form = HTTPClientRequest(url: store)
        form.method = .POST
        form.headers.add(name: "x-api-key", value: key)
        form.headers.add(name: "content-type", value: "text/plain")
        form.body = .bytes(ByteBuffer(string: "hello"))
        #expect(try await HTTPClient.shared.execute(form, timeout: .seconds(10)).status.code == 415)
        let port = try #require(URL(string: store)?.port)
        let path = try #require(URL(string: store)?.path)
        for bad in ["%zz", "%f", "%ff", "%c3%28"] {
            let r = try await RawHTTP.request(port: port, target: "\(path)?topic=\(topic)&message=\(bad)", headers: ["x-api-key": key])
            #expect(r.status == 400, "\(bad)")
            #expect(r.body.contains("\"message\""))
        }
        let upper = try await RawHTTP.request(port: port, target: "\(path)?topic=\(topic)&message=%7B%22A%22%3A1%7D&subject=Hi+there", headers: ["x-api-key": key])
        #expect(upper.status == 200)
        #expect(upper.headers["x-amzn-requestid"]?.count == 36)
        #expect(try await get("\(k.gatewayURL!)/nowhere", key: key) == (403, "{\"message\":\"Missing Authentication Token\"}"))
        #expect(try await get("\(k.gatewayURL!)/_health", key: nil).0 == 200)

        // Every answer of the store resource is counted under AWS/ApiGateway: 12 requests, 11 of them 4XX, on stage prod.
        let metrics = try await engine.cli(["metrics", "AWS/ApiGateway", "--json"])
        #expect(metrics.status == 0, "\(metrics.stderr)")
        let series = try #require(try JSONValue.parse(metrics.stdout).arrayValue)
        func sum(_ name: String) -> Double {
            series.filter { $0["name"]?.stringValue == name && $0["dimensions"]?["Stage"]?.stringValue == "prod"
                && $0["dimensions"]?["ApiName"]?.stringValue == "demo-user-ingestion" }
                .flatMap { $0["points"]?.arrayValue ?? [] }.reduce(0) { $0 + ($1["sum"]?.doubleValue ?? 0) }
        }
        #expect(sum("Count") == 12)
        #expect(sum("4XXError") == 11)
        #expect(sum("5XXError") == 0)
        #expect(series.contains { $0["name"]?.stringValue == "Latency" })

        // One access-log line per request, in the stage's format, in the log book: the request id, the key's id
        // (never its value), no query string.
        let requestId = try #require(upper.headers["x-amzn-requestid"])
        let lines = try await engine.cli(["logs", "--function", "gateway", "--limit", "1000"]).stdout
        let line = try #require(lines.split(separator: "\n").first { $0.contains(requestId) })
        #expect(line.contains(#""status":"200""#))
        #expect(line.contains(#""ip":"127.0.0.1""#))
        let keyId = try #require(k.keys.first?.id)
        #expect(line.contains("\"apiKeyId\":\"\(keyId)\""))
        #expect(!lines.contains(key))
        #expect(!lines.contains("topic=") && !lines.contains("message="))
        #expect(lines.split(separator: "\n").filter { $0.contains(#""requestId""#) }.count == 12)
    }

    @Test("ingest send, dlq, redrive, purge and replay work against a running engine")
    func cliCommands() async throws {
        let engine = try EngineProcess()
        defer { engine.terminate() }
        _ = try await keys(engine)
        // Pause the onboarding worker so the message waits in its queue for the purge below.
        let paused = try await engine.cli(["function", "configure", "demo-user-onboarding", "--enabled", "false"])
        #expect(paused.status == 0, "\(paused.stderr)")
        let sent = try await engine.cli(["send", "--email", "ada@example.com", "--user-id", "auth0|ada", "--username", "ada"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.trimmingCharacters(in: .whitespacesAndNewlines).count == 36)
        let redrive = try await engine.cli(["redrive", "demo-user-ingestion-user-metadata-queue"])
        #expect(redrive.status == 1)   // not a DLQ
        #expect(redrive.stderr.contains("UnsupportedOperation"))
        let empty = try await engine.cli(["redrive", "demo-user-ingestion-user-metadata-dead-letter-queue", "--wait", "--json"])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout.contains("\"COMPLETED\""))
        #expect(try await engine.cli(["purge", "demo-user-ingestion-onboarding-queue"]).status == 2)   // needs --yes
        let purge = try await engine.cli(["purge", "demo-user-ingestion-onboarding-queue", "--yes", "--json"])
        #expect(purge.stdout.contains("\"purged\" : 1"))
        let replay = try await engine.cli(["replay", "demo-user-ingestion-topic", "--from", "10m", "--json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("\"messages\" : 1"))
        let tasks = try await engine.cli(["move-tasks", "--json"])
        #expect(tasks.stdout.contains("COMPLETED"))
        #expect(await engine.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: engine.dataDirectory + "/control.sock"))
    }

    @Test("the usage plan throttles with 429 Too Many Requests, and its quota answers Limit Exceeded, also after a restart")
    func throttleAndQuota() async throws {
        // No refill (rate 0), so the outcome does not depend on how fast the requests go.
        let args = ["--parameter", "ThrottleRate=0", "--parameter", "ThrottleBurst=3", "--parameter", "QuotaLimit=100"]
        let engine = try EngineProcess(arguments: args)
        let k = try await keys(engine)
        let store = try #require(k.storeURL)
        let key = try #require(k.keys.first?.value)
        let topic = try #require(k.topicArns.first { $0.hasSuffix(":demo-user-ingestion-topic") })
        var statuses: [Int] = []
        for i in 0..<4 { statuses.append(try await get("\(store)?topic=\(topic)&message=m\(i)", key: key).0) }
        #expect(statuses == [200, 200, 200, 429])
        #expect(try await get("\(store)?topic=\(topic)&message=x", key: key) == (429, "{\"message\":\"Too Many Requests\"}"))
        #expect(try await get("\(store)?topic=\(topic)&message=x", key: "wrong").0 == 403)   // the key is checked first
        await engine.stop()

        let quota = try EngineProcess(arguments: ["--parameter", "ThrottleRate=0", "--parameter", "ThrottleBurst=100", "--parameter", "QuotaLimit=2"])
        let q = try await keys(quota)
        let qStore = try #require(q.storeURL)
        let qKey = try #require(q.keys.first?.value)
        for i in 0..<2 { #expect(try await get("\(qStore)?topic=\(topic)&message=q\(i)", key: qKey).0 == 200) }
        #expect(try await get("\(qStore)?topic=\(topic)&message=q2", key: qKey) == (429, "{\"message\":\"Limit Exceeded\"}"))
        await quota.stop()
        let again = try EngineProcess(arguments: ["--parameter", "ThrottleRate=0", "--parameter", "ThrottleBurst=100", "--parameter", "QuotaLimit=2"],
                                      dataDirectory: quota.dataDirectory)
        defer { again.terminate() }
        let a = try await keys(again)
        #expect(try await get("\(try #require(a.storeURL))?topic=\(topic)&message=q3", key: qKey) == (429, "{\"message\":\"Limit Exceeded\"}"))
        let listed = try await again.cli(["keys"])
        #expect(listed.stdout.contains("demo-user-ingestion-usage-plan"))
    }

    @Test("a CLI command with no engine running says so and exits 1; a usage error exits 2")
    func noEngine() async throws {
        let dir = IngestBinary.temporaryDirectory()
        let r = try await IngestBinary.run(["status", "--data-dir", dir])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no engine is running"))
        #expect(try await IngestBinary.run(["redrive"]).status == 2)
        #expect(try await IngestBinary.run(["bogus"]).status == 2)
        for args in [["--help"], ["logs", "--help"], ["help", "table", "put"]] {
            let help = try await IngestBinary.run(args)
            #expect(help.status == 0, "\(args)")
            #expect(help.stdout.contains("USAGE:"), "\(args)")
        }
    }

    @Test("a second engine on the same data directory is refused")
    func secondEngineRefused() async throws {
        let engine = try EngineProcess()
        defer { engine.terminate() }
        _ = try await keys(engine)
        let second = try await IngestBinary.run(["up", "--headless", "--data-dir", engine.dataDirectory, "--port", "0"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("already running"))
    }

    @Test("generated API keys are kept with mode 0600 and survive a restart; the socket is 0600")
    func keyFileAndModes() async throws {
        let engine = try EngineProcess()
        let first = try await keys(engine).keys.first?.value
        let attrs = try FileManager.default.attributesOfItem(atPath: engine.dataDirectory + "/api-keys.json")
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let sock = try FileManager.default.attributesOfItem(atPath: engine.dataDirectory + "/control.sock")
        #expect((sock[.posixPermissions] as? Int).map { $0 & 0o077 } == 0)
        let dir = try FileManager.default.attributesOfItem(atPath: engine.dataDirectory)
        #expect((dir[.posixPermissions] as? Int) == 0o700)
        await engine.stop()
        let again = try EngineProcess(dataDirectory: engine.dataDirectory)
        defer { again.terminate() }
        #expect(try await keys(again).keys.first?.value == first)
    }

    @Test("template check lists every resource of the bundled template")
    func templateCheck() async throws {
        let r = try await IngestBinary.run(["template", "check"])
        #expect(r.status == 0, "\(r.stderr)")
        for id in ["AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::Lambda::Function", "AWS::DynamoDB::Table",
                   "AWS::CloudWatch::Alarm", "AWS::ApiGateway::RestApi", "AWS::KMS::Key", "not yet run", "not enforced locally"] {
            #expect(r.stdout.contains(id), "\(id)")
        }
        let bad = try await IngestBinary.run(["template", "check", "/nonexistent.yaml"])
        #expect(bad.status == 1)
    }
}
