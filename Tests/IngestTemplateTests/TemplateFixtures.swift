import IngestCore
import IngestTemplate

/// Helpers shared by the template suites.
enum Fixtures {
    static let context = AWSContext(region: "eu-west-1", accountId: "123456789012", partition: "aws", stackName: "teststack")
    static let loader = TemplateLoader(context: context)

    /// Loads `yaml` as `test.yaml`.
    static func load(_ yaml: String, parameters: [String: String] = [:]) throws(TemplateError) -> PipelineDefinition {
        try loader.load(text: yaml, file: "test.yaml", parameters: parameters)
    }

    /// Loads `yaml` as `test.yaml`, keeping every resource's resolved properties and metadata.
    static func loadTemplate(_ yaml: String, parameters: [String: String] = [:]) throws(TemplateError) -> LoadedTemplate {
        try loader.loadTemplate(text: yaml, file: "test.yaml", parameters: parameters)
    }

    /// The error loading `yaml` gives, or `nil` if it loads.
    static func failure(_ yaml: String, parameters: [String: String] = [:]) -> TemplateError? {
        do {
            _ = try load(yaml, parameters: parameters)
            return nil
        } catch {
            return error
        }
    }

    /// A template with parameters, conditions, mappings, a queue, a topic and a streamed table; `probe`
    /// (YAML, indented for the position after `Value:`) becomes the `Value` property of resource `Probe`.
    static func probeTemplate(_ probe: String) -> String {
        """
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Env:
            Type: String
            Default: dev
          Count:
            Type: Number
            Default: 3
          Names:
            Type: CommaDelimitedList
            Default: "a, b,c"
        Mappings:
          Sizes:
            dev:
              Memory: 128
            prod:
              Memory: 1024
        Conditions:
          IsDev: !Equals [!Ref Env, dev]
          IsProd:
            Fn::Equals: [{Ref: Env}, prod]
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: orders
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              TopicName: events
          Table:
            Type: AWS::DynamoDB::Table
            # a minimal valid table; the probe's line stays put
            Properties: {TableName: users, StreamSpecification: {StreamViewType: NEW_IMAGE}, BillingMode: PAY_PER_REQUEST,
              KeySchema: [{AttributeName: id, KeyType: HASH}],
              AttributeDefinitions: [{AttributeName: id, AttributeType: S}]}
          Probe:
            Type: AWS::Logs::LogGroup
            Properties:
              Value: \(probe)
        """
    }

    /// The resolved `Value` of the probe resource.
    static func probe(_ expression: String, parameters: [String: String] = [:]) throws(TemplateError) -> JSONValue? {
        try loadTemplate(probeTemplate(expression), parameters: parameters).resource("Probe")?.properties["Value"]
    }

    /// The error resolving the probe expression gives.
    static func probeFailure(_ expression: String, parameters: [String: String] = [:]) -> TemplateError? {
        failure(probeTemplate(expression), parameters: parameters)
    }

    /// Line of `Value:` in `probeTemplate`.
    static let probeLine = 40

    /// A template of just `resources` (indented under `Resources:`).
    static func resources(_ resources: String) -> String {
        "Resources:\n" + resources
    }
}

extension PipelineDefinition {
    func resource(_ logicalId: String) -> ResourceSummary? { resources.first { $0.logicalId == logicalId } }
    func queue(_ logicalId: String) -> QueueDefinition? { queues.first { $0.logicalId == logicalId } }
}

extension LoadedTemplate {
    /// A resource with its resolved properties and metadata.
    func resource(_ logicalId: String) -> ResourceDefinition? { resources.first { $0.logicalId == logicalId } }
}
