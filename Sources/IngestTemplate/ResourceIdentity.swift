import IngestCore

/// What other resources see of a resource: its physical id, ARN, `!Ref` value and `!GetAtt` attributes.
struct ResourceIdentity: Sendable {
    var physicalId: String
    var arn: String?
    var ref: JSONValue
    var attributes: [String: JSONValue]
}

/// A problem with one property of a resource; the loader adds file, line and logical id.
struct PropertyProblem: Error {
    /// The property the problem is in, used to find its line.
    var key: String?
    var message: String

    init(_ key: String?, _ message: String) {
        self.key = key
        self.message = message
    }
}

extension ResourceCatalog {
    /// The physical id, ARN, `!Ref` value and attributes of a resource, derived deterministically
    /// from the stack name, the logical id and the resolved properties.
    static func identity(type: String, logicalId: String, properties: JSONValue, context: AWSContext) throws(PropertyProblem) -> ResourceIdentity {
        let stack = context.stackName
        var ids = DeterministicID(stack, logicalId, type)
        func name(_ key: String, maxLength: Int = 80) throws(PropertyProblem) -> String {
            if let given = try optionalString(properties, key) { return given }
            return DeterministicID.generatedName(stack: stack, logicalId: logicalId, maxLength: maxLength)
        }
        func plain(_ id: String) -> ResourceIdentity {
            ResourceIdentity(physicalId: id, arn: nil, ref: .string(id), attributes: [:])
        }
        let region = context.region, account = context.accountId, partition = context.partition

        switch type {
        case "AWS::SQS::Queue":
            let queue = try name("QueueName")
            let arn = context.queueArn(queue), url = context.queueURL(queue)
            return ResourceIdentity(physicalId: queue, arn: arn, ref: .string(url),
                                    attributes: ["Arn": .string(arn), "QueueName": .string(queue), "QueueUrl": .string(url)])
        case "AWS::SNS::Topic":
            let topic = try name("TopicName", maxLength: 256)
            let arn = context.topicArn(topic)
            return ResourceIdentity(physicalId: topic, arn: arn, ref: .string(arn),
                                    attributes: ["TopicArn": .string(arn), "TopicName": .string(topic)])
        case "AWS::SNS::Subscription":
            guard let topicArn = try optionalString(properties, "TopicArn") else {
                throw PropertyProblem("TopicArn", "TopicArn is required")
            }
            let arn = "\(topicArn):\(ids.uuid())"
            return ResourceIdentity(physicalId: arn, arn: arn, ref: .string(arn), attributes: [:])
        case "AWS::Lambda::Function":
            let function = try name("FunctionName", maxLength: 64)
            let arn = context.functionArn(function)
            return ResourceIdentity(physicalId: function, arn: arn, ref: .string(function), attributes: ["Arn": .string(arn)])
        case "AWS::Lambda::EventSourceMapping":
            let uuid = ids.uuid()
            let arn = "arn:\(partition):lambda:\(region):\(account):event-source-mapping:\(uuid)"
            return ResourceIdentity(physicalId: uuid, arn: arn, ref: .string(uuid),
                                    attributes: ["Id": .string(uuid), "EventSourceMappingArn": .string(arn)])
        case "AWS::DynamoDB::Table":
            let table = try name("TableName", maxLength: 255)
            let arn = context.tableArn(table)
            var attributes: [String: JSONValue] = ["Arn": .string(arn)]
            if properties["StreamSpecification"] != nil {
                attributes["StreamArn"] = .string("\(arn)/stream/2024-01-01T00:00:00.000")
            }
            return ResourceIdentity(physicalId: table, arn: arn, ref: .string(table), attributes: attributes)
        case "AWS::CloudWatch::Alarm":
            let alarm = try name("AlarmName", maxLength: 255)
            let arn = context.alarmArn(alarm)
            return ResourceIdentity(physicalId: alarm, arn: arn, ref: .string(alarm), attributes: ["Arn": .string(arn)])
        case "AWS::KMS::Key":
            let keyId = ids.uuid()
            let arn = context.keyArn(keyId)
            return ResourceIdentity(physicalId: keyId, arn: arn, ref: .string(keyId),
                                    attributes: ["Arn": .string(arn), "KeyId": .string(keyId)])
        case "AWS::KMS::Alias":
            guard let alias = try optionalString(properties, "AliasName") else { throw PropertyProblem("AliasName", "AliasName is required") }
            guard alias.hasPrefix("alias/"), alias.count > 6 else {
                throw PropertyProblem("AliasName", "AliasName '\(alias)' must start with 'alias/'")
            }
            return ResourceIdentity(physicalId: alias, arn: context.aliasArn(alias), ref: .string(alias), attributes: [:])
        case "AWS::Logs::LogGroup":
            let group = try name("LogGroupName", maxLength: 512)
            let arn = "arn:\(partition):logs:\(region):\(account):log-group:\(group):*"
            return ResourceIdentity(physicalId: group, arn: arn, ref: .string(group), attributes: ["Arn": .string(arn)])
        case "AWS::IAM::Role":
            let role = try name("RoleName", maxLength: 64)
            let arn = context.roleArn(role)
            let roleId = "AROA" + ids.characters(17, from: DeterministicID.upperAlphanumeric)
            return ResourceIdentity(physicalId: role, arn: arn, ref: .string(role),
                                    attributes: ["Arn": .string(arn), "RoleId": .string(roleId)])
        case "AWS::IAM::ManagedPolicy":
            let policy = try name("ManagedPolicyName", maxLength: 128)
            let arn = "arn:\(partition):iam::\(account):policy/\(policy)"
            return ResourceIdentity(physicalId: arn, arn: arn, ref: .string(arn), attributes: ["PolicyArn": .string(arn)])
        case "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::InstanceProfile":
            let kind = ["AWS::IAM::User": "user", "AWS::IAM::Group": "group", "AWS::IAM::InstanceProfile": "instance-profile"][type]!
            let nameKey = ["user": "UserName", "group": "GroupName", "instance-profile": "InstanceProfileName"][kind]!
            let given = try name(nameKey, maxLength: 64)
            let arn = "arn:\(partition):iam::\(account):\(kind)/\(given)"
            return ResourceIdentity(physicalId: given, arn: arn, ref: .string(given), attributes: ["Arn": .string(arn)])
        case "AWS::ApiGateway::RestApi":
            let apiId = ids.characters(10, from: DeterministicID.lowerAlphanumeric)
            let root = ids.characters(10, from: DeterministicID.lowerAlphanumeric)
            let arn = "arn:\(partition):apigateway:\(region)::/restapis/\(apiId)"
            return ResourceIdentity(physicalId: apiId, arn: arn, ref: .string(apiId),
                                    attributes: ["RestApiId": .string(apiId), "RootResourceId": .string(root)])
        case "AWS::ApiGateway::Stage":
            guard let stage = try optionalString(properties, "StageName") else { throw PropertyProblem("StageName", "StageName is required") }
            return plain(stage)
        case "AWS::ApiGateway::ApiKey":
            let keyId = ids.characters(10, from: DeterministicID.lowerAlphanumeric)
            return ResourceIdentity(physicalId: keyId, arn: nil, ref: .string(keyId), attributes: ["APIKeyId": .string(keyId)])
        case "AWS::ApiGateway::Model":
            return plain(try name("Name", maxLength: 128))
        default:
            break
        }
        // Everything else: an id, readable for policies and logs, alphanumeric for API Gateway.
        let id: String
        if type.hasPrefix("AWS::ApiGateway::") {
            id = ids.characters(type == "AWS::ApiGateway::Resource" || type == "AWS::ApiGateway::Deployment" ? 6 : 10,
                                from: DeterministicID.lowerAlphanumeric)
        } else {
            id = DeterministicID.generatedName(stack: stack, logicalId: logicalId, maxLength: 128)
        }
        var identity = plain(id)
        for attribute in attributes(of: type) ?? [] { identity.attributes[attribute] = .string(id) }
        return identity
    }

    /// A string property, accepting numbers as their text (as CloudFormation does).
    static func optionalString(_ properties: JSONValue, _ key: String) throws(PropertyProblem) -> String? {
        switch properties[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .number(let s)?: return s
        case let other?: throw PropertyProblem(key, "\(key) must be a string, got \(other.kindName)")
        }
    }
}
