import Foundation
import IngestCore
import IngestServer
import Testing

/// Replies and errors in each protocol's exact shape.
@Suite("AWS encoders")
struct AWSEncodingTests {
    let reply = AWSValue.structure([
        AWSMember("QueueUrls", .list(member: "QueueUrl", [.string("http://h/1/a"), .string("http://h/1/b&c")])),
        AWSMember("Attributes", .stringMap(entry: "Attribute", ["VisibilityTimeout": "30"])),
        AWSMember("Failed", .list(member: "BatchResultErrorEntry", [
            .structure([AWSMember("Id", .string("x")), AWSMember("SenderFault", .boolean(true))]),
        ])),
        AWSMember("Moved", .integer(7)),
    ])

    @Test("JSON 1.0: structures and maps are objects, lists arrays, numbers and booleans typed")
    func json() throws {
        let parsed = try JSONValue.parse(AWSJSONEncoding.encode(reply))
        #expect(parsed["QueueUrls"] == .array(["http://h/1/a", "http://h/1/b&c"]))
        #expect(parsed["Attributes"] == .object(["VisibilityTimeout": "30"]))
        #expect(parsed["Failed"] == .array([.object(["Id": "x", "SenderFault": true])]))
        #expect(parsed["Moved"] == .int(7))
    }

    @Test("query: flattened lists and maps inside {Action}Result, with the request id and the SQS namespace")
    func xml() {
        let text = AWSXMLEncoding.response(action: "ListQueues", result: reply, requestId: "r-1")
        #expect(text == """
            <?xml version="1.0"?><ListQueuesResponse xmlns="https://queue.amazonaws.com/doc/2012-11-05/"><ListQueuesResult>\
            <QueueUrl>http://h/1/a</QueueUrl><QueueUrl>http://h/1/b&amp;c</QueueUrl>\
            <Attribute><Name>VisibilityTimeout</Name><Value>30</Value></Attribute>\
            <BatchResultErrorEntry><Id>x</Id><SenderFault>true</SenderFault></BatchResultErrorEntry><Moved>7</Moved>\
            </ListQueuesResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></ListQueuesResponse>
            """)
        #expect(!AWSXMLEncoding.response(action: "DeleteQueue", result: .empty, requestId: "r").contains("DeleteQueueResult"))
    }

    @Test("a missing queue: __type and x-amzn-query-error in JSON 1.0, the old code in the query protocol's ErrorResponse")
    func errors() throws {
        let e = AWSError(SQSError.queueDoesNotExist("nope"))
        #expect(e.status == 400)
        let json = try JSONValue.parse(AWSWireProtocol.json10.body(error: e, requestId: "r"))
        #expect(json["__type"] == .string("com.amazonaws.sqs#QueueDoesNotExist"))
        #expect(json["message"] == .string("The specified queue does not exist: nope"))
        #expect(AWSWireProtocol.json10.headers(error: e).first! == ("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"))
        #expect(AWSWireProtocol.query(namespace: AWSXMLEncoding.namespace, flattened: true).body(error: e, requestId: "r") == """
            <?xml version="1.0"?><ErrorResponse xmlns="https://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type>\
            <Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist: nope</Message></Error>\
            <RequestId>r</RequestId></ErrorResponse>
            """)
        #expect(AWSError(SQSError.queueNameExists("q")).queryCode == "QueueAlreadyExists")
        #expect(AWSError(SQSError.purgeQueueInProgress("q")).status == 403)
    }

    @Test("dispatch: X-Amz-Target is JSON 1.0, a form with Action the query protocol; bad bodies are 400s in their protocol")
    func dispatch() throws {
        let ok = try AWSCall.decode(target: "AmazonSQS.ListQueues", contentType: "application/x-amz-json-1.0", urlQuery: nil,
                                    body: Array(#"{"QueueNamePrefix":"a"}"#.utf8)).get()
        #expect(ok.wire == .json10 && ok.action == "ListQueues" && ok.input.members["QueueNamePrefix"] == .string("a"))
        let form = try AWSCall.decode(target: nil, contentType: "application/x-www-form-urlencoded", urlQuery: nil,
                                      body: Array("Action=GetQueueUrl&QueueName=a%2Bb".utf8)).get()
        #expect(form.wire == .query(namespace: AWSXMLEncoding.namespace, flattened: true) && form.action == "GetQueueUrl" && form.input.members["QueueName"] == .string("a+b"))
        guard case .failure(let bad) = AWSCall.decode(target: "AmazonSQS.ListQueues", contentType: nil, urlQuery: nil, body: Array("{".utf8)) else {
            Issue.record("expected a failure"); return
        }
        #expect(bad.wire == .json10 && bad.error.code == "SerializationException" && bad.error.status == 400)
        guard case .failure(let unknown) = AWSCall.decode(target: "Nope_20120810.ListTables", contentType: nil, urlQuery: nil, body: []) else {
            Issue.record("expected a failure"); return
        }
        #expect(unknown.error.code == "UnknownOperationException")
        #expect(AWSError.unknownOperation("Nope").queryCode == "InvalidAction")
    }

    @Test("query calls route by Version, then by the credential scope's service, then by the operation's name")
    func queryRouting() throws {
        let byVersion = try AWSCall.decode(target: nil, contentType: nil, urlQuery: nil, body: Array("Action=ListQueues&Version=2012-11-05".utf8)).get()
        #expect(byVersion.service is SQSService.Type)
        let auth = "AWS4-HMAC-SHA256 Credential=AKID/20261204/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00"
        #expect(AWSCall.signingName(ofAuthorization: auth) == "sqs")
        let byScope = try AWSCall.decode(target: nil, contentType: nil, authorization: auth, urlQuery: nil, body: Array("Action=Nope".utf8)).get()
        #expect(byScope.service is SQSService.Type)
        let byName = try AWSCall.decode(target: nil, contentType: nil, urlQuery: nil, body: Array("Action=PurgeQueue".utf8)).get()
        #expect(byName.service is SQSService.Type)
        guard case .failure(let f) = AWSCall.decode(target: nil, contentType: nil, urlQuery: nil, body: Array("Action=Nope".utf8)) else {
            Issue.record("expected a failure"); return
        }
        #expect(f.error.queryCode == "InvalidAction")
        #expect(AWSCall.jsonVersion(of: "application/x-amz-json-1.1; charset=utf-8") == "1.1")
    }

    @Test("query, wrapped: lists in member elements and maps in entry elements under their own names, timestamps in ISO 8601")
    func wrappedXML() {
        let value = AWSValue.structure([
            AWSMember("Topics", .wrappedList([.structure([AWSMember("TopicArn", .string("arn:a"))])])),
            AWSMember("Attributes", .wrappedMap([AWSMember("Owner", .string("1"))])),
            AWSMember("At", .timestamp(Date(timeIntervalSince1970: 0))),
        ])
        let text = AWSXMLEncoding.response(action: "ListTopics", result: value, requestId: "r", namespace: "http://sns.amazonaws.com/doc/2010-03-31/")
        #expect(text.contains(#"<ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">"#))
        #expect(text.contains("<Topics><member><TopicArn>arn:a</TopicArn></member></Topics>"))
        #expect(text.contains("<Attributes><entry><key>Owner</key><value>1</value></entry></Attributes>"))
        #expect(text.contains("<At>1970-01-01T00:00:00.000Z</At>"))
        #expect(AWSJSONEncoding.encode(.structure([AWSMember("At", .timestamp(Date(timeIntervalSince1970: 1.5)))])) == #"{"At":1.5}"#)
    }
}
