import AsyncHTTPClient
import Foundation
import IngestCore
import IngestHandlers
import NIOCore
import Synchronization

/// `ingest up --demo`: synthetic sign-ups sent through the real gateway over HTTP, as a client would, at a
/// steady rate. What happens to them (accepted, throttled, failed) shows in the console and the log book.
public struct DemoTraffic: Sendable {
    public let storeURL: String
    public let topicArn: String
    public let apiKey: String
    public let rate: Double
    public let poisonRatio: Double
    public let logBook: LogBook
    public let clock: any EngineClock

    /// Counts of what the gateway answered.
    final class Counts: Sendable {
        struct Values: Sendable { var sent = 0, accepted = 0, refused = 0, failed = 0, inFlight = 0 }
        let values = Mutex(Values())
    }
    let counts = Counts()

    public init(storeURL: String, topicArn: String, apiKey: String, rate: Double, poisonRatio: Double, logBook: LogBook, clock: any EngineClock) {
        self.storeURL = storeURL
        self.topicArn = topicArn
        self.apiKey = apiKey
        self.rate = rate
        self.poisonRatio = poisonRatio
        self.logBook = logBook
        self.clock = clock
    }

    /// The topic a demo publishes to: the one with the most subscriptions (the sign-up topic of the bundled template).
    public static func signupTopic(_ definition: PipelineDefinition) -> String? {
        let counts = Dictionary(grouping: definition.subscriptions, by: \.topicArn).mapValues(\.count)
        return definition.topics.map { definition.context.topicArn($0.name) }.max { (counts[$0] ?? 0, $1) < (counts[$1] ?? 0, $0) }
    }

    /// Sends until the task is cancelled: every 100 ms, the share of `rate` due, with at most 64 requests in flight
    /// (a slow gateway slows the demo instead of piling up requests).
    public func run() async {
        var generator = DemoSignups(poisonRatio: poisonRatio, seed: UInt64(clock.now().millis))
        logBook.append(level: .info, source: "demo", requestId: nil,
                       message: String(format: "demo traffic: %.1f sign-ups/s to %@, %.0f%% poison", rate, storeURL, poisonRatio * 100), at: clock.now())
        var due = 0.0
        var reportedFailures = 0
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                due = min(due + rate / 10, max(1, rate))
                while due >= 1, counts.values.withLock({ $0.inFlight < 64 }) {
                    due -= 1
                    let signup = generator.next()
                    counts.values.withLock { $0.inFlight += 1 }
                    group.addTask { await self.send(signup) }
                }
                let failed = counts.values.withLock { $0.failed }
                if failed > 0, failed >= reportedFailures * 2 {
                    reportedFailures = failed
                    logBook.append(level: .warn, source: "demo", requestId: nil,
                                   message: "demo traffic: \(failed) request(s) could not reach the gateway so far", at: clock.now())
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
            group.cancelAll()
        }
    }

    /// A sign-up as the gateway's clients send it: POST JSON (`topic`, `message`, `subject`) with the API key.
    public static func request(storeURL: String, apiKey: String, topicArn: String, message: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: storeURL)
        request.method = .POST
        request.headers.add(name: "x-api-key", value: apiKey)
        request.headers.add(name: "content-type", value: "application/json")
        let body = JSONValue.object(["topic": .string(topicArn), "message": .string(message), "subject": .string("signup")]).serialized()
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    private func send(_ signup: DemoSignups.Signup) async {
        let request = Self.request(storeURL: storeURL, apiKey: apiKey, topicArn: topicArn, message: signup.body)
        counts.values.withLock { $0.sent += 1 }
        defer { counts.values.withLock { $0.inFlight -= 1 } }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            counts.values.withLock { response.status.code == 200 ? ($0.accepted += 1) : ($0.refused += 1) }
        } catch {
            counts.values.withLock { $0.failed += 1 }
        }
    }
}

extension DemoTraffic {
    /// The bundled template's parameters for a demo in which DLQs fill within seconds and alarms fire within a
    /// minute or two: 1 s functions, 2 s visibility timeouts, one-minute alarms on a single datapoint.
    public static let demoParameters: [(String, String)] = [
        ("FunctionTimeout", "1"), ("QueueTimeout", "2"), ("AlarmPeriod", "60"), ("AlarmEvaluationPeriods", "1"), ("AlarmDatapointsToAlarm", "1"),
    ]

    /// The demo parameters as `Name=Value`, leaving out those the operator set with `--parameter`.
    public static func parameters(notIn given: [String]) -> [String] {
        let set = Set(given.compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        return demoParameters.filter { !set.contains($0.0) }.map { "\($0.0)=\($0.1)" }
    }
}
