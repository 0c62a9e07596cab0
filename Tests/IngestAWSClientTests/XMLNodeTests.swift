@testable import IngestAWSClient
import Testing

/// Query-protocol answers as AWS sends them, read with `XMLNode`.
@Suite("XMLNode: query-protocol answers")
struct XMLNodeTests {
    static let listTopics = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <ListTopicsResult>
            <Topics>
              <member>
                <TopicArn>arn:aws:sns:us-east-1:123456789012:demo_user_events</TopicArn>
              </member>
              <member>
                <TopicArn>arn:aws:sns:us-east-1:123456789012:demo_alerts.fifo</TopicArn>
              </member>
            </Topics>
            <NextToken>AAGRyIo3f8v+EXAMPLE=</NextToken>
          </ListTopicsResult>
          <ResponseMetadata>
            <RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId>
          </ResponseMetadata>
        </ListTopicsResponse>
        """

    static let errorResponse = """
        <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <Error>
            <Type>Sender</Type>
            <Code>AuthorizationError</Code>
            <Message>User: arn:aws:iam::123456789012:user/ops is not authorized to perform: SNS:ListTopics on resource: arn:aws:sns:us-east-1:123456789012:*</Message>
          </Error>
          <RequestId>8e0b7b6c-2c43-5b3e-9b58-3c0c3c6a0f10</RequestId>
        </ErrorResponse>
        """

    @Test("ListTopics: the root without its namespace, every TopicArn in order, the NextToken, the request id")
    func listTopics() throws {
        let xml = try #require(XMLNode.parse(Array(Self.listTopics.utf8)))
        #expect(xml.name == "ListTopicsResponse")
        #expect(xml.all("TopicArn").map(\.text) == ["arn:aws:sns:us-east-1:123456789012:demo_user_events",
                                                    "arn:aws:sns:us-east-1:123456789012:demo_alerts.fifo"])
        #expect(xml.first("NextToken")?.text == "AAGRyIo3f8v+EXAMPLE=")
        #expect(xml.first("RequestId")?.text == "d74b8436-ae13-5ab4-a9ff-ce54dfea72a0")
        let members = xml.all("member")
        #expect(members.count == 2)
        #expect(members.first?.child("TopicArn") == "arn:aws:sns:us-east-1:123456789012:demo_user_events")
        #expect(members.first?.child("Missing") == nil)
        // Container text is the whitespace between children, trimmed away.
        #expect(xml.first("Topics")?.text == "")
    }

    @Test("ErrorResponse/Error: Type, Code and Message; the RequestId beside the Error")
    func errorResponse() throws {
        let xml = try #require(XMLNode.parse(Array(Self.errorResponse.utf8)))
        #expect(xml.name == "ErrorResponse")
        let error = try #require(xml.first("Error"))
        #expect(error.child("Type") == "Sender")
        #expect(error.child("Code") == "AuthorizationError")
        #expect(error.child("Message")?.hasPrefix("User: arn:aws:iam::123456789012:user/ops is not authorized to perform: SNS:ListTopics") == true)
        #expect(xml.child("RequestId") == "8e0b7b6c-2c43-5b3e-9b58-3c0c3c6a0f10")
    }

    @Test("entities are decoded and prefixed element names lose their prefix")
    func entitiesAndPrefixes() throws {
        let text = #"<a:Root xmlns:a="urn:x"><a:Message>Value &apos;x&amp;y&apos; is &lt;invalid&gt; &quot;here&quot;</a:Message><Empty/></a:Root>"#
        let xml = try #require(XMLNode.parse(Array(text.utf8)))
        #expect(xml.name == "Root")
        #expect(xml.child("Message") == #"Value 'x&y' is <invalid> "here""#)
        #expect(xml.child("Empty") == "")
    }

    @Test("what is not XML is nil: JSON, an empty body, a broken document")
    func notXML() {
        #expect(XMLNode.parse(Array(#"{"__type":"ThrottlingException"}"#.utf8)) == nil)
        #expect(XMLNode.parse([]) == nil)
        #expect(XMLNode.parse(Array("   \n".utf8)) == nil)
        #expect(XMLNode.parse(Array("<Error><Code>Oops</Error>".utf8)) == nil)
    }
}
