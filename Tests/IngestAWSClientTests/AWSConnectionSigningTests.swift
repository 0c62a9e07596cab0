import Foundation
@testable import IngestAWSClient
import IngestAWSAuth
import IngestCore
import Testing

/// What a call puts on the wire, as a real HTTP server received it: the SigV4 headers (checked with the
/// verifier the engine's own AWS endpoint uses), the protocol's headers and body.
@Suite("AWSConnection: signed requests on the wire")
struct AWSConnectionSigningTests {
    static let verifier = SigV4Verifier { $0 == Loopback.accessKey ? Loopback.secret : nil }

    /// `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=…, Signature=…`, parsed.
    func authorization(_ r: ReceivedRequest) throws -> SigV4Authorization {
        let header = try #require(r.header("Authorization"))
        #expect(header.hasPrefix("AWS4-HMAC-SHA256 Credential=\(Loopback.accessKey)/20261207/us-east-1/"))
        return try SigV4Authorization(header: header)
    }

    @Test("JSON 1.0 (SQS): AmazonSQS.ListQueues target, JSON body, a valid SigV4 signature scoped to sqs")
    func jsonProtocol() async throws {
        let sleeps = SleepRecorder()
        try await LoopbackAWS.with([.json(200, #"{"QueueUrls":[]}"#)]) { server in
            let sqs = SQSAPI(try Loopback.connection(server, sleeps: sleeps))
            #expect(try await sqs.listQueues(prefix: "demo_").isEmpty)
            let r = try #require(server.received.first)
            #expect(r.method == "POST")
            #expect(r.path == "/")
            #expect(r.header("Host") == "127.0.0.1:\(server.port)")
            #expect(r.header("User-Agent") == "ingest/aws-console")
            #expect(r.header("X-Amz-Target") == "AmazonSQS.ListQueues")
            #expect(r.header("Content-Type") == "application/x-amz-json-1.0")
            #expect(r.header("X-Amz-Date") == "20261207T225546Z")
            #expect(r.header("X-Amz-Security-Token") == nil)
            let auth = try authorization(r)
            #expect(auth.scope == SigV4Scope(date: "20261207", region: "us-east-1", service: "sqs"))
            #expect(auth.signedHeaders.contains("host") && auth.signedHeaders.contains("x-amz-target") && auth.signedHeaders.contains("x-amz-date"))
            #expect(Self.verifier.verify(r.sigV4, now: Loopback.now) == .success(Loopback.accessKey))
            let body = try JSONValue.parse(bytes: r.body)
            #expect(body["QueueNamePrefix"]?.stringValue == "demo_")
            #expect(body["MaxResults"]?.intValue == 1000)
        }
    }

    @Test("a session token travels as X-Amz-Security-Token, is signed, and the secret never leaves the process")
    func sessionToken() async throws {
        let sleeps = SleepRecorder()
        try await LoopbackAWS.with([.json(200, #"{"MetricAlarms":[]}"#)]) { server in
            let cw = CloudWatchAPI(try Loopback.connection(server, sleeps: sleeps, sessionToken: Loopback.sessionToken))
            #expect(try await cw.alarms().isEmpty)
            let r = try #require(server.received.first)
            #expect(r.header("X-Amz-Security-Token") == Loopback.sessionToken)
            #expect(r.header("X-Amz-Target") == "GraniteServiceVersion20100801.DescribeAlarms")
            let auth = try authorization(r)
            // CloudWatch signs as `monitoring` (its IAM actions are `cloudwatch:…`).
            #expect(auth.scope.service == "monitoring")
            #expect(auth.signedHeaders.contains("x-amz-security-token"))
            #expect(Self.verifier.verify(r.sigV4, now: Loopback.now) == .success(Loopback.accessKey))
            let wire = r.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") + r.text
            #expect(!wire.contains(Loopback.secret))
        }
    }

    @Test("query protocol (SNS): the form body, NextToken paging, topic ARNs read from the XML answers")
    func queryProtocol() async throws {
        let sleeps = SleepRecorder()
        let page1 = Answer.xml(200, """
            <ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <ListTopicsResult>
                <Topics>
                  <member><TopicArn>arn:aws:sns:us-east-1:123456789012:demo_user_events</TopicArn></member>
                </Topics>
                <NextToken>AAE/page+2=</NextToken>
              </ListTopicsResult>
              <ResponseMetadata><RequestId>2b3c4d5e-0000-4000-8000-000000000001</RequestId></ResponseMetadata>
            </ListTopicsResponse>
            """)
        let page2 = Answer.xml(200, """
            <ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <ListTopicsResult>
                <Topics>
                  <member><TopicArn>arn:aws:sns:us-east-1:123456789012:demo_alerts</TopicArn></member>
                </Topics>
              </ListTopicsResult>
              <ResponseMetadata><RequestId>2b3c4d5e-0000-4000-8000-000000000002</RequestId></ResponseMetadata>
            </ListTopicsResponse>
            """)
        try await LoopbackAWS.with([page1, page2]) { server in
            let sns = SNSAPI(try Loopback.connection(server, sleeps: sleeps))
            let topics = try await sns.listTopics()
            #expect(topics == ["arn:aws:sns:us-east-1:123456789012:demo_user_events", "arn:aws:sns:us-east-1:123456789012:demo_alerts"])
            let requests = server.received
            #expect(requests.count == 2)
            #expect(requests.first?.text == "Action=ListTopics&Version=2010-03-31")
            #expect(requests.last?.text == "Action=ListTopics&Version=2010-03-31&NextToken=AAE%2Fpage%2B2%3D")
            #expect(requests.first?.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
            #expect(requests.first?.header("X-Amz-Target") == nil)
            for r in requests {
                #expect(try authorization(r).scope.service == "sns")
                #expect(Self.verifier.verify(r.sigV4, now: Loopback.now) == .success(Loopback.accessKey))
            }
        }
    }

    @Test("REST-JSON (Lambda): GET on the function path with the Marker query, signed over path and query")
    func restProtocol() async throws {
        let sleeps = SleepRecorder()
        let page1 = Answer.json(200, #"{"Functions":[{"FunctionName":"demo_ingest","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:demo_ingest"}],"NextMarker":"m/2"}"#)
        let page2 = Answer.json(200, #"{"Functions":[]}"#)
        try await LoopbackAWS.with([page1, page2]) { server in
            let lambda = LambdaAPI(try Loopback.connection(server, sleeps: sleeps))
            #expect(try await lambda.listFunctions().map(\.name) == ["demo_ingest"])
            let requests = server.received
            #expect(requests.map(\.method) == ["GET", "GET"])
            #expect(requests.map(\.path) == ["/2015-03-31/functions/", "/2015-03-31/functions/"])
            #expect(requests.map(\.query) == ["", "Marker=m%2F2"])
            for r in requests {
                #expect(try authorization(r).scope.service == "lambda")
                #expect(Self.verifier.verify(r.sigV4, now: Loopback.now) == .success(Loopback.accessKey))
            }
        }
    }
}
