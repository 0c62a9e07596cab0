import IngestCore
import IngestTemplate
import Testing

@Suite("Queue definitions")
struct QueueMappingTests {
    private func queue(_ properties: String) throws(TemplateError) -> QueueDefinition? {
        let yaml = """
            Resources:
              Dlq:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: dlq
              Q:
                Type: AWS::SQS::Queue
                Properties:
            \(properties)
            """
        return try Fixtures.load(yaml).queue("Q")
    }

    private func failure(_ properties: String) -> TemplateError? {
        do {
            _ = try queue(properties)
            return nil
        } catch {
            return error
        }
    }

    @Test("numbers and numeric strings are both accepted")
    func numbers() throws {
        let q = try #require(try queue("""
                  QueueName: work
                  VisibilityTimeout: 45
                  MessageRetentionPeriod: "3600"
                  DelaySeconds: 5
                  ReceiveMessageWaitTimeSeconds: "20"
                  MaximumMessageSize: 2048
                  KmsMasterKeyId: alias/k
            """))
        #expect(q.name == "work")
        #expect(q.attributes.visibilityTimeout == 45)
        #expect(q.attributes.messageRetentionPeriod == 3600)
        #expect(q.attributes.delaySeconds == 5)
        #expect(q.attributes.receiveMessageWaitTimeSeconds == 20)
        #expect(q.attributes.maximumMessageSize == 2048)
        #expect(q.attributes.kmsMasterKeyId == "alias/k")
    }

    @Test("unset attributes keep the AWS defaults")
    func defaults() throws {
        let q = try #require(try queue("      QueueName: plain"))
        #expect(q.attributes == QueueAttributes())
    }

    @Test("a non-numeric value is an error on its line")
    func notANumber() throws {
        let error = try #require(failure("      VisibilityTimeout: soon"))
        #expect(error.description == "test.yaml:9: Q: VisibilityTimeout must be an integer, got 'soon'")
    }

    @Test("RedrivePolicy as an object, with a string count")
    func redriveObject() throws {
        let q = try #require(try queue("""
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt Dlq.Arn
                    maxReceiveCount: "4"
            """))
        #expect(q.attributes.redrivePolicy == RedrivePolicy(deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:dlq", maxReceiveCount: 4))
    }

    @Test("RedrivePolicy as a JSON string")
    func redriveString() throws {
        let q = try #require(try queue("""
                  RedrivePolicy: !Sub '{"deadLetterTargetArn": "${Dlq.Arn}", "maxReceiveCount": 7}'
            """))
        #expect(q.attributes.redrivePolicy == RedrivePolicy(deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:dlq", maxReceiveCount: 7))
    }

    @Test("maxReceiveCount 0 and 1001 are refused with the AWS text")
    func maxReceiveCountBounds() throws {
        for count in [0, 1001] {
            let error = try #require(failure("""
                      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: \(count)}
                """))
            #expect(error.logicalId == "Q")
            #expect(error.line == 9)
            #expect(error.message.hasPrefix("InvalidAttributeValue: "))
            #expect(error.message.contains("Invalid value for maxReceiveCount: \(count), valid values are from 1 to 1000 both inclusive."))
        }
    }

    @Test("out-of-range attributes are refused on the attribute's line")
    func ranges() throws {
        let error = try #require(failure("      QueueName: x\n      VisibilityTimeout: 50000"))
        #expect(error.line == 10)
        #expect(error.message.contains("VisibilityTimeout"))
        #expect(error.message.contains("must be between 0 and 43200"))
    }

    @Test("a malformed RedrivePolicy is an error")
    func malformedRedrive() throws {
        #expect(failure("      RedrivePolicy: '{not json'")?.message.contains("not valid JSON") == true)
        #expect(failure("      RedrivePolicy: {maxReceiveCount: 3}")?.message.contains("needs deadLetterTargetArn") == true)
        #expect(failure("      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: many}")?.message
            .contains("maxReceiveCount must be an integer") == true)
    }

    @Test("RedriveAllowPolicy as an object or a JSON string")
    func redriveAllow() throws {
        let byQueue = try #require(try queue("""
                  RedriveAllowPolicy:
                    redrivePermission: byQueue
                    sourceQueueArns: [arn:aws:sqs:eu-west-1:123456789012:src]
            """))
        #expect(byQueue.attributes.redriveAllowPolicy == RedriveAllowPolicy(redrivePermission: .byQueue,
                                                                          sourceQueueArns: ["arn:aws:sqs:eu-west-1:123456789012:src"]))
        let deny = try #require(try queue(#"      RedriveAllowPolicy: '{"redrivePermission":"denyAll"}'"#))
        #expect(deny.attributes.redriveAllowPolicy == RedriveAllowPolicy(redrivePermission: .denyAll))
        #expect(failure("      RedriveAllowPolicy: {redrivePermission: byQueue}")?.message.contains("byQueue needs 1 to 10") == true)
    }

    @Test("FIFO queues are refused")
    func fifo() throws {
        let error = try #require(failure("      FifoQueue: true\n      QueueName: q.fifo"))
        #expect(error.message == "FIFO queues are not supported")
        #expect(error.line == 9)
        #expect(failure("      FifoQueue: \"false\"\n      QueueName: ok") == nil)
    }

    @Test("unknown properties earn a warning; Tags are fine")
    func unknownProperty() throws {
        let yaml = """
            Resources:
              Q:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: q
                  Tags: [{Key: a, Value: b}]
                  VisibilityTimeOut: 5
            """
        let definition = try Fixtures.load(yaml)
        #expect(definition.warnings == ["Resource Q (test.yaml:7) has property 'VisibilityTimeOut', which AWS::SQS::Queue does not have; it is ignored"])
    }

    @Test("a redrive target outside the template earns a warning")
    func foreignTarget() throws {
        let q = """
            Resources:
              Q:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: q
                  RedrivePolicy: {deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:elsewhere", maxReceiveCount: 3}
            """
        #expect(try Fixtures.load(q).warnings == ["Queue Q: dead-letter target arn:aws:sqs:eu-west-1:123456789012:elsewhere is not a queue of this template"])
    }
}
