import AsyncHTTPClient
import Foundation
import IngestAWSAuth
import IngestCore
import NIOCore
import NIOHTTP1

/// Signed calls to AWS services from one set of settings (profile, region, credentials, endpoints):
/// SigV4 on every request, the standard retry mode, and errors turned into ``AWSClientError``.
public struct AWSConnection: Sendable {
    public let settings: AWSSettings
    let http: HTTPClient
    public var retry: RetryPolicy
    /// The wall clock signatures and credentials are stamped with.
    let now: @Sendable () -> Date
    /// Waits between retries (tests pass one that records and returns).
    let sleep: @Sendable (Duration) async throws -> Void
    let jitter: @Sendable () -> Double
    public var timeout: Duration

    public init(settings: AWSSettings, retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(30),
                now: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }) {
        self.settings = settings
        self.http = AWSHTTPClients.shared
        self.retry = retry
        self.timeout = timeout
        self.now = now
        self.sleep = sleep
        self.jitter = jitter
    }

    public var region: String { settings.region }

    /// The most pages one listing reads: an endpoint that answers empty pages with a next token cannot spin a listing.
    public static let maxPages = 200

    /// Sends the request, retrying what the standard mode retries; answers only 2xx responses.
    public func send(_ request: AWSRequest) async throws(AWSClientError) -> AWSResponse {
        var attempt = 1
        while true {
            do {
                return try await sendOnce(request)
            } catch {
                let retryable = retry.shouldRetry(error)
                guard retryable, attempt < retry.maxAttempts else { throw error }
                do { try await sleep(retry.backoff(afterAttempt: attempt, jitter: jitter())) } catch {
                    throw AWSClientError(kind: .transport, action: request.iamAction, message: "cancelled")
                }
                attempt += 1
            }
        }
    }

    private func sendOnce(_ request: AWSRequest) async throws(AWSClientError) -> AWSResponse {
        let endpoint = settings.endpoint(for: request.service)
        guard let host = endpoint.host, let scheme = endpoint.scheme else {
            throw AWSClientError(kind: .configuration, action: request.iamAction, message: "the endpoint \(endpoint.absoluteString) has no host")
        }
        let defaultPort = scheme == "https" ? 443 : 80
        let hostHeader = endpoint.port.map { $0 == defaultPort ? host : "\(host):\($0)" } ?? host
        let basePath = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        let path = basePath + request.path
        let credentials: AWSCredentials
        do { credentials = try await settings.credentials.current(now: now()) } catch {
            throw AWSClientError.configuration(error, action: request.iamAction)
        }
        let unsigned = SigV4Request(method: request.method, path: path, query: request.query,
                                    headers: [(name: "host", value: hostHeader)] + request.headers, body: request.body)
        let signer = SigV4Signer(credentials: credentials.signing, region: settings.region, service: request.service.signingName)
        let signed = signer.sign(unsigned, at: now())
        var url = "\(scheme)://\(hostHeader)\(path)"
        if !request.query.isEmpty { url += "?\(request.query)" }
        var http = HTTPClientRequest(url: url)
        http.method = HTTPMethod(rawValue: request.method)
        for h in signed.headers where h.name.lowercased() != "host" { http.headers.add(name: h.name, value: h.value) }
        http.headers.add(name: "User-Agent", value: "ingest/aws-console")
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            http.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await self.http.execute(http, timeout: .seconds(Int64(timeout.components.seconds)))
            body = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw AWSClientError(kind: .transport, action: request.iamAction, message: Self.describe(error, endpoint: endpoint, service: request.service, region: settings.region))
        }
        let answer = AWSResponse(status: Int(response.status.code), headers: response.headers.map { (name: $0.name, value: $0.value) },
                                 body: Array(buffer: body))
        guard (200..<300).contains(answer.status) else { throw AWSErrorDecoder.decode(answer, request: request) }
        return answer
    }

    /// A transport failure in one line; an unresolvable AWS host is named as an unknown region or endpoint.
    static func describe(_ error: any Error, endpoint: URL, service: AWSServiceName, region: String) -> String {
        let text = String(describing: error)
        if text.contains("NXDOMAIN") || text.contains("lookup") || text.contains("getaddrinfo") || text.contains("Name or service not known") {
            return "cannot resolve \(endpoint.host ?? endpoint.absoluteString): is the region \(region) right (--region, AWS_REGION, the profile's region)?"
        }
        if text.contains("connectTimeout") || text.contains("deadlineExceeded") || text.contains("timeout") {
            return "no answer from \(endpoint.absoluteString) in time"
        }
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("connect(descriptor") {
            return "nothing answers at \(endpoint.absoluteString) (connection refused)"
        }
        return "cannot reach \(endpoint.absoluteString): \(text)"
    }
}

/// One HTTP client for every AWS call of the process, never shut down (like `HTTPClient.shared`).
enum AWSHTTPClients {
    static let shared: HTTPClient = {
        var config = HTTPClient.Configuration()
        config.timeout.connect = .seconds(10)
        config.connectionPool.retryConnectionEstablishment = false
        config.decompression = .enabled(limit: .ratio(50))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }()
}
