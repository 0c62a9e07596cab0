import IngestCore
import IngestTemplate
import Testing

@Suite("Resource status and identity")
struct ResourceStatusTests {
    private static let yaml = """
        Resources:
          Queue:
            Type: AWS::SQS::Queue
          Topic:
            Type: AWS::SNS::Topic
          Sub:
            Type: AWS::SNS::Subscription
            Properties: {TopicArn: !Ref Topic, Protocol: sqs, Endpoint: !GetAtt Queue.Arn}
          Fn:
            Type: AWS::Lambda::Function
          Esm:
            Type: AWS::Lambda::EventSourceMapping
            Properties: {FunctionName: !Ref Fn, EventSourceArn: !GetAtt Queue.Arn}
          Table:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
              KeySchema: [{AttributeName: id, KeyType: HASH}]
              AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
          Alarm:
            Type: AWS::CloudWatch::Alarm
            Properties:
              {Namespace: AWS/SQS, MetricName: NumberOfMessagesSent, Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 1,
               ComparisonOperator: GreaterThanThreshold}
          Api:
            Type: AWS::ApiGateway::RestApi
          Stage:
            Type: AWS::ApiGateway::Stage
            Properties: {StageName: prod, RestApiId: !Ref Api}
          Key:
            Type: AWS::KMS::Key
          Alias:
            Type: AWS::KMS::Alias
            Properties: {AliasName: alias/k, TargetKeyId: !Ref Key}
          Logs:
            Type: AWS::Logs::LogGroup
          Role:
            Type: AWS::IAM::Role
          Policy:
            Type: AWS::IAM::Policy
          QueuePolicy:
            Type: AWS::SQS::QueuePolicy
          TopicPolicy:
            Type: AWS::SNS::TopicPolicy
          Permission:
            Type: AWS::Lambda::Permission
          Bucket:
            Type: AWS::S3::Bucket
            Properties: {BucketName: b}
        """

    @Test("each type gets its status; every resource is listed in template order")
    func statuses() throws {
        let definition = try Fixtures.load(Self.yaml)
        let statuses = Dictionary(uniqueKeysWithValues: definition.resources.map { ($0.logicalId, $0.status) })
        #expect(definition.resources.map(\.logicalId) == [
            "Queue", "Topic", "Sub", "Fn", "Esm", "Table", "Alarm", "Api", "Stage", "Key", "Alias", "Logs", "Role", "Policy",
            "QueuePolicy", "TopicPolicy", "Permission", "Bucket",
        ])
        for id in ["Queue", "Topic", "Sub", "Fn", "Esm", "Table", "Alarm", "Key", "Alias"] { #expect(statuses[id] == .runs, "\(id)") }
        for id in ["Api", "Stage"] { #expect(statuses[id] == .notYetRun, "\(id)") }
        for id in ["Role", "Policy", "QueuePolicy", "TopicPolicy", "Permission", "Logs"] { #expect(statuses[id] == .notEnforced, "\(id)") }
        #expect(statuses["Bucket"] == .unknown)
        #expect(try Fixtures.loadTemplate(Self.yaml).resource("Bucket")?.properties == ["BucketName": "b"])
    }

    @Test("an unknown type earns a warning naming it")
    func unknownTypeWarning() throws {
        let definition = try Fixtures.load(Self.yaml)
        #expect(definition.warnings == ["Resource Bucket has type AWS::S3::Bucket which ingest does not know; it is listed but not created"])
    }

    @Test("GetAtt of an unknown type's attribute is an error")
    func unknownTypeAttribute() throws {
        let yaml = Self.yaml + "\n  Probe:\n    Type: AWS::Logs::LogGroup\n    Properties: {V: !GetAtt Bucket.Arn}\n"
        let error = try #require(Fixtures.failure(yaml))
        #expect(error.message.contains("ingest does not know type AWS::S3::Bucket"))
    }

    @Test("names are generated deterministically as <stack>-<LogicalId>-<12 characters>")
    func generatedNames() throws {
        let first = try Fixtures.load(Self.yaml)
        let second = try Fixtures.load(Self.yaml)
        #expect(first == second)
        let queueName = try #require(first.queue("Queue")?.name)
        #expect(queueName.hasPrefix("teststack-Queue-"))
        let suffix = queueName.dropFirst("teststack-Queue-".count)
        #expect(suffix.count == 12)
        #expect(suffix.allSatisfy { $0.isUppercase || $0.isNumber })
        #expect(first.topics.first?.name.hasPrefix("teststack-Topic-") == true)
    }

    @Test("Ref and GetAtt values follow the resource type")
    func identities() throws {
        let yaml = Self.yaml + """

              Probe:
                Type: AWS::Logs::LogGroup
                Properties:
                  Sub: !Ref Sub
                  Esm: !Ref Esm
                  EsmId: !GetAtt Esm.Id
                  Key: !Ref Key
                  KeyArn: !GetAtt Key.Arn
                  Alias: !Ref Alias
                  Api: !Ref Api
                  Root: !GetAtt Api.RootResourceId
                  Stage: !Ref Stage
                  Role: !GetAtt Role.Arn
                  RoleId: !GetAtt Role.RoleId
                  Alarm: !GetAtt Alarm.Arn
                  TableArn: !GetAtt Table.Arn
                  Fn: !GetAtt Fn.Arn
            """
        let p = try #require(try Fixtures.loadTemplate(yaml).resource("Probe")?.properties)
        let sub = try #require(p["Sub"]?.stringValue)
        let topicArn = try #require(try Fixtures.load(Self.yaml).topics.first.map { Fixtures.context.topicArn($0.name) })
        #expect(sub.hasPrefix(topicArn + ":"))
        let uuid = #/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/#
        #expect(sub.dropFirst(topicArn.count + 1).wholeMatch(of: uuid) != nil)
        #expect(p["Esm"] == p["EsmId"])
        #expect(p["Esm"]?.stringValue?.wholeMatch(of: uuid) != nil)
        let key = try #require(p["Key"]?.stringValue)
        #expect(key.wholeMatch(of: uuid) != nil)
        #expect(p["KeyArn"]?.stringValue == "arn:aws:kms:eu-west-1:123456789012:key/\(key)")
        #expect(p["Alias"] == "alias/k")
        #expect(p["Api"]?.stringValue?.wholeMatch(of: #/[a-z0-9]{10}/#) != nil)
        #expect(p["Root"]?.stringValue?.wholeMatch(of: #/[a-z0-9]{10}/#) != nil)
        #expect(p["Stage"] == "prod")
        #expect(p["Role"]?.stringValue?.hasPrefix("arn:aws:iam::123456789012:role/teststack-Role-") == true)
        #expect(p["RoleId"]?.stringValue?.hasPrefix("AROA") == true)
        #expect(p["Alarm"]?.stringValue?.hasPrefix("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:teststack-Alarm-") == true)
        #expect(p["TableArn"]?.stringValue?.hasPrefix("arn:aws:dynamodb:eu-west-1:123456789012:table/teststack-Table-") == true)
        #expect(p["Fn"]?.stringValue?.hasPrefix("arn:aws:lambda:eu-west-1:123456789012:function:teststack-Fn-") == true)
    }

    @Test("a different stack name gives different generated names")
    func stackNameMatters() throws {
        var context = Fixtures.context
        context.stackName = "other"
        let definition = try TemplateLoader(context: context).load(text: Self.yaml, file: "t.yaml")
        #expect(definition.queue("Queue")?.name.hasPrefix("other-Queue-") == true)
    }
}
