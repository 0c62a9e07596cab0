import Foundation
import IngestCore
import IngestServer
import Synchronization
import Testing

/// A value shared with escaping closures.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: @Sendable (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}

@Suite("Access log: formats, redaction and the rotating writer", .timeLimit(.minutes(1)))
struct AccessLogTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The stage's `AccessLogSetting.Format` in the seed template (a `>-` folded scalar: its lines joined by spaces).
    static func seedFormat() throws -> String {
        let text = try String(contentsOf: repoRoot.appendingPathComponent("templates/user-ingestion.yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let setting = try #require(lines.firstIndex { $0.contains("AccessLogSetting:") })
        let formatLine = try #require(lines[setting...].firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Format:") })
        #expect(lines[formatLine].hasSuffix(">-"))
        let indent = lines[formatLine].prefix { $0 == " " }.count
        var parts: [String] = []
        for line in lines[(formatLine + 1)...] {
            guard line.prefix(while: { $0 == " " }).count > indent, !line.trimmingCharacters(in: .whitespaces).isEmpty else { break }
            parts.append(line.trimmingCharacters(in: .whitespaces))
        }
        return parts.joined(separator: " ")
    }

    static let time = ISO8601.parse("2024-03-16T12:16:45.770Z")!

    static func entry(status: Int = 200) -> AccessLogEntry {
        AccessLogEntry(requestId: "6f1c2a4e-8b1d-4a53-9c1e-2f0d3b4a5c6d", extendedRequestId: "KxZ3pFwsoAMEbWw=",
                       sourceIp: "203.0.113.7", apiKeyId: "k1a2b3c4d5", userAgent: "curl/8.5.0", httpMethod: "GET",
                       path: "/prod/store?topic=arn:aws:sns:us-east-1:123456789012:t&message=%7B%22email%22%3A%22j.doe%40example.com%22%7D",
                       resourcePath: "/store", status: status, responseLength: 52, responseLatencyMs: 37, integrationLatencyMs: 30,
                       requestTime: time, stage: "prod", apiId: "a1b2c3d4e5", domainName: "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com")
    }

    static func jsonObject(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    // MARK: Formats

    @Test("the seed template's stage format renders exactly, without the query string")
    func seedTemplateFormat() throws {
        let source = try Self.seedFormat()
        #expect(source == #"{"requestId":"$context.requestId","extendedRequestId":"$context.extendedRequestId","ip":"$context.identity.sourceIp","apiKeyId":"$context.identity.apiKeyId","httpMethod":"$context.httpMethod","path":"$context.path","status":"$context.status","latencyMs":"$context.responseLatency","responseLength":"$context.responseLength"}"#)
        let format = try AccessLogFormat(source)
        #expect(format.shape == .json)
        let line = format.render(Self.entry())
        #expect(line == #"{"requestId":"6f1c2a4e-8b1d-4a53-9c1e-2f0d3b4a5c6d","extendedRequestId":"KxZ3pFwsoAMEbWw=","ip":"203.0.113.7","apiKeyId":"k1a2b3c4d5","httpMethod":"GET","path":"/prod/store","status":"200","latencyMs":"37","responseLength":"52"}"#)
        _ = try Self.jsonObject(line)
        // The same through forStage, as the gateway will call it.
        #expect(try AccessLogFormat.forStage(source).render(Self.entry()) == line)
    }

    @Test("the console's CLF preset renders with the CLF request time")
    func clfPreset() throws {
        var e = Self.entry(status: 403)
        e.sourceIp = "198.51.100.4"
        e.responseLength = 23
        let line = AccessLogFormat.clf.render(e)
        #expect(line == #"198.51.100.4 - - [16/Mar/2024:12:16:45 +0000]"GET /store HTTP/1.1" 403 23 6f1c2a4e-8b1d-4a53-9c1e-2f0d3b4a5c6d KxZ3pFwsoAMEbWw="#)
        #expect(try AccessLogFormat(AccessLogFormat.clfFormat) == AccessLogFormat.clf)
        #expect(AccessLogFormat.clf.shape == .text)
    }

    @Test("request time is dd/MMM/yyyy:HH:mm:ss +0000 in UTC, and the epoch form is in milliseconds",
          arguments: [("1970-01-01T00:00:00Z", "01/Jan/1970:00:00:00 +0000"), ("2000-02-29T23:59:59.999Z", "29/Feb/2000:23:59:59 +0000"),
                      ("1969-12-31T23:59:59Z", "31/Dec/1969:23:59:59 +0000"), ("2024-12-31T09:05:07Z", "31/Dec/2024:09:05:07 +0000"),
                      ("2100-03-01T00:00:00Z", "01/Mar/2100:00:00:00 +0000")])
    func requestTime(iso: String, clf: String) throws {
        let t = try #require(ISO8601.parse(iso))
        #expect(AccessLogFormat.clfTime(t) == clf)
        var e = Self.entry()
        e.requestTime = t
        let format = try AccessLogFormat("$context.requestId [$context.requestTime] $context.requestTimeEpoch")
        #expect(format.render(e) == "\(e.requestId) [\(clf)] \(t.millis)")
    }

    @Test("a format without $context.requestId or $context.extendedRequestId is refused")
    func refusesFormatWithoutRequestId() throws {
        for bad in ["$context.identity.sourceIp $context.status", #"{"id":"$context.requestIdentity"}"#, "requestId"] {
            #expect(throws: AccessLogFormatError.missingRequestId(format: bad)) { try AccessLogFormat(bad) }
        }
        #expect(throws: AccessLogFormatError.empty) { try AccessLogFormat("  \n ") }
        do {
            _ = try AccessLogFormat("$context.status")
            Issue.record("accepted a format without a request id")
        } catch {
            #expect(error.description.contains("$context.requestId"))
            #expect(error.description.contains("$context.extendedRequestId"))
        }
        // Either id is enough; a trailing full stop is punctuation.
        #expect(try AccessLogFormat("id $context.extendedRequestId").variables == ["extendedRequestId"])
        #expect(try AccessLogFormat("done $context.requestId.").render(Self.entry()) == "done 6f1c2a4e-8b1d-4a53-9c1e-2f0d3b4a5c6d.")
        // No format: the default.
        #expect(try AccessLogFormat.forStage(nil) == AccessLogFormat.defaultJSON)
        #expect(try AccessLogFormat.forStage("  ") == AccessLogFormat.defaultJSON)
    }

    @Test("every listed variable renders; unknown and missing values are '-'")
    func variables() throws {
        let all = AccessLogFormat.knownVariables.map { "$context.\($0)" }.joined(separator: "|")
        let format = try AccessLogFormat(all + "|$context.authorizer.claims.email|$context.nope")
        var e = Self.entry(status: 429)
        e.caller = "caller-1"
        e.user = "user-1"
        e.resourceId = "r1"
        e.integrationStatus = 200
        e.integrationError = "boom"
        e.accountId = "123456789012"
        e.errorMessage = "Too Many Requests"
        e.errorResponseType = "THROTTLED"
        e.xrayTraceId = "Root=1-abc"
        let values = format.render(e).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        var byName: [String: String] = [:]
        for (name, value) in zip(AccessLogFormat.knownVariables + ["authorizer.claims.email", "nope"], values) { byName[name] = value }
        #expect(byName == [
            "requestId": e.requestId, "extendedRequestId": "KxZ3pFwsoAMEbWw=", "identity.sourceIp": "203.0.113.7",
            "identity.apiKeyId": "k1a2b3c4d5", "identity.apiKey": "-", "identity.caller": "caller-1", "identity.user": "user-1",
            "identity.userAgent": "curl/8.5.0", "httpMethod": "GET", "path": "/prod/store", "resourcePath": "/store", "resourceId": "r1",
            "protocol": "HTTP/1.1", "status": "429", "responseLength": "52", "responseLatency": "37", "integrationLatency": "30",
            "integration.latency": "30", "integrationStatus": "200", "integration.status": "200", "integration.error": "boom",
            "requestTime": "16/Mar/2024:12:16:45 +0000", "requestTimeEpoch": "\(Self.time.millis)", "stage": "prod", "apiId": "a1b2c3d4e5",
            "accountId": "123456789012", "domainName": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", "domainPrefix": "a1b2c3d4e5",
            "error.message": "Too Many Requests", "error.messageString": #""Too Many Requests""#, "error.responseType": "THROTTLED",
            "xrayTraceId": "Root=1-abc", "authorizer.claims.email": "-", "nope": "-",
        ])
        let bare = AccessLogEntry(requestId: "r", httpMethod: "GET", path: "/", httpProtocol: nil, status: 200, requestTime: Self.time)
        let line = try AccessLogFormat("$context.requestId $context.identity.sourceIp $context.protocol $context.responseLength $context.error.messageString")
            .render(bare)
        #expect(line == "r - - - -")
    }

    // MARK: Escaping and redaction

    @Test("values in a JSON-shaped format are JSON-escaped: quotes, backslashes and control characters keep the line valid")
    func jsonEscaping() throws {
        let agent = "Mozilla/5.0 \"quoted\" back\\slash\nnew line\ttab\u{01}bell é"
        var e = Self.entry()
        e.userAgent = agent
        e.errorMessage = "Bad \"thing\"\n"
        let format = try AccessLogFormat(#"{"requestId":"$context.requestId","ua":"$context.identity.userAgent","message":$context.error.messageString}"#)
        let line = format.render(e)
        #expect(!line.contains("\n"))
        let object = try Self.jsonObject(line)
        #expect(object["ua"] as? String == agent)
        #expect(object["message"] as? String == "Bad \"thing\"\n")
        #expect(object["requestId"] as? String == e.requestId)

        // A text format escapes quotes and control characters too, so a value cannot forge a line or a field.
        let clfish = try AccessLogFormat(#"$context.requestId "$context.identity.userAgent""#)
        #expect(clfish.render(e) == #"6f1c2a4e-8b1d-4a53-9c1e-2f0d3b4a5c6d "Mozilla/5.0 \"quoted\" back\\slash\nnew line\ttab\x01bell é""#)
        // An XML-shaped format gets entities.
        e.userAgent = #"a<b>&"c'"#
        let xml = try AccessLogFormat(#"<request id="$context.requestId"><ua>$context.identity.userAgent</ua></request>"#)
        #expect(xml.shape == .xml)
        #expect(xml.render(e) == #"<request id="6f1c2a4e-8b1d-4a53-9c1e-2f0d3b4a5c6d"><ua>a&lt;b&gt;&amp;&quot;c&apos;</ua></request>"#)
        // Line breaks in the format itself become spaces.
        #expect(try AccessLogFormat("$context.requestId\n$context.status").render(e) == "6f1c2a4e-8b1d-4a53-9c1e-2f0d3b4a5c6d 200")
    }

    @Test("e-mail addresses in the user agent, the path or an error are redacted, and the query string is never carried")
    func redaction() throws {
        var e = Self.entry()
        e.userAgent = "signup-bot/1.0 (contact: ops.team@example.com)"
        e.path = "/prod/store/jane.doe@example.com?email=x.y@example.org&message=hello"
        e.errorMessage = "Unknown subscriber j.doe@example.net"
        #expect(e.path == "/prod/store/jane.doe@example.com")
        let format = try AccessLogFormat(#"{"requestId":"$context.requestId","ua":"$context.identity.userAgent","path":"$context.path","err":"$context.error.message"}"#)
        for f in [format, AccessLogFormat.clf, AccessLogFormat.defaultJSON, AccessLogFormat.consoleJSON] {
            let line = f.render(e)
            for leak in ["ops.team@", "jane.doe@", "j.doe@", "x.y@", "email=", "message=", "?"] { #expect(!line.contains(leak), "\(leak) in \(line)") }
        }
        let line = format.render(e)
        #expect(line.contains("o***@example.com"))
        #expect(line.contains("/prod/store/j***@example.com"))
        #expect(line.contains("j***@example.net"))
        // An encoded address in the path is decoded first, so redaction sees it.
        let encoded = AccessLogEntry(requestId: "r", httpMethod: "GET", path: "/users/Jane%40Example.org?x=1#frag", status: 200, requestTime: Self.time)
        #expect(encoded.path == "/users/Jane@Example.org")
        #expect(try AccessLogFormat("$context.requestId $context.path").render(encoded) == "r /users/J***@Example.org")
    }

    @Test("the API key's value never appears, only its id")
    func apiKeyNeverLogged() throws {
        let secret = "Zq9sVwX2yT4uR6pL8mN0bC3dE5fG7hJ1kA"
        var e = Self.entry()
        e.apiKeyId = "k1a2b3c4d5"
        e.userAgent = "client x-api-key: \(secret)"
        e.errorMessage = "{\"apiKey\":\"\(secret)\"}"
        let format = try AccessLogFormat(#"{"requestId":"$context.requestId","key":"$context.identity.apiKey","keyId":"$context.identity.apiKeyId","ua":"$context.identity.userAgent","err":"$context.error.message"}"#)
        for f in [format, AccessLogFormat.defaultJSON, AccessLogFormat.clf] {
            #expect(!f.render(e).contains(secret))
        }
        let object = try Self.jsonObject(format.render(e))
        #expect(object["key"] as? String == "-")
        #expect(object["keyId"] as? String == "k1a2b3c4d5")
        #expect((object["ua"] as? String)?.contains(Redaction.keyMask) == true)
    }

    @Test("the default JSON format has every field")
    func defaultFormat() throws {
        var e = Self.entry(status: 403)
        e.errorResponseType = "INVALID_API_KEY"
        e.errorMessage = "Forbidden"
        e.responseLatencyMs = 12
        let object = try Self.jsonObject(AccessLogFormat.defaultJSON.render(e))
        #expect(Set(object.keys) == ["requestId", "ip", "apiKeyId", "httpMethod", "resourcePath", "status", "responseLength", "latencyMs", "errorType", "requestTime"])
        #expect(object["requestId"] as? String == e.requestId)
        #expect(object["ip"] as? String == "203.0.113.7")
        #expect(object["apiKeyId"] as? String == "k1a2b3c4d5")
        #expect(object["httpMethod"] as? String == "GET")
        #expect(object["resourcePath"] as? String == "/store")
        #expect(object["status"] as? String == "403")
        #expect(object["responseLength"] as? String == "52")
        #expect(object["latencyMs"] as? String == "12")
        #expect(object["errorType"] as? String == "INVALID_API_KEY")
        #expect(object["requestTime"] as? String == "16/Mar/2024:12:16:45 +0000")
        // A request with no key and no error still gives valid JSON.
        let plain = AccessLogEntry(requestId: "r", httpMethod: "POST", path: "/store", status: 200, requestTime: Self.time)
        let p = try Self.jsonObject(AccessLogFormat.defaultJSON.render(plain))
        #expect(p["apiKeyId"] as? String == "-")
        #expect(p["errorType"] as? String == "-")
    }

    // MARK: Writer

    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("access-log-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func mode(_ path: String) throws -> Int {
        try #require((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    static func size(_ path: String) throws -> Int {
        try #require((FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue)
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("the file rotates before it would pass the limit, keeps N files, all mode 0600")
    func rotation() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("access.log")
        // An existing file with a wider mode is narrowed.
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644])
        let writer = try AccessLogWriter(directory: dir, maxBytes: 1000, keep: 3)
        #expect(try Self.mode(path) == 0o600)
        func line(_ i: Int) -> String { let head = "line \(i) "; return head + String(repeating: "x", count: 99 - head.count) }
        for i in 0..<60 { writer.append(line(i)) }   // 100 bytes each: ten to a file
        try writer.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(names == ["access.log", "access.log.1", "access.log.2", "access.log.3"])
        for (name, first) in [("access.log", 50), ("access.log.1", 40), ("access.log.2", 30), ("access.log.3", 20)] {
            let p = (dir as NSString).appendingPathComponent(name)
            #expect(try Self.mode(p) == 0o600, "\(name)")
            #expect(try Self.size(p) == 1000, "\(name)")
            #expect(try Self.lines(p) == (first..<(first + 10)).map(line), "\(name)")
        }
        #expect(writer.droppedLineCount == 0)
        #expect(writer.lastError == nil)
    }

    @Test("keep 0 keeps no rotated file; a reopened log continues at its size; an oversized line gets a file of its own")
    func rotationEdges() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("access.log")
        let a = String(repeating: "a", count: 59), b = String(repeating: "b", count: 59)
        let c = String(repeating: "c", count: 299), d = "d"
        do {
            let w = try AccessLogWriter(directory: dir, maxBytes: 100, keep: 0)
            w.append(b)
            w.append(a)   // 60 + 60 > 100: the first file is dropped, not kept
            try w.close()
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["access.log"])
            #expect(try Self.lines(path) == [a])
        }
        let w = try AccessLogWriter(directory: dir, maxBytes: 100, keep: 2)
        w.append(b)   // the reopened file holds 60 bytes: this rotates it
        w.append(c)   // larger than the limit on its own: a file of its own
        w.append(d)
        try w.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["access.log", "access.log.1", "access.log.2"])
        #expect(try Self.lines(path) == [d])
        #expect(try Self.lines(path + ".1") == [c])
        #expect(try Self.lines(path + ".2") == [b])
    }

    @Test("lines are buffered until flush(), written at the threshold and on close, and handed to the sink")
    func buffering() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let seen = Locked<[(String, String?)]>([])
        let writer = try AccessLogWriter(directory: dir, flushInterval: .seconds(3600), flushThreshold: 1024) { line, id in
            seen.withLock { $0.append((line, id)) }
        }
        func size() throws -> Int { try Self.size(writer.path) }
        writer.log(Self.entry(), format: .defaultJSON)
        #expect(try size() == 0)
        #expect(writer.bufferedByteCount > 0)
        try writer.flush()
        #expect(writer.bufferedByteCount == 0)
        let first = try Self.lines(writer.path)
        #expect(first == [AccessLogFormat.defaultJSON.render(Self.entry())])
        #expect(seen.withLock { $0.map { $0.0 } } == first)
        #expect(seen.withLock { $0.map { $0.1 } } == [Self.entry().requestId])

        // 100-byte lines: the eleventh reaches 1024 pending bytes and is written without a flush().
        for i in 0..<10 { writer.append(String(repeating: "\(i)", count: 99)) }
        let written = try size()
        #expect(written == first[0].utf8.count + 1)
        writer.append(String(repeating: "z", count: 99))
        #expect(try size() == written + 1100)
        writer.append("tail with a\nline break and a.person@example.com", requestId: "r-9")
        try writer.close()
        let all = try Self.lines(writer.path)
        #expect(all.count == 13)
        #expect(all.last == "tail with a\\nline break and a***@example.com")
        #expect(seen.withLock { $0.last?.1 } == "r-9")
        // After close the file takes no more lines.
        writer.append("late")
        #expect(try Self.lines(writer.path).count == 13)
        #expect(writer.droppedLineCount == 1)
        try writer.close()
    }

    @Test("concurrent appends from 50 tasks lose no line")
    func concurrentAppends() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let count = Locked(0)
        let writer = try AccessLogWriter(directory: dir, flushThreshold: 4096) { _, _ in count.withLock { $0 += 1 } }
        let format = AccessLogFormat.defaultJSON
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<50 {
                group.addTask {
                    for i in 0..<200 {
                        var e = Self.entry()
                        e.requestId = "t\(task)-\(i)"
                        writer.log(e, format: format)
                    }
                }
            }
        }
        try writer.close()
        let lines = try Self.lines(writer.path)
        #expect(lines.count == 10_000)
        let ids = Set(try lines.map { try Self.jsonObject($0)["requestId"] as? String ?? "" })
        #expect(ids == Set((0..<50).flatMap { t in (0..<200).map { "t\(t)-\($0)" } }))
        #expect(count.withLock { $0 } == 10_000)
        #expect(writer.droppedLineCount == 0)
    }
}
