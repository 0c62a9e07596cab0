import IngestCore
import IngestTemplate
import Testing

@Suite("Topic and subscription definitions")
struct SubscriptionMappingTests {
    private let base = """
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              TopicName: signups
              DisplayName: Sign-ups
              KmsMasterKeyId: alias/k
              Subscription:
                - Endpoint: !GetAtt Inline.Arn
                  Protocol: sqs
          Inline:
            Type: AWS::SQS::Queue
            Properties: {QueueName: inline}
          Worker:
            Type: AWS::SQS::Queue
            Properties: {QueueName: worker}
          Dlq:
            Type: AWS::SQS::Queue
            Properties: {QueueName: dlq}

        """

    private func load(_ subscription: String) throws(TemplateError) -> PipelineDefinition {
        try Fixtures.load(base + subscription)
    }

    @Test("a topic's properties and inline subscriptions")
    func topicAndInline() throws {
        let definition = try load("")
        #expect(definition.topics == [TopicDefinition(logicalId: "Topic", name: "signups", displayName: "Sign-ups", kmsMasterKeyId: "alias/k")])
        #expect(definition.subscriptions == [SubscriptionDefinition(
            logicalId: "Topic.Subscription[0]", topicArn: "arn:aws:sns:eu-west-1:123456789012:signups", protocol: "sqs",
            endpoint: "arn:aws:sqs:eu-west-1:123456789012:inline")])
    }

    @Test("a subscription resource with raw delivery as a string, a filter policy object and a DLQ")
    func resourceSubscription() throws {
        let definition = try load("""
              Sub:
                Type: AWS::SNS::Subscription
                Properties:
                  TopicArn: !Ref Topic
                  Protocol: sqs
                  Endpoint: !GetAtt Worker.Arn
                  RawMessageDelivery: "true"
                  FilterPolicyScope: MessageBody
                  FilterPolicy:
                    kind: [signup]
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt Dlq.Arn
            """)
        let sub = try #require(definition.subscriptions.first { $0.logicalId == "Sub" })
        #expect(sub.topicArn == "arn:aws:sns:eu-west-1:123456789012:signups")
        #expect(sub.endpoint == "arn:aws:sqs:eu-west-1:123456789012:worker")
        #expect(sub.rawMessageDelivery)
        #expect(sub.filterPolicy == ["kind": ["signup"]])
        #expect(sub.filterPolicyScope == .messageBody)
        #expect(sub.deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:dlq")
        #expect(definition.warnings.isEmpty)
    }

    @Test("a filter policy and redrive policy given as JSON strings")
    func jsonStrings() throws {
        let definition = try load("""
              Sub:
                Type: AWS::SNS::Subscription
                Properties:
                  TopicArn: !Ref Topic
                  Protocol: sqs
                  Endpoint: !GetAtt Worker.Arn
                  RawMessageDelivery: false
                  FilterPolicy: '{"kind": ["signup", {"prefix": "user"}]}'
                  RedrivePolicy: !Sub '{"deadLetterTargetArn": "${Dlq.Arn}"}'
            """)
        let sub = try #require(definition.subscriptions.first { $0.logicalId == "Sub" })
        #expect(!sub.rawMessageDelivery)
        #expect(sub.filterPolicy == ["kind": ["signup", ["prefix": "user"]]])
        #expect(sub.filterPolicyScope == .messageAttributes)
        #expect(sub.deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:dlq")
    }

    @Test("invalid subscription settings are errors on their line")
    func invalid() throws {
        func failure(_ extra: String) -> TemplateError? {
            Fixtures.failure(base + """
                  Sub:
                    Type: AWS::SNS::Subscription
                    Properties:
                      TopicArn: !Ref Topic
                      Protocol: sqs
                      Endpoint: !GetAtt Worker.Arn
                \(extra)
                """)
        }
        let raw = try #require(failure("      RawMessageDelivery: maybe"))
        #expect(raw.message == "RawMessageDelivery must be true or false, got 'maybe'")
        #expect(raw.line == 26)
        #expect(raw.logicalId == "Sub")
        #expect(failure("      FilterPolicyScope: Body")?.message.contains("MessageAttributes or MessageBody") == true)
        #expect(failure("      FilterPolicy: '[1]'")?.message.contains("must be a JSON object") == true)
        #expect(failure("      RedrivePolicy: {}")?.message.contains("needs deadLetterTargetArn") == true)
        #expect(failure("      Region: eu-west-1") == nil)
    }

    @Test("a missing protocol or endpoint is an error")
    func required() throws {
        let yaml = base + """
              Sub:
                Type: AWS::SNS::Subscription
                Properties:
                  TopicArn: !Ref Topic
                  Endpoint: !GetAtt Worker.Arn
            """
        #expect(Fixtures.failure(yaml)?.message == "Protocol is required")
    }

    @Test("non-sqs protocols are listed with a warning")
    func otherProtocols() throws {
        let definition = try load("""
              Mail:
                Type: AWS::SNS::Subscription
                Properties:
                  TopicArn: !Ref Topic
                  Protocol: email
                  Endpoint: ops@example.com
            """)
        #expect(definition.subscriptions.map(\.protocol) == ["sqs", "email"])
        #expect(definition.warnings == ["Subscription Mail: protocol email is listed but not delivered (ingest delivers sqs)"])
    }

    @Test("FIFO topics are refused and unknown topic properties warned about")
    func topicChecks() throws {
        let fifo = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      FifoTopic: true\n"
        #expect(Fixtures.failure(fifo)?.description == "test.yaml:5: T: FIFO topics are not supported")
        let unknown = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      Colour: blue\n"
        #expect(try Fixtures.load(unknown).warnings == ["Resource T (test.yaml:5) has property 'Colour', which AWS::SNS::Topic does not have; it is ignored"])
    }

    @Test("ArchivePolicy sets the replay archive retention")
    func archive() throws {
        let yaml = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      ArchivePolicy: {MessageRetentionPeriod: \"2\"}\n"
        #expect(try Fixtures.load(yaml).topics.first?.archiveRetentionSeconds == 2 * 86_400)
    }
}
