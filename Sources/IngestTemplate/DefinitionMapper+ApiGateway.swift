import IngestCore

extension DefinitionMapper {
    /// An `AWS::ApiGateway::ApiKey`: a given `Value`, or none so the engine generates one.
    func apiKey(_ resource: ResolvedResource) throws(TemplateError) -> ApiKeyDefinition {
        let p = PropertyReader(resource, file: file)
        let name = try p.string("Name") ?? DeterministicID.generatedName(stack: context.stackName, logicalId: resource.logicalId, maxLength: 128)
        let value = try p.string("Value")
        if let value, value.count < 20 {
            throw p.fail("Value", "an API key Value must be at least 20 characters (got \(value.count))")
        }
        return ApiKeyDefinition(logicalId: resource.logicalId, name: name, value: value, enabled: try p.bool("Enabled") ?? true)
    }

    /// The stage an `AWS::ApiGateway::Stage` or `AWS::ApiGateway::Deployment` creates, if any.
    func stage(_ resource: ResolvedResource) throws(TemplateError) -> String? {
        let p = PropertyReader(resource, file: file)
        guard let stage = try p.string("StageName") else { return nil }
        guard !stage.isEmpty, stage.unicodeScalars.allSatisfy({ isAlphanumeric(String($0)) || $0 == "-" || $0 == "_" }) else {
            throw p.fail("StageName", "StageName '\(stage)' is invalid: use letters, digits, hyphens and underscores")
        }
        return stage
    }
}
