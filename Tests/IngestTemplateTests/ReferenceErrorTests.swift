import IngestCore
import IngestTemplate
import Testing

@Suite("Reference errors")
struct ReferenceErrorTests {
    @Test("GetAtt of an unknown resource names it, with file, line and logical id")
    func getAttUnknownResource() throws {
        let yaml = """
            Resources:
              MetadataQueue:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt Foo.Arn
                    maxReceiveCount: 5
            """
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.file == "test.yaml")
        #expect(error.line == 6)
        #expect(error.logicalId == "MetadataQueue")
        #expect(error.description == "test.yaml:6: MetadataQueue: !GetAtt names unknown resource 'Foo'")
    }

    @Test("long-form GetAtt errors use the long name")
    func getAttLongForm() throws {
        let error = try #require(Fixtures.probeFailure("{Fn::GetAtt: [Nope, Arn]}"))
        #expect(error.message == "Fn::GetAtt names unknown resource 'Nope'")
        #expect(error.line == Fixtures.probeLine)
    }

    @Test("GetAtt of an attribute the type lacks names resource, attribute and line")
    func getAttUnknownAttribute() throws {
        let error = try #require(Fixtures.probeFailure("!GetAtt Queue.TopicArn"))
        #expect(error.line == Fixtures.probeLine)
        #expect(error.logicalId == "Probe")
        #expect(error.message == "!GetAtt names attribute 'TopicArn', which Queue (AWS::SQS::Queue) does not have; it has Arn, QueueName, QueueUrl")
    }

    @Test("StreamArn of a table without a stream is an error")
    func streamArnWithoutStream() throws {
        let yaml = """
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: t
              Mapping:
                Type: AWS::Lambda::EventSourceMapping
                Properties:
                  EventSourceArn: !GetAtt Table.StreamArn
            """
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.line == 9)
        #expect(error.message.contains("no StreamSpecification"))
    }

    @Test("Ref of an unknown name is an error")
    func refUnknown() throws {
        let error = try #require(Fixtures.probeFailure("!Ref Missing"))
        #expect(error.description == "test.yaml:\(Fixtures.probeLine): Probe: !Ref names unknown parameter or resource 'Missing'")
        let sub = try #require(Fixtures.probeFailure(#"!Sub "${Missing}""#))
        #expect(sub.message.contains("unknown parameter or resource 'Missing'"))
        let pseudo = try #require(Fixtures.probeFailure("!Ref AWS::Nothing"))
        #expect(pseudo.message.contains("unknown pseudo parameter 'AWS::Nothing'"))
    }

    @Test("circular references are an error naming the cycle")
    func cycle() throws {
        let yaml = """
            Resources:
              A:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy: {deadLetterTargetArn: !GetAtt B.Arn, maxReceiveCount: 3}
              B:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub "${C.QueueName}-b"
              C:
                Type: AWS::SQS::Queue
                Properties:
                  Tags: [{Key: k, Value: !Ref A}]
            """
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.message == "circular dependency between resources: A -> B -> C -> A")
        #expect(error.logicalId == "A")
        #expect(error.line == 2)
    }

    @Test("DependsOn joins the graph and must name a resource")
    func dependsOn() throws {
        let cycle = """
            Resources:
              A:
                Type: AWS::SQS::Queue
                DependsOn: B
              B:
                Type: AWS::SQS::Queue
                DependsOn: [A]
            """
        #expect(Fixtures.failure(cycle)?.message == "circular dependency between resources: A -> B -> A")
        let unknown = "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: [Ghost]\n"
        let error = try #require(Fixtures.failure(unknown))
        #expect(error.message == "DependsOn names unknown resource 'Ghost'")
        #expect(error.line == 4)
    }

    @Test("resources resolve in dependency order, whatever their template order")
    func order() throws {
        let yaml = """
            Resources:
              Source:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: source
                  RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 2}
              Dlq:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub "${AWS::StackName}-dlq"
            """
        let definition = try Fixtures.load(yaml)
        #expect(definition.queues.map(\.name) == ["source", "teststack-dlq"])
        #expect(definition.queue("Source")?.attributes.redrivePolicy?.deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:teststack-dlq")
    }

    @Test("conditions cannot reference resources")
    func conditionReferencesResource() throws {
        let yaml = """
            Conditions:
              C: !Equals [!Ref Q, x]
            Resources:
              Q:
                Type: AWS::SQS::Queue
            """
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.logicalId == "C")
        #expect(error.message.contains("cannot name resource 'Q' here"))
    }
}
