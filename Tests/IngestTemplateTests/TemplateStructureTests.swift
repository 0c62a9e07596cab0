import IngestCore
import IngestTemplate
import Testing

@Suite("Template structure")
struct TemplateStructureTests {
    @Test("a YAML syntax error gives file and line")
    func yamlSyntaxError() throws {
        let yaml = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: [unclosed\n"
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.file == "test.yaml")
        #expect(error.line == 5)
        #expect(error.logicalId == nil)
        #expect(error.description == "test.yaml:5: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 4)")
    }

    @Test("a bad indentation is reported on its line")
    func indentation() throws {
        let yaml = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n   Bad: x\n"
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.line == 4)
        #expect(error.message.hasPrefix("YAML syntax error: did not find expected key"))
    }

    @Test("duplicate keys are an error")
    func duplicateKeys() throws {
        let yaml = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Q:\n    Type: AWS::SNS::Topic\n"
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.message.contains("duplicate key 'Q'"))
        #expect(error.line == 2)
    }

    @Test("an empty template and one without resources are errors")
    func empty() throws {
        #expect(Fixtures.failure("")?.message == "the template is empty")
        #expect(Fixtures.failure("Description: nothing")?.message == "the template has no Resources section")
        #expect(Fixtures.failure("- a\n- b")?.message.contains("must be a YAML mapping") == true)
    }

    @Test("Transform is refused, naming the transform")
    func transform() throws {
        let error = try #require(Fixtures.failure("Transform: AWS::Serverless-2016-10-31\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n"))
        #expect(error.message == "Transform AWS::Serverless-2016-10-31 is not supported: ingest does not expand macros")
        #expect(error.line == 1)
    }

    @Test("Description, Metadata, Mappings and Outputs are accepted")
    func sections() throws {
        let yaml = """
            AWSTemplateFormatVersion: 2010-09-09
            Description: A test
            Metadata:
              Anything: [1, 2]
            Mappings:
              M:
                K: {V: 1}
            Resources:
              Q:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: q
            Outputs:
              Url:
                Description: The URL
                Value: !Ref Q
                Export:
                  Name: !Sub "${AWS::StackName}-url"
            """
        let loaded = try Fixtures.loader.loadTemplate(text: yaml, file: "test.yaml")
        #expect(loaded.description == "A test")
        #expect(loaded.outputs == [TemplateOutput(name: "Url", value: "https://sqs.eu-west-1.amazonaws.com/123456789012/q",
                                                  description: "The URL", exportName: "teststack-url")])
        #expect(loaded.definition.source == "test.yaml")
        #expect(loaded.definition.context == Fixtures.context)
    }

    @Test("unknown sections and resource attributes are errors")
    func unknownKeys() throws {
        let section = try #require(Fixtures.failure("Resource:\n  Q:\n    Type: AWS::SQS::Queue\n"))
        #expect(section.message.hasPrefix("unknown top-level section 'Resource'"))
        let attribute = try #require(Fixtures.failure("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Propertes: {}\n"))
        #expect(attribute.description == "test.yaml:4: Q: unknown resource attribute 'Propertes'")
        let type = try #require(Fixtures.failure("Resources:\n  Q:\n    Properties: {}\n"))
        #expect(type.description == "test.yaml:2: Q: the resource has no Type")
    }

    @Test("resource metadata is resolved and kept; location is file:line")
    func metadata() throws {
        let yaml = """
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Metadata:
                  Ingest:
                    Handler: !Sub "${AWS::Region}-handler"
                Properties:
                  FunctionName: f
            """
        let resource = try #require(try Fixtures.loadTemplate(yaml).resource("Fn"))
        #expect(resource.metadata == ["Ingest": ["Handler": "eu-west-1-handler"]])
        #expect(resource.location == "test.yaml:2")
        #expect(resource.physicalId == "f")
        #expect(resource.arn == "arn:aws:lambda:eu-west-1:123456789012:function:f")
    }

    @Test("YAML anchors and aliases are expanded")
    func anchors() throws {
        let yaml = """
            Resources:
              A:
                Type: AWS::SQS::Queue
                Properties: &settings
                  VisibilityTimeout: 7
              B:
                Type: AWS::SQS::Queue
                Properties: *settings
            """
        #expect(try Fixtures.load(yaml).queues.map(\.attributes.visibilityTimeout) == [7, 7])
    }

    @Test("load(path:) reads a file and reports an unreadable one")
    func loadPath() throws {
        let error = try #require(throws: TemplateError.self) {
            try Fixtures.loader.load(path: "/nonexistent/dir/t.yaml")
        }
        #expect(error.file == "/nonexistent/dir/t.yaml")
        #expect(error.message.hasPrefix("cannot read the template"))
    }

    @Test("error descriptions leave out the parts that are unknown")
    func errorDescription() {
        #expect(TemplateError(file: "a.yaml", line: 3, logicalId: "Q", message: "m").description == "a.yaml:3: Q: m")
        #expect(TemplateError(file: "a.yaml", message: "m").description == "a.yaml: m")
        #expect(TemplateError(file: "a.yaml", logicalId: "Q", message: "m").description == "a.yaml: Q: m")
    }
}
