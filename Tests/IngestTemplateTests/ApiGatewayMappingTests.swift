import IngestCore
import IngestTemplate
import Testing

@Suite("API keys and stages")
struct ApiGatewayMappingTests {
    private let yaml = """
        Parameters:
          KeyValue:
            Type: String
            Default: ""
        Conditions:
          HasKeyValue: !Not [!Equals [!Ref KeyValue, ""]]
        Resources:
          Api:
            Type: AWS::ApiGateway::RestApi
          Deployment:
            Type: AWS::ApiGateway::Deployment
            Properties: {RestApiId: !Ref Api, StageName: test}
          Stage:
            Type: AWS::ApiGateway::Stage
            Properties: {RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: prod}
          Key:
            Type: AWS::ApiGateway::ApiKey
            Properties:
              Name: clients
              Value: !If [HasKeyValue, !Ref KeyValue, !Ref AWS::NoValue]
          Disabled:
            Type: AWS::ApiGateway::ApiKey
            Properties:
              Enabled: "false"
        """

    @Test("stages come from Stage and Deployment StageName")
    func stages() throws {
        #expect(try Fixtures.load(yaml).stages == ["test", "prod"])
    }

    @Test("an empty key value leaves the value unset; a given one is kept")
    func keyValue() throws {
        let generated = try Fixtures.load(yaml).apiKeys
        #expect(generated == [
            ApiKeyDefinition(logicalId: "Key", name: "clients", value: nil),
            ApiKeyDefinition(logicalId: "Disabled", name: generated.last?.name ?? "", value: nil, enabled: false),
        ])
        #expect(generated.last?.name.hasPrefix("teststack-Disabled-") == true)
        let given = try Fixtures.load(yaml, parameters: ["KeyValue": "0123456789abcdefghijXYZ"]).apiKeys.first
        #expect(given?.value == "0123456789abcdefghijXYZ")
    }

    @Test("a key value shorter than 20 characters is refused")
    func shortKey() throws {
        let error = try #require(Fixtures.failure(yaml, parameters: ["KeyValue": "short"]))
        #expect(error.logicalId == "Key")
        #expect(error.line == 20)
        #expect(error.message.contains("at least 20 characters"))
    }
}
