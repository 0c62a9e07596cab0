@testable import IngestAWSClient
import Testing

/// The table an event source mapping reads, from its DynamoDB stream ARN.
@Suite("AWSInventory.streamTable: the table of a stream ARN")
struct StreamTableTests {
    @Test("a stream ARN whose label is a time with colons of its own")
    func streamArn() {
        #expect(AWSInventory.streamTable("arn:aws:dynamodb:us-east-1:123456789012:table/demo_user_onboarding/stream/2026-12-07T22:55:46.123")
                    == "demo_user_onboarding")
        #expect(AWSInventory.streamTable("arn:aws-cn:dynamodb:cn-north-1:123456789012:table/users.v2-prod/stream/2025-01-01T00:00:00.000")
                    == "users.v2-prod")
    }

    @Test("ARNs that are not a table's stream are nil", arguments: [
        "arn:aws:dynamodb:us-east-1:123456789012:table/demo_user_onboarding",
        "arn:aws:dynamodb:us-east-1:123456789012:table/demo_user_onboarding/index/by_email",
        "arn:aws:sqs:us-east-1:123456789012:demo_jobs",
        "arn:aws:kinesis:us-east-1:123456789012:stream/demo_clicks",
        "arn:aws:dynamodb:us-east-1:123456789012:global-table/demo/stream/2026-12-07T22:55:46.123",
        "not an arn",
        "",
    ])
    func notStreams(arn: String) {
        #expect(AWSInventory.streamTable(arn) == nil)
    }

    @Test("queue names from URLs and last components of ARNs")
    func names() {
        #expect(AWSInventory.queueName(fromURL: "https://sqs.us-east-1.amazonaws.com/123456789012/demo_jobs") == "demo_jobs")
        #expect(AWSInventory.lastComponent("arn:aws:sns:us-east-1:123456789012:demo_alerts") == "demo_alerts")
    }
}
