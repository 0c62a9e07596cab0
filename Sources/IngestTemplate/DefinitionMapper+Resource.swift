import IngestCore

extension DefinitionMapper {
    /// Adds what one resource defines to `definition`: a queue, topic, subscription, API key, stage, table,
    /// function, event source mapping or alarm. Other types define nothing on their own.
    func map(_ resource: ResolvedResource, _ r: ResourceDefinition, into definition: inout PipelineDefinition) throws(TemplateError) {
        switch resource.type {
        case "AWS::SQS::Queue":
            definition.queues.append(try queue(resource))
        case "AWS::SNS::Topic":
            let (topic, inline) = try topic(resource)
            definition.topics.append(topic)
            definition.subscriptions += inline
        case "AWS::SNS::Subscription":
            definition.subscriptions.append(try subscription(resource))
        case "AWS::ApiGateway::ApiKey":
            definition.apiKeys.append(try apiKey(resource))
        case "AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment":
            if let stage = try stage(resource), !definition.stages.contains(stage) { definition.stages.append(stage) }
        case "AWS::DynamoDB::Table":
            do { definition.tables.append(try table(r)) } catch {
                throw TemplateError(location: r.location, logicalId: nil, message: error.description)
            }
        case "AWS::Lambda::Function":
            do { definition.functions.append(try function(r)) } catch { throw TemplateError(error) }
        case "AWS::Lambda::EventSourceMapping":
            do { definition.eventSourceMappings.append(try eventSourceMapping(r)) } catch { throw TemplateError(error) }
        case "AWS::CloudWatch::Alarm":
            do { definition.alarms.append(try alarm(r)) } catch {
                throw TemplateError(location: r.location, logicalId: r.logicalId, message: error.description)
            }
        default:
            break
        }
    }
}

extension TemplateError {
    /// A problem placed at a resource's `file:line` location.
    init(location: String, logicalId: String?, message: String) {
        if let colon = location.lastIndex(of: ":"), let line = Int(location[location.index(after: colon)...]) {
            self.init(file: String(location[..<colon]), line: line, logicalId: logicalId, message: message)
        } else {
            self.init(file: location, logicalId: logicalId, message: message)
        }
    }

    /// A mapping problem, reading as it did: `file:line: LogicalId: message`.
    init(_ error: TemplateMappingError) {
        self.init(location: error.location, logicalId: error.logicalId, message: error.message)
    }
}
