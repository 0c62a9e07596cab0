import AsyncHTTPClient
import Foundation
import IngestTestSupport
import NIOCore
import Testing

@Suite("the gateway when the store cannot accept writes, end to end", .serialized, .timeLimit(.minutes(5)))
struct StoreUnavailableTests {
    struct Keys: Decodable {
        var storeURL: String?
        var topicArns: [String]
        var keys: [Key]
        struct Key: Decodable { var value: String }
    }

    @Test("a publish the store cannot make durable is 503 with a message, not 200; once the lock is gone, publishing works again")
    func lockedStoreIs503() async throws {
        let engine = try EngineProcess()
        defer { engine.terminate() }
        let keys = try JSONDecoder().decode(Keys.self, from: Data(try await engine.waitUntilReady().utf8))
        let store = try #require(keys.storeURL)
        let key = try #require(keys.keys.first?.value)
        let topic = try #require(keys.topicArns.first { $0.hasSuffix(":demo-user-ingestion-topic") })
        func publish(_ n: Int) async throws -> (UInt, String) {
            var request = HTTPClientRequest(url: "\(store)?topic=\(topic)&message=%7B%22user_id%22%3A%22u\(n)%22%7D")
            request.headers.add(name: "x-api-key", value: key)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            return (response.status.code, String(buffer: try await response.body.collect(upTo: 1 << 16)))
        }
        #expect(try await publish(1).0 == 200)

        let lock = try await StoreWriteLock(path: engine.dataDirectory + "/ingest.sqlite")
        let refused: (UInt, String)
        do { refused = try await publish(2) } catch {
            lock.unlock()
            throw error
        }
        lock.unlock()
        #expect(refused.0 == 503, "\(refused.1)")
        #expect(refused.1.hasPrefix("{\"message\":"), "\(refused.1)")

        let again = try await publish(3)
        #expect(again.0 == 200, "\(again.1)")
        #expect(again.1.contains("MessageId"))
    }
}
