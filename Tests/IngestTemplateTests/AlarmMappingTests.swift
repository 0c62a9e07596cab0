import IngestCore
@testable import IngestTemplate
import Testing

@Suite("Alarm definitions: AWS::CloudWatch::Alarm parsing and PutMetricAlarm validation")
struct AlarmMappingTests {
    let context = AWSContext(region: "us-east-1", accountId: "123456789012")
    var mapper: DefinitionMapper { DefinitionMapper(file: "template.yaml", context: context) }

    /// The seed's SNS DLQ alarm, as the template loader resolves it.
    var seedProperties: [String: JSONValue] {
        [
            "AlarmName": "UserIngestionSnsDlqApproximateNumberOfMessagesVisible",
            "AlarmDescription": "Alarms if the DLQ has too many messages",
            "Namespace": "AWS/SQS",
            "MetricName": "ApproximateNumberOfMessagesVisible",
            "Dimensions": [["Name": "QueueName", "Value": "demo-user-ingestion-sns-dead-letter-queue"]],
            "Statistic": "Maximum",
            "Period": 300,
            "EvaluationPeriods": 3,
            "DatapointsToAlarm": 2,
            "Threshold": 1,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching",
        ]
    }

    func resource(_ properties: [String: JSONValue], physicalId: String = "", arn: String? = nil) -> ResourceDefinition {
        ResourceDefinition(logicalId: "SnsDlqAlarm", type: "AWS::CloudWatch::Alarm", physicalId: physicalId, arn: arn,
                           status: .runs, properties: .object(properties), location: "template.yaml:1")
    }

    func parse(_ properties: [String: JSONValue]) throws(AlarmError) -> AlarmDefinition {
        try mapper.alarm(resource(properties))
    }

    func error(_ properties: [String: JSONValue]) -> AlarmError? {
        do {
            _ = try parse(properties)
            return nil
        } catch {
            return error
        }
    }

    func with(_ changes: [String: JSONValue?]) -> [String: JSONValue] {
        var p = seedProperties
        for (k, v) in changes { p[k] = v }
        return p
    }

    @Test("parses the seed's DLQ alarm from resolved properties")
    func parsesSeedAlarm() throws {
        let d = try parse(seedProperties)
        #expect(d.logicalId == "SnsDlqAlarm")
        #expect(d.name == "UserIngestionSnsDlqApproximateNumberOfMessagesVisible")
        #expect(d.arn == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:UserIngestionSnsDlqApproximateNumberOfMessagesVisible")
        #expect(d.description == "Alarms if the DLQ has too many messages")
        #expect(d.metricKey == MetricKey.sqs("ApproximateNumberOfMessagesVisible", queue: "demo-user-ingestion-sns-dead-letter-queue"))
        #expect(d.statistic == .maximum)
        #expect(d.period == 300)
        #expect(d.evaluationPeriods == 3)
        #expect(d.datapointsToAlarm == 2)
        #expect(d.datapointsToAlarmSpecified)
        #expect(d.threshold == 1)
        #expect(d.comparisonOperator == .greaterThanOrEqualToThreshold)
        #expect(d.treatMissingData == .notBreaching)
        #expect(d.actionsEnabled)
        #expect(d.alarmActions.isEmpty && d.okActions.isEmpty && d.insufficientDataActions.isEmpty)
        #expect(d.unit == nil)
    }

    @Test("numbers may be given as numeric strings")
    func numericStrings() throws {
        let d = try parse(with(["Period": "60", "EvaluationPeriods": "5", "DatapointsToAlarm": "4", "Threshold": "30.5"]))
        #expect(d.period == 60)
        #expect(d.evaluationPeriods == 5)
        #expect(d.datapointsToAlarm == 4)
        #expect(d.threshold == 30.5)
        #expect(error(with(["Threshold": "lots"]))?.message == "Threshold must be a number, got 'lots'")
        #expect(error(with(["Period": 300.5]))?.message == "Period must be an integer, got 300.5")
    }

    @Test("DatapointsToAlarm defaults to EvaluationPeriods; TreatMissingData to missing; ActionsEnabled to true")
    func defaults() throws {
        let d = try parse(with(["DatapointsToAlarm": nil, "TreatMissingData": nil, "AlarmDescription": nil]))
        #expect(d.datapointsToAlarm == 3)
        #expect(!d.datapointsToAlarmSpecified)
        #expect(d.treatMissingData == .missing)
        #expect(d.actionsEnabled)
        #expect(d.description == nil)
    }

    @Test("ActionsEnabled takes a boolean or the strings true and false")
    func actionsEnabledForms() throws {
        #expect(try parse(with(["ActionsEnabled": false])).actionsEnabled == false)
        #expect(try parse(with(["ActionsEnabled": "false"])).actionsEnabled == false)
        #expect(try parse(with(["ActionsEnabled": "true"])).actionsEnabled == true)
        #expect(error(with(["ActionsEnabled": "maybe"]))?.message == "ActionsEnabled must be true or false, got 'maybe'")
    }

    @Test("the name falls back to the physical id and the ARN to the context")
    func nameAndArnFallbacks() throws {
        var p = seedProperties
        p["AlarmName"] = nil
        let d = try mapper.alarm(resource(p, physicalId: "ingest-SnsDlqAlarm-ABC123"))
        #expect(d.name == "ingest-SnsDlqAlarm-ABC123")
        #expect(d.arn == context.alarmArn("ingest-SnsDlqAlarm-ABC123"))
        let given = try mapper.alarm(resource(seedProperties, arn: "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:x"))
        #expect(given.arn == "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:x")
        let unnamed = try mapper.alarm(resource(p))
        #expect(unnamed.name == "SnsDlqAlarm")
    }

    @Test("actions and Unit are read")
    func actionsAndUnit() throws {
        let topic = "arn:aws:sns:us-east-1:123456789012:alarms"
        let d = try parse(with(["AlarmActions": [.string(topic)], "OKActions": [.string(topic)],
                                "InsufficientDataActions": [], "Unit": "Seconds"]))
        #expect(d.alarmActions == [topic])
        #expect(d.okActions == [topic])
        #expect(d.actions(for: .alarm) == [topic])
        #expect(d.actions(for: .insufficientData).isEmpty)
        #expect(d.unit == "Seconds")
        #expect(error(with(["Unit": "Parsecs"]))?.code == "InvalidParameterValue")
    }

    @Test("Period must be 10, 20, 30 or a multiple of 60", arguments: [
        (10, true), (20, true), (30, true), (60, true), (300, true), (3600, true),
        (0, false), (-60, false), (1, false), (15, false), (45, false), (90, false), (301, false),
    ])
    func periodRule(period: Int, valid: Bool) {
        let e = error(with(["Period": .int(period), "EvaluationPeriods": 1, "DatapointsToAlarm": 1]))
        if valid {
            #expect(e == nil)
        } else {
            #expect(e?.code == "ValidationError")
            #expect(e?.message == "Period must be 10, 20, 30 or a multiple of 60 seconds, got \(period)")
        }
    }

    @Test("Period × EvaluationPeriods is at most one day under an hour's period and seven days otherwise", arguments: [
        (60, 1440, true), (60, 1441, false), (300, 288, true), (300, 289, false), (10, 8640, true), (10, 8641, false),
        (3600, 168, true), (3600, 169, false), (86_400, 7, true), (86_400, 8, false),
    ])
    func spanRule(period: Int, evaluationPeriods: Int, valid: Bool) {
        let e = error(with(["Period": .int(period), "EvaluationPeriods": .int(evaluationPeriods), "DatapointsToAlarm": 1]))
        #expect((e == nil) == valid)
        if !valid { #expect(e?.message.hasPrefix("Period × EvaluationPeriods must be at most") == true) }
    }

    @Test("DatapointsToAlarm must be between 1 and EvaluationPeriods", arguments: [0, 4, -1])
    func datapointsRule(m: Int) {
        let e = error(with(["DatapointsToAlarm": .int(m)]))
        #expect(e?.message == "DatapointsToAlarm must be between 1 and EvaluationPeriods (3), got \(m)")
        #expect(error(with(["EvaluationPeriods": 0, "DatapointsToAlarm": nil]))?.message == "EvaluationPeriods must be at least 1, got 0")
    }

    @Test("ExtendedStatistic is not supported")
    func extendedStatistic() {
        let e = error(with(["Statistic": nil, "ExtendedStatistic": "p99"]))
        #expect(e?.code == "NotSupported")
        #expect(e?.message == "ExtendedStatistic (p99) is not supported; use Statistic")
        let both = error(with(["ExtendedStatistic": "p99"]))
        #expect(both?.code == "InvalidParameterCombination")
    }

    @Test("metric math alarms (Metrics) are not supported")
    func metricMath() {
        let e = error(["AlarmName": "math", "Metrics": [["Id": "m1", "Expression": "SUM(METRICS())"]],
                       "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold", "Threshold": 1])
        #expect(e?.code == "NotSupported")
        #expect(e?.description == "alarm math: metric math alarms (Metrics) are not supported; use Namespace, MetricName and Statistic")
    }

    @Test("anomaly-detection operators are not supported; unknown values are rejected")
    func unknownValues() {
        #expect(error(with(["ComparisonOperator": "LessThanLowerOrGreaterThanUpperThreshold"]))?.code == "NotSupported")
        #expect(error(with(["ComparisonOperator": "EqualTo"]))?.code == "InvalidParameterValue")
        #expect(error(with(["Statistic": "Median"]))?.message == "Statistic 'Median' is not one of SampleCount, Average, Sum, Minimum, Maximum")
        #expect(error(with(["TreatMissingData": "skip"]))?.message == "TreatMissingData 'skip' is not one of breaching, notBreaching, ignore, missing")
    }

    @Test("each state takes at most 5 actions")
    func actionLimit() {
        let six = JSONValue.array((1...6).map { .string("arn:aws:sns:us-east-1:123456789012:t\($0)") })
        let five = JSONValue.array((1...5).map { .string("arn:aws:sns:us-east-1:123456789012:t\($0)") })
        #expect(error(with(["AlarmActions": five, "OKActions": five, "InsufficientDataActions": five])) == nil)
        for property in ["AlarmActions", "OKActions", "InsufficientDataActions"] {
            #expect(error(with([property: six]))?.message == "\(property) takes at most 5 actions, got 6")
        }
        #expect(error(with(["AlarmActions": [1]]))?.message == "AlarmActions entries must be strings, got number")
    }

    @Test("missing required properties are named", arguments: [
        "Namespace", "MetricName", "Statistic", "Period", "EvaluationPeriods", "Threshold", "ComparisonOperator",
    ])
    func required(property: String) {
        let e = error(with([property: nil]))
        #expect(e?.code == "MissingParameter")
        #expect(e?.message == "\(property) is required")
    }

    @Test("errors name the alarm")
    func errorsNameTheAlarm() {
        let e = error(with(["Period": 7]))
        #expect(e?.alarm == "UserIngestionSnsDlqApproximateNumberOfMessagesVisible")
        #expect(e?.description == "alarm UserIngestionSnsDlqApproximateNumberOfMessagesVisible: Period must be 10, 20, 30 or a multiple of 60 seconds, got 7")
    }

    @Test("Dimensions are Name/Value pairs without duplicates")
    func dimensions() throws {
        let two = try parse(with(["Dimensions": [["Name": "QueueName", "Value": "q"], ["Name": "Env", "Value": "prod"]]]))
        #expect(two.dimensions == ["QueueName": "q", "Env": "prod"])
        #expect(error(with(["Dimensions": [["Name": "QueueName"]]]))?.message == "each dimension needs a Name and a Value")
        #expect(error(with(["Dimensions": [["Name": "Q", "Value": "a"], ["Name": "Q", "Value": "b"]]]))?.message == "dimension Q is given twice")
        #expect(error(with(["Dimensions": "QueueName=q"]))?.message == "Dimensions must be a list of {Name, Value}, got string")
    }

    @Test("alarms on AWS/DynamoDB metrics always ignore missing data")
    func dynamoIgnores() throws {
        let d = try parse(with(["Namespace": "AWS/DynamoDB", "MetricName": "ThrottledRequests"]))
        #expect(d.treatMissingData == .notBreaching)
        #expect(d.effectiveTreatMissingData == .ignore)
        #expect(try parse(seedProperties).effectiveTreatMissingData == .notBreaching)
    }

    @Test("a definition built in code is validated the same way")
    func memberwiseValidation() {
        let d = AlarmDefinition(name: "x", namespace: "AWS/SQS", metricName: "M", statistic: .sum, period: 45,
                                evaluationPeriods: 1, threshold: 1, comparisonOperator: .greaterThanThreshold)
        #expect(throws: AlarmError.self) { try d.validate() }
        #expect(d.arn == "arn:aws:cloudwatch:us-east-1:000000000000:alarm:x")
    }
}
