import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestCore
import IngestHandlers
import IngestServer
import IngestTestSupport
import Testing

/// The AWS endpoint's routes in process: both protocols against a fresh engine.
@Suite("AWS endpoint routes in process", .timeLimit(.minutes(1)))
struct AWSServerRouteTests {
    static let target = HTTPField.Name("X-Amz-Target")!
    static let requestId = HTTPField.Name("x-amzn-RequestId")!
    static let queryError = HTTPField.Name("x-amzn-query-error")!

    func app() throws -> (Engine, some ApplicationProtocol) {
        let pipeline = try PipelineRuntime(definition: Fixtures.seedLike(), handlers: BuiltinHandlers.registry, clock: ManualClock())
        let router = Router()
        AWSServer(pipeline: pipeline, fallbackEndpoint: "http://127.0.0.1:4566").addRoutes(to: router)
        return (pipeline.engine, Application(router: router))
    }

    func call(_ client: some TestClientProtocol, _ op: String, _ body: JSONValue) async throws -> (HTTPResponse.Status, HTTPFields, JSONValue) {
        try await client.execute(uri: "/", method: .post, headers: [Self.target: "AmazonSQS.\(op)", .contentType: "application/x-amz-json-1.0"],
                                 body: ByteBuffer(string: body.serialized())) { r in
            (r.status, r.headers, try JSONValue.parse(String(buffer: r.body)))
        }
    }

    @Test("JSON 1.0: create, send with attributes, receive with the SQS digests, delete")
    func jsonRoundTrip() async throws {
        let (engine, app) = try app()
        try await app.test(.router) { client in
            let (s1, h1, created) = try await call(client, "CreateQueue", ["QueueName": "jobs", "Attributes": ["VisibilityTimeout": "40"]])
            #expect(s1 == .ok && h1[Self.requestId] != nil)
            let url = try #require(created["QueueUrl"]?.stringValue)
            #expect(url.hasSuffix("/123456789012/jobs"))
            let attrs: JSONValue = ["color": ["DataType": "String", "StringValue": "blue"], "n": ["DataType": "Number", "StringValue": "42"]]
            let (_, _, sent) = try await call(client, "SendMessage", ["QueueUrl": .string(url), "MessageBody": "hello", "MessageAttributes": attrs])
            #expect(sent["MD5OfMessageBody"] == .string("5d41402abc4b2a76b9719d911017c592"))
            #expect(sent["MD5OfMessageAttributes"] == .string("76c2f4b1b98be65e4617325a956fb6a4"))
            let (_, _, got) = try await call(client, "ReceiveMessage", ["QueueUrl": .string(url), "MessageAttributeNames": ["All"], "AttributeNames": ["ApproximateReceiveCount"]])
            let m = try #require(got["Messages"]?.arrayValue?.first)
            #expect(m["Body"] == .string("hello"))
            #expect(m["MD5OfMessageAttributes"] == .string("76c2f4b1b98be65e4617325a956fb6a4"))
            #expect(m["Attributes"] == .object(["ApproximateReceiveCount": "1"]))
            let (s2, _, _) = try await call(client, "DeleteMessage", ["QueueUrl": .string(url), "ReceiptHandle": m["ReceiptHandle"]!])
            #expect(s2 == .ok)
            let (s3, h3, missing) = try await call(client, "GetQueueUrl", ["QueueName": "nope"])
            #expect(s3 == .badRequest)
            #expect(missing["__type"] == .string("com.amazonaws.sqs#QueueDoesNotExist"))
            #expect(h3[Self.queryError] == "AWS.SimpleQueueService.NonExistentQueue;Sender")
            let (s4, _, unknown) = try await call(client, "Frobnicate", [:])
            #expect(s4 == .badRequest && unknown["__type"]?.stringValue?.hasSuffix("#UnknownOperationException") == true)
        }
        #expect(await engine.status().queues.first { $0.name == "jobs" }?.visibilityTimeout == 40)
    }

    @Test("query protocol: a form POST answers XML; errors come in ErrorResponse")
    func queryProtocol() async throws {
        let (_, app) = try app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "Action=ListQueues&Version=2012-11-05&QueueNamePrefix=meta")) { r in
                let text = String(buffer: r.body)
                #expect(r.status == .ok && r.headers[Self.requestId] != nil)
                #expect(text.contains("<ListQueuesResponse xmlns=\"https://queue.amazonaws.com/doc/2012-11-05/\"><ListQueuesResult><QueueUrl>"))
                #expect(text.contains("/123456789012/metadata</QueueUrl>"))
            }
            try await client.execute(uri: "/123456789012/nope", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "Action=PurgeQueue")) { r in
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).contains("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"))
            }
            try await client.execute(uri: "/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "Action=Frobnicate")) { r in
                #expect(r.status == .badRequest && String(buffer: r.body).contains("<Code>InvalidAction</Code>"))
            }
        }
    }
}
