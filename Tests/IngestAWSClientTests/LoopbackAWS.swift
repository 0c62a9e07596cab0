import Foundation
import HTTPTypes
import Hummingbird
@testable import IngestAWSClient
import IngestAWSAuth
import Logging
import NIOCore
import Synchronization

/// A request as the loopback server received it off the wire.
struct ReceivedRequest: Sendable {
    var method: String
    var path: String
    var query: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The request as SigV4 sees it, to check its signature with the server's own verifier.
    var sigV4: SigV4Request { SigV4Request(method: method, path: path, query: query, headers: headers, body: body) }
}

/// One scripted answer.
struct Answer: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: String

    static func json(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> Answer {
        Answer(status: status, headers: [(name: "Content-Type", value: "application/x-amz-json-1.0")] + headers, body: body)
    }

    static func xml(_ status: Int, _ body: String) -> Answer {
        Answer(status: status, headers: [(name: "Content-Type", value: "text/xml")], body: body)
    }
}

/// A real HTTP server on 127.0.0.1 and a port of its own that answers from a script (the last answer
/// repeats once the script runs out) and records every request.
final class LoopbackAWS: Sendable {
    let port: Int
    private let recorder: Recorder
    private let task: Task<Void, Never>

    private init(port: Int, recorder: Recorder, task: Task<Void, Never>) {
        self.port = port
        self.recorder = recorder
        self.task = task
    }

    var url: String { "http://127.0.0.1:\(port)" }

    var received: [ReceivedRequest] { recorder.log.withLock { $0 } }

    /// Starts the server, runs `body` against it and stops it, whatever `body` does.
    static func with<T: Sendable>(_ script: [Answer], _ body: (LoopbackAWS) async throws -> T) async throws -> T {
        let server = try await start(script)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    static func start(_ script: [Answer]) async throws -> LoopbackAWS {
        precondition(!script.isEmpty)
        let recorder = Recorder()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            // HTTP/1's Host header arrives as the request's authority, not among its fields.
            let host = request.head.authority.map { [(name: "Host", value: $0)] } ?? []
            let received = ReceivedRequest(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                headers: host + request.headers.map { (name: $0.name.rawName, value: $0.value) }, body: Array(buffer: body))
            let answer = script[min(recorder.record(received), script.count - 1)]
            var headers = HTTPFields()
            for h in answer.headers { headers[HTTPField.Name(h.name)!] = h.value }
            return Response(status: .init(code: answer.status), headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
        var logger = Logger(label: "loopback-aws")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "loopback-aws"),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task {
            try? await app.runService(gracefulShutdownSignals: [])
            continuation.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw LoopbackError.notListening
        }
        return LoopbackAWS(port: port, recorder: recorder, task: task)
    }

    /// Stops the server and waits for it to end.
    func stop() async {
        task.cancel()
        await task.value
    }

    enum LoopbackError: Error { case notListening }

    /// The requests so far, shared by the responder and the server object.
    private final class Recorder: Sendable {
        let log = Mutex<[ReceivedRequest]>([])
        /// Records the request and answers how many came before it.
        func record(_ r: ReceivedRequest) -> Int { log.withLock { $0.append(r); return $0.count - 1 } }
    }
}

/// Records the waits a connection asked for, instead of waiting.
final class SleepRecorder: Sendable {
    private let waits = Mutex<[Duration]>([])
    var recorded: [Duration] { waits.withLock { $0 } }
    var sleep: @Sendable (Duration) async throws -> Void { { [self] d in waits.withLock { $0.append(d) } } }
}

enum Loopback {
    static let accessKey = "AKIDLOOPBACKTEST0001"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYLOOPBACKKEY"
    static let sessionToken = "IQoJb3JpZ2luX2VjEXAMPLE-session-token"
    /// 2026-12-07T22:55:46Z: every signature is stamped with it.
    static let now = Date(timeIntervalSince1970: 1_796_684_146)

    /// Settings resolved the way the CLI resolves them: keys from the environment, no config or credentials
    /// file (both paths point where nothing exists), `--endpoint-url` the loopback server.
    static func settings(endpoint: String, sessionToken: String? = nil) throws -> AWSSettings {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-aws-client-\(UUID().uuidString)").path
        var env = ["AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secret,
                   "AWS_CONFIG_FILE": missing + "/config", "AWS_SHARED_CREDENTIALS_FILE": missing + "/credentials"]
        if let sessionToken { env["AWS_SESSION_TOKEN"] = sessionToken }
        return try AWSSettings.resolve(profile: nil, region: "us-east-1", endpointURL: endpoint, environment: env)
    }

    /// A connection to the server whose waits are recorded and whose jitter is `jitter`.
    static func connection(_ server: LoopbackAWS, sleeps: SleepRecorder, jitter: Double = 0.5,
                           sessionToken: String? = nil) throws -> AWSConnection {
        AWSConnection(settings: try settings(endpoint: server.url, sessionToken: sessionToken), now: { now },
                      sleep: sleeps.sleep, jitter: { jitter })
    }

    /// The error `body` throws, or nil when it succeeds.
    static func failure<T>(_ body: () async throws(AWSClientError) -> T) async -> AWSClientError? {
        do { _ = try await body(); return nil } catch { return error }
    }
}
