import IngestCore

/// What ingest knows about each resource type: what it does with it and which attributes
/// `!GetAtt` may read.
enum ResourceCatalog {
    /// What happens to a resource of `type` when the pipeline runs.
    static func status(of type: String) -> ResourceStatus {
        switch type {
        case "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::Lambda::Function", "AWS::Lambda::EventSourceMapping",
             "AWS::DynamoDB::Table", "AWS::CloudWatch::Alarm", "AWS::KMS::Key", "AWS::KMS::Alias":
            return .runs
        case "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::Lambda::Permission", "AWS::Logs::LogGroup":
            return .notEnforced
        default:
            if type == "AWS::ApiGateway::UsagePlan" || type == "AWS::ApiGateway::UsagePlanKey" { return .runs }
            if type.hasPrefix("AWS::ApiGateway::") { return .notYetRun }
            if type.hasPrefix("AWS::IAM::") { return .notEnforced }
            return .unknown
        }
    }

    /// The attributes `!GetAtt` can read from a resource of `type`; `nil` when the type is unknown.
    static func attributes(of type: String) -> [String]? {
        if let known = attributeTable[type] { return known }
        if type.hasPrefix("AWS::ApiGateway::") || type.hasPrefix("AWS::IAM::") { return [] }
        return nil
    }

    private static let attributeTable: [String: [String]] = [
        "AWS::SQS::Queue": ["Arn", "QueueName", "QueueUrl"],
        "AWS::SNS::Topic": ["TopicArn", "TopicName"],
        "AWS::SNS::Subscription": [],
        "AWS::SNS::TopicPolicy": ["Id"],
        "AWS::SQS::QueuePolicy": ["Id"],
        "AWS::Lambda::Function": ["Arn"],
        "AWS::Lambda::EventSourceMapping": ["Id", "EventSourceMappingArn"],
        "AWS::Lambda::Permission": [],
        "AWS::DynamoDB::Table": ["Arn", "StreamArn"],
        "AWS::CloudWatch::Alarm": ["Arn"],
        "AWS::KMS::Key": ["Arn", "KeyId"],
        "AWS::KMS::Alias": [],
        "AWS::Logs::LogGroup": ["Arn"],
        "AWS::ApiGateway::RestApi": ["RestApiId", "RootResourceId"],
        "AWS::ApiGateway::Resource": ["ResourceId"],
        "AWS::ApiGateway::Deployment": ["DeploymentId"],
        "AWS::ApiGateway::ApiKey": ["APIKeyId"],
        "AWS::ApiGateway::UsagePlan": ["Id"],
        "AWS::ApiGateway::UsagePlanKey": ["Id"],
        "AWS::ApiGateway::Account": ["Id"],
        "AWS::ApiGateway::RequestValidator": ["RequestValidatorId"],
        "AWS::ApiGateway::Authorizer": ["AuthorizerId"],
        "AWS::IAM::Role": ["Arn", "RoleId"],
        "AWS::IAM::Policy": ["Id"],
        "AWS::IAM::ManagedPolicy": ["PolicyArn"],
        "AWS::IAM::User": ["Arn"],
        "AWS::IAM::Group": ["Arn"],
        "AWS::IAM::InstanceProfile": ["Arn"],
    ]

    /// The property keys CloudFormation accepts on the types that run; any other key earns a warning.
    static func knownProperties(of type: String) -> Set<String>? {
        switch type {
        case "AWS::SQS::Queue":
            return ["ContentBasedDeduplication", "DeduplicationScope", "DelaySeconds", "FifoQueue", "FifoThroughputLimit",
                    "KmsDataKeyReusePeriodSeconds", "KmsMasterKeyId", "MaximumMessageSize", "MessageRetentionPeriod", "QueueName",
                    "ReceiveMessageWaitTimeSeconds", "RedriveAllowPolicy", "RedrivePolicy", "SqsManagedSseEnabled", "Tags",
                    "VisibilityTimeout"]
        case "AWS::SNS::Topic":
            return ["ArchivePolicy", "ContentBasedDeduplication", "DataProtectionPolicy", "DeliveryStatusLogging", "DisplayName",
                    "FifoThroughputScope", "FifoTopic", "KmsMasterKeyId", "SignatureVersion", "Subscription", "Tags", "TopicName",
                    "TracingConfig"]
        case "AWS::SNS::Subscription":
            return ["DeliveryPolicy", "Endpoint", "FilterPolicy", "FilterPolicyScope", "Protocol", "RawMessageDelivery",
                    "RedrivePolicy", "Region", "ReplayPolicy", "SubscriptionRoleArn", "TopicArn"]
        default:
            return nil
        }
    }
}
