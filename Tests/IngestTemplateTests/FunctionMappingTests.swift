import IngestCore
import IngestHandlers
@testable import IngestTemplate
import Testing

@Suite("Function definitions from AWS::Lambda::Function resources: handler candidates, settings and code")
struct FunctionMappingTests {
    let available = BuiltinHandlers.names
    let context = AWSContext(region: "us-east-1", accountId: "123456789012")
    var mapper: DefinitionMapper { DefinitionMapper(file: "t.yaml", context: context) }

    /// An `AWS::Lambda::Function` resource as the template loader resolves it.
    func resource(name: String = "demo-user-metadata", code: JSONValue? = nil, metadataHandler: String? = nil,
                  extra: [String: JSONValue] = [:]) -> ResourceDefinition {
        var props: [String: JSONValue] = ["FunctionName": .string(name)]
        if let code { props["Code"] = code }
        for (k, v) in extra { props[k] = v }
        return ResourceDefinition(logicalId: "Fn", type: "AWS::Lambda::Function", physicalId: name, arn: context.functionArn(name),
                                  status: .notYetRun, properties: .object(props),
                                  metadata: metadataHandler.map { ["Ingest": ["Handler": .string($0)]] } ?? .object([:]), location: "t.yaml:12")
    }

    /// The function the mapper reads, with its handler chosen as `PipelineRuntime` chooses it (the flag and the
    /// refusal are tested with the choice itself, in FunctionTests).
    func define(_ r: ResourceDefinition) throws -> FunctionDefinition {
        try mapper.function(r).resolvingHandler(overrides: [:], available: available)
    }

    @Test("Metadata.Ingest.Handler is used before the Code path and the function name")
    func metadataFirst() throws {
        let f = try define(resource(name: "user-metadata", code: "../../lambda/user-onboarding", metadataHandler: "sleep"))
        #expect(f.handler == "sleep")
        #expect(f.handlerSource == "metadata")
    }

    @Test("the seed's Code path ../../lambda/user-metadata maps to the built-in user-metadata by its basename")
    func codeBasename() throws {
        let f = try define(resource(name: "demo-user-metadata", code: "../../lambda/user-metadata"))
        #expect(f.handler == "user-metadata")
        #expect(f.handlerSource == "code path")
        let s3 = try define(resource(name: "x", code: ["S3Bucket": "b", "S3Key": "builds/user-onboarding.zip"]))
        #expect(s3.handler == "user-onboarding")
    }

    @Test("the function name is the last resort")
    func functionName() throws {
        let f = try define(resource(name: "user-onboarding-stream", code: "../../lambda/something-else"))
        #expect(f.handler == "user-onboarding-stream")
        #expect(f.handlerSource == "function name")
    }

    @Test("Timeout, MemorySize, Environment.Variables and ReservedConcurrentExecutions are read and range-checked")
    func settings() throws {
        let f = try define(resource(code: "user-metadata", extra: [
            "Timeout": 10, "MemorySize": 256, "ReservedConcurrentExecutions": 2,
            "Environment": ["Variables": ["USER_METADATA_TABLE_NAME": "t1", "RETRIES": 3]],
        ]))
        #expect(f.timeoutSeconds == 10)
        #expect(f.memorySizeMB == 256)
        #expect(f.reservedConcurrency == 2)
        #expect(f.environment == ["USER_METADATA_TABLE_NAME": "t1", "RETRIES": "3"])
        #expect(try define(resource(code: "user-metadata")).timeoutSeconds == 3)   // the Lambda default
        #expect(throws: TemplateMappingError.self) { try define(resource(code: "user-metadata", extra: ["Timeout": 901])) }
        #expect(throws: TemplateMappingError.self) { try define(resource(code: "user-metadata", extra: ["ReservedConcurrentExecutions": -1])) }
    }

    @Test("Runtime, Handler and the code location are kept as written")
    func codeAndRuntime() throws {
        let f = try mapper.function(resource(code: "../../lambda/user-metadata", extra: ["Runtime": "nodejs20.x", "Handler": "index.handler"]))
        #expect(f.runtime == "nodejs20.x")
        #expect(f.handlerProperty == "index.handler")
        #expect(f.code == .path("../../lambda/user-metadata"))
        #expect(f.location == "t.yaml:12")
        #expect(try mapper.function(resource(code: ["ZipFile": "exports.handler = async () => {}"])).code == .inline("exports.handler = async () => {}"))
        #expect(try mapper.function(resource(code: ["S3Bucket": "b", "S3Key": "k.zip"])).code == .s3(bucket: "b", key: "k.zip", version: nil))
        #expect(try mapper.function(resource(code: ["ImageUri": "repo/fn:1"])).code == .image("repo/fn:1"))
        #expect(try mapper.function(resource()).code == nil)
    }
}
