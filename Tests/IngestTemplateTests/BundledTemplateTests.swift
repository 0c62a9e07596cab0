import Foundation
import IngestCore
import IngestTemplate
import Testing

@Suite("Bundled user-ingestion template")
struct BundledTemplateTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates/user-ingestion.yaml").path

    private func load(_ parameters: [String: String] = [:]) throws(TemplateError) -> PipelineDefinition {
        try TemplateLoader().load(path: Self.path, parameters: parameters)
    }

    /// The bundled template with every resource's resolved properties.
    private func loadTemplate(_ parameters: [String: String] = [:]) throws(TemplateError) -> LoadedTemplate {
        try TemplateLoader().loadTemplate(path: Self.path, parameters: parameters)
    }

    private func arn(_ queue: String) -> String { AWSContext().queueArn("demo-user-ingestion-\(queue)") }

    @Test("loads with defaults, without warnings")
    func loadsWithDefaults() throws {
        let definition = try load()
        #expect(definition.source == Self.path)
        #expect(definition.warnings.isEmpty)
        #expect(definition.stages == ["prod"])
    }

    @Test("the seed's five queues with their redrive wiring, plus the stream-failures queue")
    func queues() throws {
        let definition = try load()
        let byName = Dictionary(uniqueKeysWithValues: definition.queues.map { ($0.name, $0) })
        let seedQueues = ["sns-dead-letter-queue", "user-metadata-queue", "user-metadata-dead-letter-queue", "onboarding-queue",
                          "onboarding-dead-letter-queue"].map { "demo-user-ingestion-\($0)" }
        for name in seedQueues { #expect(byName[name] != nil, "\(name)") }
        #expect(definition.queues.count == 6)
        #expect(byName["demo-user-ingestion-onboarding-stream-failures-queue"] != nil)

        let metadata = try #require(byName["demo-user-ingestion-user-metadata-queue"])
        #expect(metadata.attributes.redrivePolicy == RedrivePolicy(deadLetterTargetArn: arn("user-metadata-dead-letter-queue"), maxReceiveCount: 5))
        let onboarding = try #require(byName["demo-user-ingestion-onboarding-queue"])
        #expect(onboarding.attributes.redrivePolicy == RedrivePolicy(deadLetterTargetArn: arn("onboarding-dead-letter-queue"), maxReceiveCount: 5))
        for queue in definition.queues where queue.name.contains("dead-letter") || queue.name.contains("failures") {
            #expect(queue.attributes.redrivePolicy == nil)
        }
        // Seed settings, and flaw 12: dead letters outlive their sources.
        for queue in definition.queues {
            #expect(queue.attributes.visibilityTimeout == 60)
            #expect(queue.attributes.kmsMasterKeyId == "alias/UserIngestionCmk")
        }
        #expect(metadata.attributes.messageRetentionPeriod == 86_400)
        #expect(byName["demo-user-ingestion-user-metadata-dead-letter-queue"]?.attributes.messageRetentionPeriod == 1_209_600)
        #expect(byName["demo-user-ingestion-user-metadata-dead-letter-queue"]?.attributes.redriveAllowPolicy
            == RedriveAllowPolicy(redrivePermission: .byQueue, sourceQueueArns: [arn("user-metadata-queue")]))
    }

    @Test("two raw subscriptions with the SNS dead-letter queue")
    func subscriptions() throws {
        let definition = try load()
        let topicArn = AWSContext().topicArn("demo-user-ingestion-topic")
        #expect(definition.subscriptions.count == 2)
        #expect(Set(definition.subscriptions.map(\.endpoint)) == [arn("user-metadata-queue"), arn("onboarding-queue")])
        for subscription in definition.subscriptions {
            #expect(subscription.topicArn == topicArn)
            #expect(subscription.protocol == "sqs")
            #expect(subscription.rawMessageDelivery)
            #expect(subscription.filterPolicy == nil)
            #expect(subscription.deadLetterTargetArn == arn("sns-dead-letter-queue"))
        }
    }

    @Test("the ingestion topic and the alarm topic")
    func topics() throws {
        let loaded = try loadTemplate()
        let definition = loaded.definition
        #expect(definition.topics.map(\.name) == ["demo-user-ingestion-topic", "demo-user-ingestion-alarm-notifications"])
        #expect(definition.topics.first?.displayName == "demo-user-ingestion topic")
        let alarmTopic = AWSContext().topicArn("demo-user-ingestion-alarm-notifications")
        let alarms = loaded.resources.filter { $0.type == "AWS::CloudWatch::Alarm" }
        #expect(alarms.count >= 5)
        for alarm in alarms {
            #expect(alarm.properties["AlarmActions"] == [.string(alarmTopic)], "\(alarm.logicalId)")
            #expect(alarm.properties["Period"] == "300")
        }
        #expect(definition.alarms.allSatisfy { $0.alarmActions == [alarmTopic] && $0.period == 300 })
        let names = Set(alarms.map(\.physicalId))
        for seed in ["UserIngestionSnsDlqApproximateNumberOfMessagesVisible", "UserMetadataAgeOfOldestMessage",
                     "UserMetadataDlqApproximateNumberOfMessagesVisible", "UserOnboardingAgeOfOldestMessage",
                     "UserOnboardingDlqApproximateNumberOfMessagesVisible"] {
            #expect(names.contains(seed), "\(seed)")
        }
    }

    @Test("every resource is listed with its status and location")
    func everyResourceListed() throws {
        let definition = try load()
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let declared = text.split(separator: "\n").filter { $0.hasPrefix("    Type: AWS::") }.count
        #expect(definition.resources.count == declared)
        #expect(!definition.resources.contains { $0.status == .unknown })
        let types = Set(definition.resources.map(\.type))
        for type in ["AWS::KMS::Key", "AWS::KMS::Alias", "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy", "AWS::DynamoDB::Table",
                     "AWS::Lambda::Function", "AWS::Lambda::EventSourceMapping", "AWS::IAM::Role", "AWS::ApiGateway::RestApi",
                     "AWS::ApiGateway::Method", "AWS::ApiGateway::Stage", "AWS::ApiGateway::ApiKey", "AWS::ApiGateway::UsagePlan",
                     "AWS::ApiGateway::UsagePlanKey", "AWS::CloudWatch::Alarm", "AWS::Logs::LogGroup"] {
            #expect(types.contains(type), "\(type)")
        }
        for resource in definition.resources { #expect(resource.location.hasPrefix(Self.path + ":")) }
    }

    @Test("functions, mappings and tables carry the seed settings with the flaws fixed")
    func functionsAndTables() throws {
        let definition = try loadTemplate()
        let metadataFunction = try #require(definition.resource("UserMetadataFunction"))
        #expect(metadataFunction.physicalId == "demo-user-metadata")
        #expect(metadataFunction.metadata["Ingest"]?["Handler"] == "user-metadata")
        #expect(metadataFunction.properties["Timeout"] == "10")
        #expect(metadataFunction.properties["Environment"]?["Variables"]?["USER_METADATA_TABLE_NAME"] == "demo_user_metadata")
        let mapping = try #require(definition.resource("UserMetadataEventSourceMapping"))
        #expect(mapping.properties["FunctionResponseTypes"] == ["ReportBatchItemFailures"])
        #expect(mapping.properties["BatchSize"] == 10)
        let stream = try #require(definition.resource("UserOnboardingStreamEventSourceMapping"))
        #expect(stream.properties["EventSourceArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/demo_user_onboarding/stream/2024-01-01T00:00:00.000")
        #expect(stream.properties["DestinationConfig"]?["OnFailure"]?["Destination"] == .string(arn("onboarding-stream-failures-queue")))
        let table = try #require(definition.resource("UserMetadataTable"))
        #expect(table.properties["KeySchema"] == [["AttributeName": "user_id", "KeyType": "HASH"]])
        #expect(definition.resource("UserOnboardingTable")?.properties["StreamSpecification"] == ["StreamViewType": "NEW_AND_OLD_IMAGES"])
        #expect(definition.resource("CustomerManagedKey")?.properties["EnableKeyRotation"] == true)
        let stage = try #require(definition.resource("ApiProdStage"))
        #expect(stage.properties["AccessLogSetting"]?["Format"]?.stringValue?.contains("$context.requestId") == true)
        #expect(definition.definition.apiKeys == [ApiKeyDefinition(logicalId: "ApiKey", name: "demo-user-ingestion-api-key", value: nil)])
    }

    @Test("functions, mappings, tables, alarms and the gateway come typed")
    func typedDefinitions() throws {
        let definition = try load()
        let function = try #require(definition.functions.first { $0.logicalId == "UserMetadataFunction" })
        #expect(function.name == "demo-user-metadata")
        #expect(function.handlerCandidates.first == HandlerCandidate("user-metadata", source: "metadata"))
        #expect(function.timeoutSeconds == 10)
        #expect(function.environment["USER_METADATA_TABLE_NAME"] == "demo_user_metadata")
        let mapping = try #require(definition.eventSourceMappings.first { $0.logicalId == "UserMetadataEventSourceMapping" })
        #expect(mapping.reportBatchItemFailures && mapping.batchSize == 10)
        let stream = try #require(definition.eventSourceMappings.first { $0.logicalId == "UserOnboardingStreamEventSourceMapping" })
        #expect(stream.source == .dynamodbStream)
        #expect(stream.onFailureDestination == arn("onboarding-stream-failures-queue"))
        #expect(definition.tables.first { $0.name == "demo_user_onboarding" }?.streamViewType == .newAndOldImages)
        #expect(!definition.alarms.isEmpty)
        #expect(definition.gateway.accessLogFormat?.contains("$context.requestId") == true)
        #expect(definition.gateway.integrationTimeoutMillis == 1_200)
    }

    @Test("overrides shorten the timings without editing the file")
    func overrides() throws {
        let loaded = try loadTemplate(["QueueTimeout": "1", "FunctionTimeout": "2", "AlarmPeriod": "10", "MaxReceiveCount": "2",
                                       "ApiKeyValue": "local-demo-key-0123456789"])
        let definition = loaded.definition
        #expect(definition.queues.allSatisfy { $0.attributes.visibilityTimeout == 1 })
        #expect(definition.queue("UserOnboardingQueue")?.attributes.redrivePolicy?.maxReceiveCount == 2)
        #expect(loaded.resource("UserOnboardingFunction")?.properties["Timeout"] == "2")
        #expect(loaded.resource("UserMetadataQueueAgeAlarm")?.properties["Period"] == "10")
        #expect(definition.apiKeys.first?.value == "local-demo-key-0123456789")
    }

    @Test("outputs give the API URL, the key id and the queue URLs")
    func outputs() throws {
        let loaded = try TemplateLoader(context: AWSContext(region: "eu-central-1")).loadTemplate(path: Self.path)
        let outputs = Dictionary(uniqueKeysWithValues: loaded.outputs.map { ($0.name, $0.text) })
        let api = try #require(loaded.definition.resource("UserIngestionApi")?.physicalId)
        #expect(outputs["ApiUrl"] == "https://\(api).execute-api.eu-central-1.amazonaws.com/prod/store")
        #expect(outputs["ApiKeyId"] == loaded.definition.resource("ApiKey")?.physicalId)
        #expect(outputs["UserMetadataQueueUrl"] == "https://sqs.eu-central-1.amazonaws.com/000000000000/demo-user-ingestion-user-metadata-queue")
        #expect(outputs["UserIngestionTopicArn"] == "arn:aws:sns:eu-central-1:000000000000:demo-user-ingestion-topic")
        #expect(loaded.parameters.first { $0.name == "ApiKeyValue" }?.value == "****")
    }

    @Test("a bad override is refused with the parameter's line")
    func badOverride() throws {
        let error = try #require(throws: TemplateError.self) { try load(["QueueTimeout": "-1"]) }
        #expect(error.logicalId == "QueueTimeout")
        #expect(error.line != nil)
        #expect(error.message.contains("is less than MinValue 0"))
    }
}

@Suite("Usage plans from the bundled template")
struct UsagePlanMappingTests {
    @Test("the usage plan carries the seed's 100/s, burst 200 and 10,000 a month, attached to the template's key")
    func bundledPlan() throws {
        let d = try TemplateLoader().load(path: BundledTemplateTests.path, parameters: [:])
        let plans = d.usagePlans
        #expect(plans.count == 1)
        let p = try #require(plans.first)
        #expect(p.rateLimit == 100)
        #expect(p.burstLimit == 200)
        #expect(p.quotaLimit == 10_000)
        #expect(p.quotaPeriod == .month)
        #expect(p.keyNames == d.apiKeys.map(\.name))
    }
}
