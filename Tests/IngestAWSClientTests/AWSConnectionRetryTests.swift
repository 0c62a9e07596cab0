import Foundation
@testable import IngestAWSClient
import IngestCore
import Testing

/// The standard retry mode against a real HTTP server on the loopback: what is retried, how often and
/// after which waits (recorded, never slept), and what is not retried at all.
@Suite("AWSConnection: standard-mode retries over HTTP")
struct AWSConnectionRetryTests {
    static let throttled = Answer.json(400, #"{"__type":"com.amazonaws.sqs#ThrottlingException","message":"Rate exceeded"}"#)
    static let queues = Answer.json(200, #"{"QueueUrls":["https://sqs.us-east-1.amazonaws.com/123456789012/demo_jobs"]}"#)

    @Test("throttled twice, then answered: the call succeeds on the third attempt after waits of 1 s and 2 s times the jitter")
    func throttledThenSucceeds() async throws {
        let sleeps = SleepRecorder()
        try await LoopbackAWS.with([Self.throttled, Self.throttled, Self.queues]) { server in
            let sqs = SQSAPI(try Loopback.connection(server, sleeps: sleeps, jitter: 0.5))
            let urls = try await sqs.listQueues(prefix: "demo")
            #expect(urls == ["https://sqs.us-east-1.amazonaws.com/123456789012/demo_jobs"])
            #expect(server.received.count == 3)
        }
        #expect(sleeps.recorded == [.milliseconds(500), .seconds(1)])
    }

    @Test("always throttled: fails after the standard mode's 3 attempts with the throttling error")
    func alwaysThrottled() async throws {
        let sleeps = SleepRecorder()
        let error = try await LoopbackAWS.with([Self.throttled]) { server in
            let sqs = SQSAPI(try Loopback.connection(server, sleeps: sleeps, jitter: 1))
            let error = await Loopback.failure { () async throws(AWSClientError) in try await sqs.listQueues(prefix: nil) }
            #expect(server.received.count == 3)
            return error
        }
        let e = try #require(error)
        #expect(e.isThrottling)
        #expect(e.code == "ThrottlingException")
        #expect(e.action == "sqs:ListQueues")
        #expect(e.description.contains("throttled"))
        #expect(sleeps.recorded == [.seconds(1), .seconds(2)])
    }

    @Test("a transient 503 is retried; the second attempt's answer is returned")
    func transientServerError() async throws {
        let sleeps = SleepRecorder()
        try await LoopbackAWS.with([.json(503, #"{"__type":"ServiceUnavailable","message":"try again"}"#), Self.queues]) { server in
            let sqs = SQSAPI(try Loopback.connection(server, sleeps: sleeps, jitter: 0.25))
            #expect(try await sqs.listQueues(prefix: nil).count == 1)
            #expect(server.received.count == 2)
        }
        #expect(sleeps.recorded == [.milliseconds(250)])
    }

    @Test("403 AccessDenied is not retried; the error names the IAM action and leaks no secret")
    func accessDeniedNotRetried() async throws {
        let sleeps = SleepRecorder()
        let denied = Answer.json(403, #"""
            {"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User: arn:aws:iam::123456789012:user/ops is not authorized to perform: sqs:StartMessageMoveTask on resource: arn:aws:sqs:us-east-1:123456789012:demo_jobs_dlq"}
            """#, headers: [(name: "x-amzn-query-error", value: "AccessDenied;Sender")])
        let error = try await LoopbackAWS.with([denied, Self.queues]) { server in
            let sqs = SQSAPI(try Loopback.connection(server, sleeps: sleeps, sessionToken: Loopback.sessionToken))
            let error = await Loopback.failure { () async throws(AWSClientError) in
                try await sqs.startMoveTask(source: "arn:aws:sqs:us-east-1:123456789012:demo_jobs_dlq", destination: nil, maxPerSecond: nil)
            }
            #expect(server.received.count == 1)
            #expect(server.received.first?.header("X-Amz-Target") == "AmazonSQS.StartMessageMoveTask")
            return error
        }
        let e = try #require(error)
        #expect(e.isAccessDenied)
        #expect(e.kind == .service(code: "AccessDenied", status: 403))
        #expect(e.description.contains("sqs:StartMessageMoveTask"))
        #expect(!e.description.contains(Loopback.secret))
        #expect(!e.description.contains(Loopback.sessionToken))
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("403 AccessDenied on a required action (PurgeQueue) is not retried either")
    func accessDeniedRequiredNotRetried() async throws {
        let sleeps = SleepRecorder()
        let denied = Answer.json(403, #"{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"not authorized to perform: sqs:PurgeQueue"}"#)
        let error = try await LoopbackAWS.with([denied, .json(200, "{}")]) { server in
            let sqs = SQSAPI(try Loopback.connection(server, sleeps: sleeps))
            let error = await Loopback.failure { () async throws(AWSClientError) in
                try await sqs.purge("https://sqs.us-east-1.amazonaws.com/123456789012/demo_jobs_dlq")
            }
            #expect(server.received.count == 1)
            return error
        }
        #expect(error?.isAccessDenied == true)
        #expect(error?.description.contains("the caller lacks sqs:PurgeQueue") == true)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("ExpiredToken (query protocol, XML) is not retried and says to refresh the credentials")
    func expiredTokenNotRetried() async throws {
        let sleeps = SleepRecorder()
        let expired = Answer.xml(403, """
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error>
                <Type>Sender</Type>
                <Code>ExpiredToken</Code>
                <Message>The security token included in the request is expired</Message>
              </Error>
              <RequestId>9f1c6a43-3f0e-5a5b-8f3e-2c1d2f0b7e11</RequestId>
            </ErrorResponse>
            """)
        let error = try await LoopbackAWS.with([expired]) { server in
            let sns = SNSAPI(try Loopback.connection(server, sleeps: sleeps, sessionToken: Loopback.sessionToken))
            let error = await Loopback.failure { () async throws(AWSClientError) in try await sns.listTopics() }
            #expect(server.received.count == 1)
            return error
        }
        let e = try #require(error)
        #expect(e.isExpiredCredentials)
        #expect(e.code == "ExpiredToken")
        #expect(e.action == "sns:ListTopics")
        #expect(e.description.contains("expired"))
        #expect(!e.description.contains(Loopback.sessionToken))
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("an optional action the endpoint lacks (501, no code) is unsupported at once, without a retry")
    func optionalUnsupported() async throws {
        let sleeps = SleepRecorder()
        let error = try await LoopbackAWS.with([Answer(status: 501, headers: [], body: "")]) { server in
            let sqs = SQSAPI(try Loopback.connection(server, sleeps: sleeps))
            let error = await Loopback.failure { () async throws(AWSClientError) in
                try await sqs.listMoveTasks(source: "arn:aws:sqs:us-east-1:123456789012:demo_jobs_dlq")
            }
            #expect(server.received.count == 1)
            return error
        }
        #expect(error?.kind == .unsupported)
        #expect(error?.action == "sqs:ListMessageMoveTasks")
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("nothing listening: a transport error naming the endpoint, after the standard attempts")
    func connectionRefused() async throws {
        // A port that was just bound and released: nothing listens on it any more.
        let server = try await LoopbackAWS.start([Self.queues])
        await server.stop()
        let sleeps = SleepRecorder()
        let sqs = SQSAPI(try Loopback.connection(server, sleeps: sleeps))
        let error = await Loopback.failure { () async throws(AWSClientError) in try await sqs.listQueues(prefix: nil) }
        let e = try #require(error)
        #expect(e.kind == .transport)
        #expect(e.description.contains("127.0.0.1:\(server.port)"))
        #expect(sleeps.recorded.count == 2)
    }
}
