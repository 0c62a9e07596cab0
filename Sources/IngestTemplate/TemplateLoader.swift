import Foundation
import IngestCore

/// Loads a CloudFormation template (a documented subset, see docs/templates.md) into a
/// ``PipelineDefinition``.
///
/// ```swift
/// let loader = TemplateLoader(context: AWSContext(region: "eu-west-1"))
/// let pipeline = try loader.load(path: "templates/user-ingestion.yaml", parameters: ["QueueTimeout": "5"])
/// ```
///
/// Every problem is a ``TemplateError`` naming the file, the line and the logical id. Names,
/// ids and ARNs are derived from the stack name and logical ids, so loading is deterministic.
public struct TemplateLoader: Sendable {
    /// Region, account, partition and stack name for ARNs, URLs and generated names.
    public var context: AWSContext

    public init(context: AWSContext = AWSContext()) {
        self.context = context
    }

    /// Loads the template at `path` with parameter overrides (`Name` → value).
    public func load(path: String, parameters: [String: String] = [:]) throws(TemplateError) -> PipelineDefinition {
        try loadTemplate(path: path, parameters: parameters).definition
    }

    /// Loads template text; `file` names it in errors and in `PipelineDefinition.source`.
    public func load(text: String, file: String, parameters: [String: String] = [:]) throws(TemplateError) -> PipelineDefinition {
        try loadTemplate(text: text, file: file, parameters: parameters).definition
    }

    /// Like ``load(path:parameters:)``, also returning the resolved parameters and outputs.
    public func loadTemplate(path: String, parameters: [String: String] = [:]) throws(TemplateError) -> LoadedTemplate {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TemplateError(file: path, message: "cannot read the template: \(error.localizedDescription)")
        }
        return try loadTemplate(text: text, file: path, parameters: parameters)
    }

    /// Like ``load(text:file:parameters:)``, also returning the resolved parameters and outputs.
    public func loadTemplate(text: String, file: String, parameters overrides: [String: String] = [:]) throws(TemplateError) -> LoadedTemplate {
        let sections = try TemplateSections(try TemplateNode.parse(text, file: file), file: file)
        var warnings = sections.warnings

        let parameters = try ParameterResolver(file: file).resolve(sections.parameters, overrides: overrides)
        var resolver = IntrinsicResolver(file: file, context: context, parameters: parameters, mappings: sections.mappings)
        let resourceResolver = ResourceResolver(file: file, context: context)
        let declarations = try resourceResolver.declare(sections.resources, parameters: parameters, into: &resolver)
        try ConditionEvaluator(file: file).evaluate(sections.conditions, into: &resolver)
        let resources = try resourceResolver.resolve(declarations, with: &resolver)
        let outputs = try OutputResolver(file: file).resolve(sections.outputs, with: &resolver)

        var definition = PipelineDefinition(context: context, source: file)
        var raw: [ResourceDefinition] = []
        let mapper = DefinitionMapper(file: file, context: context)
        for resource in resources {
            let status = ResourceCatalog.status(of: resource.type)
            if status == .unknown {
                warnings.append("Resource \(resource.logicalId) has type \(resource.type) which ingest does not know; it is listed but not created")
            }
            if let known = ResourceCatalog.knownProperties(of: resource.type) {
                for key in PropertyReader(resource, file: file).unknownKeys(known) {
                    warnings.append("Resource \(resource.logicalId) (\(file):\(resource.line(of: key))) has property '\(key)', which \(resource.type) does not have; it is ignored")
                }
            }
            let r = ResourceDefinition(
                logicalId: resource.logicalId, type: resource.type, physicalId: resource.identity.physicalId, arn: resource.identity.arn,
                status: status, properties: resource.properties, metadata: resource.metadata, location: "\(file):\(resource.line)")
            try mapper.map(resource, r, into: &definition)
            raw.append(r)
            definition.resources.append(r.summary)
        }
        do {
            definition.usagePlans = try mapper.usagePlans(raw, apiKeys: definition.apiKeys)
        } catch {
            throw TemplateError(error)
        }
        definition.gateway = mapper.gateway(raw)
        warnings += wiringWarnings(definition)
        definition.warnings = warnings

        let values = parameters.order.map { name in
            let value = parameters.values[name] ?? .string("")
            let text = value.arrayValue.map { $0.compactMap(\.stringValue).joined(separator: ",") } ?? value.stringValue ?? ""
            return TemplateParameterValue(name: name, value: parameters.noEcho.contains(name) ? "****" : text,
                                          overridden: overrides[name] != nil)
        }
        return LoadedTemplate(definition: definition, description: sections.description, parameters: values, outputs: outputs,
                              resources: raw)
    }

    /// Warnings for ARNs that point at no queue or topic of the template: the engine cannot deliver there.
    private func wiringWarnings(_ definition: PipelineDefinition) -> [String] {
        let queueArns = Set(definition.queues.map { context.queueArn($0.name) })
        let topicArns = Set(definition.topics.map { context.topicArn($0.name) })
        var warnings: [String] = []
        for queue in definition.queues {
            if let target = queue.attributes.redrivePolicy?.deadLetterTargetArn, !queueArns.contains(target) {
                warnings.append("Queue \(queue.logicalId): dead-letter target \(target) is not a queue of this template")
            }
        }
        for subscription in definition.subscriptions {
            if !topicArns.contains(subscription.topicArn) {
                warnings.append("Subscription \(subscription.logicalId): topic \(subscription.topicArn) is not a topic of this template")
            }
            if subscription.protocol == "sqs", !queueArns.contains(subscription.endpoint) {
                warnings.append("Subscription \(subscription.logicalId): endpoint \(subscription.endpoint) is not a queue of this template")
            } else if subscription.protocol != "sqs" {
                warnings.append("Subscription \(subscription.logicalId): protocol \(subscription.protocol) is listed but not delivered (ingest delivers sqs)")
            }
            if let target = subscription.deadLetterTargetArn, !queueArns.contains(target) {
                warnings.append("Subscription \(subscription.logicalId): dead-letter target \(target) is not a queue of this template")
            }
        }
        return warnings
    }
}
