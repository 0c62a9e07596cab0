import IngestCore
import Testing
@testable import IngestAWSClient

@Suite("Client-side move: batches SQS accepts")
struct ClientSideMoveBatchTests {
    static func message(_ i: Int, bytes: Int, attribute: Int = 0) -> SQSReceivedMessage {
        SQSReceivedMessage(messageId: "m\(i)", receiptHandle: "h\(i)", body: String(repeating: "x", count: bytes),
                           attributes: [:], messageAttributes: attribute > 0 ? ["a": .string(String(repeating: "y", count: attribute))] : [:])
    }

    @Test("at most 10 messages per SendMessageBatch")
    func tenPerBatch() {
        let chunks = ClientSideMove.chunks((0..<25).map { Self.message($0, bytes: 10) })
        #expect(chunks.map(\.count) == [10, 10, 5])
        #expect(chunks.flatMap { $0 }.map(\.messageId) == (0..<25).map { "m\($0)" }, "every message once, in order")
    }

    @Test("bodies and attributes together stay under 256 KiB per batch; one message as big as the limit goes alone")
    func bytesPerBatch() {
        let big = ClientSideMove.chunks((0..<6).map { Self.message($0, bytes: 100_000) })
        #expect(big.map(\.count) == [2, 2, 2])
        let attributes = ClientSideMove.chunks((0..<3).map { Self.message($0, bytes: 60_000, attribute: 60_000) })
        #expect(attributes.map(\.count) == [2, 1], "attributes count toward the batch")
        let whole = ClientSideMove.chunks([Self.message(0, bytes: 262_144), Self.message(1, bytes: 1)])
        #expect(whole.map(\.count) == [1, 1])
    }
}
