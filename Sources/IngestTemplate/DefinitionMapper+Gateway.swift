import IngestCore

extension DefinitionMapper {
    /// What the gateway takes from the template: the first `RestApi`'s `Name`, the first `Stage`'s
    /// `AccessLogSetting.Format`, and the longest `Integration.TimeoutInMillis` of the `Method`s.
    func gateway(_ resources: [ResourceDefinition]) -> GatewayDefinition {
        let apiName = resources.first { $0.type == "AWS::ApiGateway::RestApi" }?.properties["Name"]?.stringValue ?? "ingest"
        let format = resources.first { $0.type == "AWS::ApiGateway::Stage" }?.properties["AccessLogSetting"]?["Format"]?.stringValue
        let timeout = resources.filter { $0.type == "AWS::ApiGateway::Method" }
            .compactMap { $0.properties["Integration"]?["TimeoutInMillis"].flatMap { $0.intValue ?? $0.stringValue.flatMap { Int($0) } } }
            .max() ?? GatewayDefinition.defaultIntegrationTimeoutMillis
        return GatewayDefinition(apiName: apiName, accessLogFormat: format, integrationTimeoutMillis: timeout)
    }
}
