import IngestAWSAuth
@testable import IngestAWSClient
import Testing

/// Error answers of every protocol the console speaks, decoded into one-line errors.
@Suite("AWSErrorDecoder and AWSClientError descriptions")
struct AWSErrorDecoderTests {
    func decode(_ status: Int, _ body: String, headers: [(name: String, value: String)] = [],
                service: AWSServiceName = .sqs, action: String = "ListQueues", optional: Bool = false) -> AWSClientError {
        AWSErrorDecoder.decode(AWSResponse(status: status, headers: headers, body: Array(body.utf8)),
                               request: AWSRequest(service: service, action: action, optional: optional))
    }

    // MARK: codes

    @Test("JSON __type with the com.amazonaws…# prefix, and without; message or Message")
    func jsonType() {
        let prefixed = decode(400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#,
                              service: .dynamodb, action: "DescribeTable")
        #expect(prefixed.kind == .service(code: "ResourceNotFoundException", status: 400))
        #expect(prefixed.message == "Requested resource not found")
        #expect(prefixed.action == "dynamodb:DescribeTable")

        let bare = decode(400, #"{"__type":"ThrottlingException","Message":"Rate exceeded"}"#)
        #expect(bare.code == "ThrottlingException")
        #expect(bare.message == "Rate exceeded")

        let coral = decode(400, #"{"__type":"com.amazon.coral.validate#ValidationException","message":"bad"}"#)
        #expect(coral.code == "ValidationException")
        #expect(AWSErrorDecoder.shortCode("ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/") == "ResourceNotFoundException")
    }

    @Test("x-amzn-query-error names the query-compatible code over the JSON __type")
    func queryErrorHeader() {
        let e = decode(400, #"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#,
                       headers: [(name: "x-amzn-query-error", value: "AWS.SimpleQueueService.NonExistentQueue;Sender")], action: "GetQueueUrl")
        #expect(e.kind == .service(code: "AWS.SimpleQueueService.NonExistentQueue", status: 400))
        #expect(e.message == "The specified queue does not exist.")
        #expect(e.description == "sqs:GetQueueUrl: AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist.")
    }

    @Test("REST-JSON (Lambda): the code is x-amzn-errortype's, not the body's fault Type")
    func restJSONErrorType() {
        let e = decode(404, #"{"Type":"User","message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:demo_ingest"}"#,
                       headers: [(name: "x-amzn-ErrorType", value: "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/")],
                       service: .lambda, action: "GetFunction")
        #expect(e.kind == .service(code: "ResourceNotFoundException", status: 404))
        #expect(e.message.hasPrefix("Function not found"))

        let throttled = decode(429, #"{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}"#,
                               headers: [(name: "x-amzn-errortype", value: "TooManyRequestsException")], service: .lambda, action: "ListFunctions")
        #expect(throttled.code == "TooManyRequestsException")
        #expect(throttled.isThrottling)
    }

    @Test("XML <Error><Code> and <Message> (query protocol)")
    func xmlCode() {
        let e = decode(400, """
            <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id demo does not exist</Message></Error>
              <RequestId>5a7d2c3e-1111-4222-8333-944455556666</RequestId>
            </ErrorResponse>
            """, service: .cloudformation, action: "DescribeStackResources")
        #expect(e.kind == .service(code: "ValidationError", status: 400))
        #expect(e.message == "Stack with id demo does not exist")
        #expect(e.description == "cloudformation:DescribeStackResources: ValidationError: Stack with id demo does not exist")
    }

    @Test("no code at all: HTTP<status>, the status named for server errors")
    func noCode() {
        let e = decode(502, "<html><body>Bad Gateway</body></html>")
        #expect(e.kind == .service(code: "HTTP502", status: 502))
        #expect(e.description.contains("(HTTP 502)"))
        #expect(decode(400, "").code == "HTTP400")
    }

    // MARK: unsupported

    @Test("404, 405 and 501 without a code on an optional action are unsupported")
    func optionalUnsupported() {
        for status in [404, 405, 501] {
            let e = decode(status, "", action: "ListMessageMoveTasks", optional: true)
            #expect(e.kind == .unsupported, "HTTP \(status)")
            #expect(e.description == "sqs:ListMessageMoveTasks is not supported by this endpoint (HTTP \(status))")
        }
    }

    @Test("a bare 500 is unsupported only on an optional action; elsewhere it stays a (retryable) server error")
    func bare500() {
        #expect(decode(500, "", action: "ListMessageMoveTasks", optional: true).kind == .unsupported)
        let required = decode(500, "")
        #expect(required.kind == .service(code: "HTTP500", status: 500))
        #expect(RetryPolicy().shouldRetry(required))
    }

    @Test("a code keeps a 404 a service error, optional or not")
    func codedNotFound() {
        let coded = decode(404, #"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"gone"}"#, action: "ListMessageMoveTasks", optional: true)
        #expect(coded.kind == .service(code: "QueueDoesNotExist", status: 404))
        let lambda = decode(404, #"{"Type":"User","message":"Function not found"}"#,
                            headers: [(name: "x-amzn-errortype", value: "ResourceNotFoundException")], service: .lambda, action: "GetFunction")
        #expect(lambda.kind == .service(code: "ResourceNotFoundException", status: 404))
    }

    @Test("unknown-operation codes are unsupported, optional or not")
    func unknownOperation() {
        #expect(decode(400, #"{"__type":"com.amazonaws.sqs#UnknownOperationException"}"#).kind == .unsupported)
        #expect(decode(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>").kind == .unsupported)
    }

    // MARK: descriptions

    @Test("throttling: one line naming the action and the code")
    func throttlingDescription() {
        let e = decode(400, #"{"__type":"com.amazonaws.sqs#ThrottlingException","message":"Rate exceeded"}"#)
        #expect(e.isThrottling)
        #expect(e.description == "sqs:ListQueues: throttled by AWS (ThrottlingException) after every retry; try again in a moment")
    }

    @Test("expired credentials, whichever of the three codes: refresh them", arguments: ["ExpiredToken", "ExpiredTokenException", "RequestExpired"])
    func expiredDescription(code: String) {
        let e = decode(403, "<ErrorResponse><Error><Code>\(code)</Code><Message>The security token included in the request is expired</Message></Error></ErrorResponse>",
                       service: .sts, action: "GetCallerIdentity")
        #expect(e.isExpiredCredentials)
        #expect(!e.isAccessDenied && !e.isThrottling)
        #expect(e.description.hasPrefix("sts:GetCallerIdentity: the credentials have expired (\(code)); refresh them"))
    }

    @Test("access denied names the IAM action the caller lacks")
    func accessDeniedDescription() {
        let e = decode(403, #"{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User: arn:aws:iam::123456789012:user/ops is not authorized to perform: sqs:StartMessageMoveTask"}"#,
                       action: "StartMessageMoveTask", optional: true)
        #expect(e.isAccessDenied)
        #expect(e.description.hasPrefix("sqs:StartMessageMoveTask: access denied: the caller lacks sqs:StartMessageMoveTask (AccessDeniedException: User:"))
        let sns = decode(403, "<ErrorResponse><Error><Code>AuthorizationError</Code><Message>not authorized</Message></Error></ErrorResponse>",
                         service: .sns, action: "ListTopics")
        #expect(sns.isAccessDenied)
        #expect(sns.description.contains("the caller lacks sns:ListTopics"))
        // CloudWatch signs as monitoring but its actions are cloudwatch:….
        #expect(decode(403, #"{"__type":"AccessDenied"}"#, service: .monitoring, action: "DescribeAlarms").description.contains("cloudwatch:DescribeAlarms"))
    }

    @Test("refused credentials say so without echoing AWS's message (which may quote the request)")
    func refusedCredentials() {
        let e = decode(403, """
            <ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match.

            The Canonical String for this request should have been
            'POST
            /
            x-amz-security-token:IQoJb3JpZ2luX2VjEXAMPLE'</Message></Error></ErrorResponse>
            """, service: .sns, action: "ListTopics")
        #expect(e.description == "sns:ListTopics: the credentials were refused (SignatureDoesNotMatch): check the access key, secret and profile")
    }

    @Test("every description is one line, even when AWS's message has several")
    func oneLine() {
        let e = decode(400, #"{"__type":"InvalidParameterValue","message":"first line\nsecond line\r\nthird"}"#)
        #expect(!e.description.contains("\n") && !e.description.contains("\r"))
        #expect(e.description == "sqs:ListQueues: InvalidParameterValue: first line second line third")
    }
}
