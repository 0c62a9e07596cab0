import IngestCore
import IngestTemplate
import Testing

@Suite("Conditions")
struct ConditionTests {
    private let template = """
        Parameters:
          Env:
            Type: String
            Default: dev
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          IsNotProd:
            Fn::Not: [{Condition: IsProd}]
          Both: !And [!Condition IsProd, !Condition IsNotProd]
        Resources:
          Always:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: always
              DelaySeconds: !If [IsProd, 0, 5]
              KmsMasterKeyId: !If [IsProd, alias/prod, !Ref AWS::NoValue]
          ProdOnly:
            Type: AWS::SQS::Queue
            Condition: IsProd
            Properties:
              QueueName: prod-only
          DevOnly:
            Type: AWS::SQS::Queue
            Condition: IsNotProd
            Properties:
              QueueName: dev-only
        Outputs:
          ProdQueue:
            Condition: IsProd
            Value: !Ref ProdOnly
          Mode:
            Value: !If [Both, impossible, fine]
        """

    @Test("a false Condition omits the resource, with no warning")
    func omitted() throws {
        let dev = try Fixtures.load(template)
        #expect(dev.queues.map(\.name) == ["always", "dev-only"])
        #expect(dev.resource("ProdOnly") == nil)
        #expect(dev.warnings.isEmpty)
        let prod = try Fixtures.load(template, parameters: ["Env": "prod"])
        #expect(prod.queues.map(\.name) == ["always", "prod-only"])
    }

    @Test("If picks a branch and AWS::NoValue leaves the property unset")
    func ifAndNoValue() throws {
        let dev = try #require(try Fixtures.load(template).queue("Always"))
        #expect(dev.attributes.delaySeconds == 5)
        #expect(dev.attributes.kmsMasterKeyId == nil)
        let prod = try #require(try Fixtures.load(template, parameters: ["Env": "prod"]).queue("Always"))
        #expect(prod.attributes.delaySeconds == 0)
        #expect(prod.attributes.kmsMasterKeyId == "alias/prod")
    }

    @Test("outputs honour their Condition")
    func outputs() throws {
        let dev = try Fixtures.loader.loadTemplate(text: template, file: "test.yaml")
        #expect(dev.outputs.map(\.name) == ["Mode"])
        #expect(dev.outputs.first?.text == "fine")
        let prod = try Fixtures.loader.loadTemplate(text: template, file: "test.yaml", parameters: ["Env": "prod"])
        #expect(prod.outputs.map(\.name) == ["ProdQueue", "Mode"])
        #expect(prod.outputs.first?.text == "https://sqs.eu-west-1.amazonaws.com/123456789012/prod-only")
    }

    @Test("referencing a resource whose condition is false is an error")
    func referenceToOmitted() throws {
        let yaml = template + "\n  Broken:\n    Value: !GetAtt ProdOnly.Arn\n"
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.logicalId == "Broken")
        #expect(error.message.contains("not created because its condition IsProd is false"))
    }

    @Test("an unknown condition name is an error with its line")
    func unknownCondition() throws {
        let yaml = """
            Resources:
              Q:
                Type: AWS::SQS::Queue
                Condition: Missing
            """
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.description == "test.yaml:4: Q: Condition names unknown condition 'Missing'")
    }

    @Test("circular conditions are an error naming the cycle")
    func circularConditions() throws {
        let yaml = """
            Conditions:
              A: !Not [!Condition B]
              B: !Not [{Condition: A}]
            Resources:
              Q:
                Type: AWS::SQS::Queue
            """
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.message == "circular condition: A -> B -> A")
        #expect(error.line == 2)
    }

    @Test("a condition that is not a condition function is an error")
    func notACondition() throws {
        let yaml = "Conditions:\n  A: yes\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n"
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.logicalId == "A")
        #expect(error.message.contains("a condition must be"))
    }
}
