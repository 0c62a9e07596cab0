import AsyncHTTPClient
import Foundation
import Histogram
import IngestCore
import IngestHost
import NIOCore
import Synchronization

/// Sends `count` distinct sign-ups to the gateway as the seed's clients do (POST JSON with the API key),
/// from `concurrency` callers on keep-alive connections, as fast as they are answered or at a fixed rate.
final class SignupSender: Sendable {
    struct Sent: Sendable {
        var accepted = 0, refused = 0, failed = 0
        /// When each sign-up's request was sent (ms since 1970), by its number; 0 when it was not accepted.
        var sentAtMillis: [Int64]
        var requestMicros: Histogram<UInt64>
    }

    let client: HTTPClient
    let storeURL: String
    let topic: String
    let apiKey: String
    let count: Int
    /// Sign-up `n` has the user id `prefix-n`.
    let prefix: String
    private let next = Atomic<Int>(0)
    private let accepted = Atomic<Int>(0)
    private let sentAt: Mutex<[Int64]>

    init(client: HTTPClient, storeURL: String, topic: String, apiKey: String, count: Int, prefix: String) {
        self.client = client
        self.storeURL = storeURL
        self.topic = topic
        self.apiKey = apiKey
        self.count = count
        self.prefix = prefix
        sentAt = Mutex([Int64](repeating: 0, count: count))
    }

    var acceptedSoFar: Int { accepted.load(ordering: .relaxed) }

    func send(concurrency: Int, rate: Double?, started: Date) async throws -> Sent {
        let clock = ContinuousClock()
        let origin = clock.now
        let parts = try await withThrowingTaskGroup(of: Sent.self) { group in
            for _ in 0..<concurrency {
                group.addTask { try await self.worker(rate: rate, origin: origin, clock: clock) }
            }
            var all: [Sent] = []
            for try await part in group { all.append(part) }
            return all
        }
        var total = Sent(sentAtMillis: sentAt.withLock { $0 }, requestMicros: Self.histogram())
        for p in parts {
            total.accepted += p.accepted
            total.refused += p.refused
            total.failed += p.failed
            total.requestMicros.add(p.requestMicros)
        }
        return total
    }

    static func histogram() -> Histogram<UInt64> { Histogram(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three) }

    /// One caller: takes the next number until all are sent; with a rate, waits for each one's turn.
    private func worker(rate: Double?, origin: ContinuousClock.Instant, clock: ContinuousClock) async throws -> Sent {
        var mine = Sent(sentAtMillis: [], requestMicros: Self.histogram())
        while true {
            let n = next.add(1, ordering: .relaxed).oldValue
            guard n < count else { return mine }
            if let rate { try await Task.sleep(until: origin + .nanoseconds(Int64(Double(n) / rate * 1e9)), clock: clock) }
            let message = #"{"user_id":"\#(prefix)-\#(n)","email":"b\#(n)@example.com","username":"bench\#(n)"}"#
            let request = DemoTraffic.request(storeURL: storeURL, apiKey: apiKey, topicArn: topic, message: message)
            let sentAt = Int64(Date().timeIntervalSince1970 * 1000)
            let before = clock.now
            do {
                let response = try await client.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 64 * 1024)
                _ = mine.requestMicros.record(UInt64(max(0, (clock.now - before) / .microseconds(1))))
                if response.status.code == 200 {
                    mine.accepted += 1
                    self.sentAt.withLock { $0[n] = sentAt }
                    accepted.add(1, ordering: .relaxed)
                } else {
                    mine.refused += 1
                }
            } catch {
                mine.failed += 1
            }
        }
    }
}
