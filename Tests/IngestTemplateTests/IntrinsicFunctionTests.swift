import IngestCore
import IngestTemplate
import Testing

@Suite("Intrinsic functions")
struct IntrinsicFunctionTests {
    @Test("the probe template's Value line is where the fixtures say")
    func probeLine() throws {
        let error = try #require(Fixtures.probeFailure("!Ref Nope"))
        #expect(error.line == Fixtures.probeLine)
    }

    @Test("Ref of a parameter, short and long form")
    func refParameter() throws {
        #expect(try Fixtures.probe("!Ref Env") == "dev")
        #expect(try Fixtures.probe("{Ref: Env}") == "dev")
        #expect(try Fixtures.probe("!Ref Count") == "3")
        #expect(try Fixtures.probe("!Ref Names") == ["a", "b", "c"])
    }

    @Test("Ref of pseudo parameters uses the loader's context")
    func pseudoParameters() throws {
        #expect(try Fixtures.probe("!Ref AWS::Region") == "eu-west-1")
        #expect(try Fixtures.probe("!Ref AWS::AccountId") == "123456789012")
        #expect(try Fixtures.probe("!Ref AWS::StackName") == "teststack")
        #expect(try Fixtures.probe("!Ref AWS::Partition") == "aws")
        #expect(try Fixtures.probe("!Ref AWS::URLSuffix") == "amazonaws.com")
        let stackId = try #require(try Fixtures.probe("!Ref AWS::StackId")?.stringValue)
        #expect(stackId.hasPrefix("arn:aws:cloudformation:eu-west-1:123456789012:stack/teststack/"))
        #expect(try Fixtures.probe("!Ref AWS::StackId") == Fixtures.probe("{Ref: AWS::StackId}"))
    }

    @Test("Ref of resources: queue URL, topic ARN, table name")
    func refResources() throws {
        #expect(try Fixtures.probe("!Ref Queue") == "https://sqs.eu-west-1.amazonaws.com/123456789012/orders")
        #expect(try Fixtures.probe("{Ref: Topic}") == "arn:aws:sns:eu-west-1:123456789012:events")
        #expect(try Fixtures.probe("!Ref Table") == "users")
    }

    @Test("GetAtt in dotted, list and long form")
    func getAtt() throws {
        #expect(try Fixtures.probe("!GetAtt Queue.Arn") == "arn:aws:sqs:eu-west-1:123456789012:orders")
        #expect(try Fixtures.probe("!GetAtt [Queue, QueueName]") == "orders")
        #expect(try Fixtures.probe("{Fn::GetAtt: [Queue, QueueUrl]}") == "https://sqs.eu-west-1.amazonaws.com/123456789012/orders")
        #expect(try Fixtures.probe("!GetAtt Topic.TopicName") == "events")
        #expect(try Fixtures.probe("!GetAtt Table.StreamArn")
            == "arn:aws:dynamodb:eu-west-1:123456789012:table/users/stream/2024-01-01T00:00:00.000")
    }

    @Test("Sub string form with parameters, pseudo parameters, resources and attributes")
    func subString() throws {
        #expect(try Fixtures.probe(#"!Sub "${Env}-${AWS::Region}-${Topic.TopicName}""#) == "dev-eu-west-1-events")
        #expect(try Fixtures.probe(#"!Sub "q=${Queue}""#) == "q=https://sqs.eu-west-1.amazonaws.com/123456789012/orders")
        #expect(try Fixtures.probe(#"{Fn::Sub: "${Env}!"}"#) == "dev!")
    }

    @Test("Sub list form with variables, and ${!Literal}")
    func subList() throws {
        #expect(try Fixtures.probe(#"!Sub ["${Greeting}, ${Env}", {Greeting: !Join ["", [h, i]]}]"#) == "hi, dev")
        #expect(try Fixtures.probe(#"{Fn::Sub: ["${A}/${B}", {A: x, B: !Ref Count}]}"#) == "x/3")
        #expect(try Fixtures.probe(#"!Sub "${!Literal} ${Env}""#) == "${Literal} dev")
    }

    @Test("Join, Select and Split, short and long form")
    func listFunctions() throws {
        #expect(try Fixtures.probe("!Join [\"-\", [a, !Ref Env, 3]]") == "a-dev-3")
        #expect(try Fixtures.probe("{Fn::Join: [\",\", !Ref Names]}") == "a,b,c")
        #expect(try Fixtures.probe("!Select [1, !Ref Names]") == "b")
        #expect(try Fixtures.probe("{Fn::Select: [\"0\", [x, y]]}") == "x")
        #expect(try Fixtures.probe("!Split [\",\", \"p,q,r\"]") == ["p", "q", "r"])
        #expect(try Fixtures.probe("{Fn::Split: [\"/\", !Sub \"${Env}/x\"]}") == ["dev", "x"])
        #expect(try Fixtures.probe("!Select [2, !Split [\"|\", \"a|b|c\"]]") == "c")
    }

    @Test("Select out of range is an error")
    func selectOutOfRange() throws {
        let error = try #require(Fixtures.probeFailure("!Select [5, [a, b]]"))
        #expect(error.message.contains("out of range"))
        #expect(error.logicalId == "Probe")
    }

    @Test("If, Equals, Not, And, Or in short and long form")
    func conditionFunctions() throws {
        #expect(try Fixtures.probe("!If [IsDev, yes-dev, no-dev]") == "yes-dev")
        #expect(try Fixtures.probe("{Fn::If: [IsProd, p, np]}") == "np")
        #expect(try Fixtures.probe("!Equals [!Ref Env, dev]") == true)
        #expect(try Fixtures.probe("!Not [!Condition IsDev]") == false)
        #expect(try Fixtures.probe("{Fn::Not: [{Condition: IsProd}]}") == true)
        #expect(try Fixtures.probe("!And [!Condition IsDev, !Equals [3, !Ref Count]]") == true)
        #expect(try Fixtures.probe("{Fn::Or: [{Condition: IsProd}, {Fn::Equals: [a, b]}]}") == false)
        #expect(try Fixtures.probe("!Condition IsDev") == true)
        #expect(try Fixtures.probe("{Fn::And: [{Condition: IsDev}, {Fn::Not: [{Condition: IsProd}]}]}") == true)
        #expect(try Fixtures.probe("!Or [!Equals [a, b], !Condition IsDev]") == true)
    }

    @Test("GetAZs gives three zones of the region")
    func getAZs() throws {
        #expect(try Fixtures.probe("!GetAZs \"\"") == ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        #expect(try Fixtures.probe("{Fn::GetAZs: !Ref AWS::Region}") == ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        #expect(try Fixtures.probe("!GetAZs us-west-2") == ["us-west-2a", "us-west-2b", "us-west-2c"])
    }

    @Test("Base64 encodes UTF-8")
    func base64() throws {
        #expect(try Fixtures.probe("!Base64 hello") == "aGVsbG8=")
        #expect(try Fixtures.probe("{Fn::Base64: !Ref Env}") == "ZGV2")
    }

    @Test("FindInMap reads Mappings")
    func findInMap() throws {
        #expect(try Fixtures.probe("!FindInMap [Sizes, !Ref Env, Memory]") == 128)
        #expect(try Fixtures.probe("{Fn::FindInMap: [Sizes, prod, Memory]}") == 1024)
        let error = try #require(Fixtures.probeFailure("!FindInMap [Sizes, test, Memory]"))
        #expect(error.message.contains("has no key 'test'"))
    }

    @Test("ImportValue is not supported")
    func importValue() throws {
        let short = try #require(Fixtures.probeFailure("!ImportValue SharedTopic"))
        #expect(short.message.contains("!ImportValue is not supported"))
        #expect(short.line == Fixtures.probeLine)
        let long = try #require(Fixtures.probeFailure("{Fn::ImportValue: SharedTopic}"))
        #expect(long.message.contains("Fn::ImportValue is not supported"))
    }

    @Test("unknown intrinsic functions are errors")
    func unknownFunction() throws {
        let error = try #require(Fixtures.probeFailure("!Frobnicate x"))
        #expect(error.message == "unknown intrinsic function !Frobnicate")
    }

    @Test("AWS::NoValue removes a property and a list item")
    func noValue() throws {
        let yaml = Fixtures.resources("""
              Group:
                Type: AWS::Logs::LogGroup
                Properties:
                  Kept: x
                  Dropped: !Ref AWS::NoValue
                  List: [a, !Ref AWS::NoValue, b]
                  Nested: {Inner: {Ref: AWS::NoValue}}
            """)
        let properties = try #require(try Fixtures.loadTemplate(yaml).resource("Group")?.properties)
        #expect(properties == ["Kept": "x", "List": ["a", "b"], "Nested": [:]])
    }

    @Test("nested intrinsics resolve inside out")
    func nested() throws {
        let value = try Fixtures.probe(#"!Join [":", [!Select [0, !Split [",", !Join [",", !Ref Names]]], !If [IsDev, !Sub "${Env}", x]]]"#)
        #expect(value == "a:dev")
    }

    @Test("plain, quoted and tagged scalars keep their JSON kinds")
    func scalarKinds() throws {
        #expect(try Fixtures.probe("5") == 5)
        #expect(try Fixtures.probe("\"5\"") == "5")
        #expect(try Fixtures.probe("true") == true)
        #expect(try Fixtures.probe("yes") == "yes")
        #expect(try Fixtures.probe("2012-10-17") == "2012-10-17")
        #expect(try Fixtures.probe("~") == .null)
    }
}
