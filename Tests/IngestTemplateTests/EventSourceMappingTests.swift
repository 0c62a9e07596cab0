import IngestCore
@testable import IngestTemplate
import Testing

@Suite("Event source mappings from AWS::Lambda::EventSourceMapping resources")
struct EventSourceMappingTests {
    let context = AWSContext(region: "us-east-1", accountId: "123456789012")
    var mapper: DefinitionMapper { DefinitionMapper(file: "t.yaml", context: context) }
    var streamArn: String { context.tableArn("users") + "/stream/" + TableDefinition.streamLabel }

    /// A mapping resource of function `f` with `properties` added.
    func resource(source: String, _ properties: [String: JSONValue] = [:]) -> ResourceDefinition {
        var props: [String: JSONValue] = ["FunctionName": "f", "EventSourceArn": .string(source)]
        for (k, v) in properties { props[k] = v }
        return ResourceDefinition(logicalId: "M", type: "AWS::Lambda::EventSourceMapping", physicalId: "uuid-1", arn: nil, status: .runs,
                                  properties: .object(props), location: "t.yaml:7")
    }

    @Test("AT_TIMESTAMP is refused for a DynamoDB stream, as AWS refuses it")
    func atTimestampRefused() throws {
        do {
            _ = try mapper.eventSourceMapping(resource(source: streamArn, ["StartingPosition": "AT_TIMESTAMP",
                                                                           "StartingPositionTimestamp": .int(1_767_225_600)]))
            Issue.record("expected the mapping to be refused")
        } catch {
            #expect(error.message.contains("AT_TIMESTAMP is not supported for a DynamoDB stream"))
            #expect(error.description.hasPrefix("t.yaml:7: M: "))
        }
    }

    @Test("BatchSize defaults to 100 for a stream and 10 for a queue; above 10 a queue needs a batching window")
    func batchSizeDefaults() throws {
        #expect(try mapper.eventSourceMapping(resource(source: streamArn, ["StartingPosition": "TRIM_HORIZON"])).batchSize == 100)
        #expect(try mapper.eventSourceMapping(resource(source: context.queueArn("work"))).batchSize == 10)
        #expect(throws: TemplateMappingError.self) {
            try mapper.eventSourceMapping(resource(source: context.queueArn("work"), ["BatchSize": 25]))
        }
    }
}
