import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestCore
import IngestHandlers
import IngestServer
import IngestTestSupport
import Testing

/// CloudWatch (RPC v2 CBOR, JSON 1.0, query) and CloudWatch Logs (JSON 1.1) in process, through the
/// endpoint's routes, against a fixture pipeline with a function and a DLQ alarm.
@Suite("AWS CloudWatch and Logs services in process", .timeLimit(.minutes(1)))
struct AWSCloudWatchServiceTests {
    static let target = HTTPField.Name("X-Amz-Target")!
    static let smithy = HTTPField.Name("smithy-protocol")!
    static let queryError = HTTPField.Name("x-amzn-query-error")!

    func pipeline() throws -> (PipelineRuntime, ManualClock) {
        var d = Fixtures.seedLike()
        d.functions = [Fixtures.function("worker", handler: BuiltinHandlers.names.first!)]
        d.alarms = [AlarmDefinition(name: "MetadataDlqVisible", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible",
                                    dimensions: ["QueueName": "metadata-dlq"], statistic: .maximum, period: 60, evaluationPeriods: 1,
                                    threshold: 1, comparisonOperator: .greaterThanOrEqualToThreshold, context: d.context)]
        let clock = ManualClock()
        return (try PipelineRuntime(definition: d, handlers: BuiltinHandlers.registry, clock: clock), clock)
    }

    func app(_ p: PipelineRuntime) -> some ApplicationProtocol {
        let router = Router()
        AWSServer(pipeline: p, fallbackEndpoint: "http://127.0.0.1:4566").addRoutes(to: router)
        return Application(router: router)
    }

    /// An RPC v2 CBOR call: status, headers and the decoded reply.
    func cbor(_ client: some TestClientProtocol, _ op: String, _ body: CBORValue?, service: String = "GraniteServiceVersion20100801",
              contentType: String = "application/cbor") async throws -> (HTTPResponse.Status, HTTPFields, CBORValue?) {
        var headers: HTTPFields = [Self.smithy: "rpc-v2-cbor", .accept: "application/cbor"]
        if body != nil { headers[.contentType] = contentType }
        return try await client.execute(uri: "/service/\(service)/operation/\(op)", method: .post, headers: headers,
                                        body: body.map { ByteBuffer(bytes: CBOREncoder.encode($0)) }) { r in
            let bytes = Array(r.body.readableBytesView)
            return (r.status, r.headers, bytes.isEmpty ? nil : try CBORDecoder.decode(bytes))
        }
    }

    func json(_ client: some TestClientProtocol, _ target: String, _ body: JSONValue, version: String = "1.0") async throws -> (HTTPResponse.Status, HTTPFields, JSONValue) {
        try await client.execute(uri: "/", method: .post, headers: [Self.target: target, .contentType: "application/x-amz-json-\(version)"],
                                 body: ByteBuffer(string: body.serialized())) { r in
            (r.status, r.headers, try JSONValue.parse(String(buffer: r.body)))
        }
    }

    @Test("RPC v2 CBOR: describe the template's alarm, put one, set its state, read its history, delete it; errors are CBOR with __type")
    func cborAlarms() async throws {
        let (p, _) = try pipeline()
        try await app(p).test(.router) { client in
            let (s, h, reply) = try await cbor(client, "DescribeAlarms", nil)
            #expect(s == .ok && h[Self.smithy] == "rpc-v2-cbor" && h[.contentType] == "application/cbor")
            guard case .array(let alarms)? = reply?["MetricAlarms"] else { Issue.record("no MetricAlarms: \(String(describing: reply))"); return }
            #expect(alarms.count == 1 && alarms[0]["AlarmName"] == .text("MetadataDlqVisible") && alarms[0]["Threshold"] == .double(1))
            guard case .tagged(1, _)? = alarms[0]["StateUpdatedTimestamp"] else { Issue.record("timestamps are tag 1"); return }

            let put: CBORValue = .textMap([
                ("AlarmName", .text("api")), ("MetricName", .text("Errors")), ("Namespace", .text("AWS/Lambda")), ("Statistic", .text("Sum")),
                ("Dimensions", .array([.textMap([("Name", .text("FunctionName")), ("Value", .text("worker"))])])),
                ("Period", .unsigned(60)), ("EvaluationPeriods", .unsigned(2)), ("Threshold", .double(0.5)),
                ("ComparisonOperator", .text("GreaterThanThreshold")), ("ActionsEnabled", .bool(false)),
            ])
            let (s2, _, empty) = try await cbor(client, "PutMetricAlarm", put)
            #expect(s2 == .ok && (empty == nil || empty == .map([])))
            let (s3, _, _) = try await cbor(client, "SetAlarmState", .textMap([("AlarmName", .text("api")), ("StateValue", .text("ALARM")),
                                                                                ("StateReason", .text("test"))]))
            #expect(s3 == .ok)
            let api = try #require(await p.alarms.alarm("api"))
            #expect(api.state == .alarm && api.definition.dimensions == ["FunctionName": "worker"] && !api.definition.actionsEnabled)
            let (_, _, history) = try await cbor(client, "DescribeAlarmHistory", .textMap([("AlarmName", .text("api")),
                                                                                           ("StartDate", .tagged(1, .unsigned(0)))]))
            guard case .array(let items)? = history?["AlarmHistoryItems"] else { Issue.record("no history"); return }
            #expect(items.map { $0["HistoryItemType"] } == [.text("StateUpdate"), .text("ConfigurationUpdate")])

            let (s4, h4, missing) = try await cbor(client, "DeleteAlarms", .textMap([("AlarmNames", .array([.text("api"), .text("nope")]))]))
            #expect(s4 == .notFound && missing?["__type"] == .text("com.amazonaws.cloudwatch#ResourceNotFound"))
            #expect(h4[Self.queryError] == "ResourceNotFound;Sender" && h4[Self.smithy] == "rpc-v2-cbor")
            #expect(await p.alarms.alarm("api") != nil, "nothing deleted when one name is missing")
            let (s5, _, _) = try await cbor(client, "DeleteAlarms", .textMap([("AlarmNames", .array([.text("api")]))]))
            #expect(s5 == .ok)
            #expect(await p.alarms.alarm("api") == nil)

            let (s6, _, bad) = try await cbor(client, "PutMetricAlarm", .textMap([("AlarmName", .text("x"))]))
            #expect(s6 == .badRequest && bad?["__type"] == .text("com.amazonaws.cloudwatch#MissingRequiredParameterException"))
        }
    }

    @Test("RPC v2 CBOR routing: unknown service or operation 404, wrong content type 415, unreadable body 400, other protocol 400")
    func cborRouting() async throws {
        let (p, _) = try pipeline()
        try await app(p).test(.router) { client in
            let (s1, _, e1) = try await cbor(client, "Frobnicate", nil)
            #expect(s1 == .notFound && e1?["__type"] == .text("com.amazon.coral.service#UnknownOperationException"))
            let (s2, _, _) = try await cbor(client, "SendMessage", nil, service: "AmazonSQS")
            #expect(s2 == .notFound, "SQS does not speak CBOR")
            let (s3, _, _) = try await cbor(client, "DescribeAlarms", .map([]), contentType: "application/json")
            #expect(s3 == .unsupportedMediaType)
            let raw = try await client.execute(uri: "/service/GraniteServiceVersion20100801/operation/DescribeAlarms", method: .post,
                                               headers: [Self.smithy: "rpc-v2-cbor", .contentType: "application/cbor"],
                                               body: ByteBuffer(bytes: [0x83, 0x01])) { r in (r.status, try CBORDecoder.decode(Array(r.body.readableBytesView))) }
            #expect(raw.0 == .badRequest && raw.1["__type"] == .text("com.amazon.coral.service#SerializationException"))
            let list = try await client.execute(uri: "/service/GraniteServiceVersion20100801/operation/DescribeAlarms", method: .post,
                                                headers: [Self.smithy: "rpc-v2-cbor", .contentType: "application/cbor"],
                                                body: ByteBuffer(bytes: CBOREncoder.encode(.array([])))) { r in r.status }
            #expect(list == .badRequest)
            let other = try await client.execute(uri: "/service/GraniteServiceVersion20100801/operation/DescribeAlarms", method: .post,
                                                 headers: [Self.smithy: "rpc-v2-json"], body: nil) { r in r.status }
            #expect(other == .badRequest)
        }
    }

    @Test("JSON 1.0 and query: metric statistics, data and listing over recorded samples; doubles stay doubles")
    func metrics() async throws {
        let (p, clock) = try pipeline()
        let t0 = clock.now()
        let base = MetricStore.periodStart(of: t0, period: 60)
        for (i, v) in [3.0, 5.0, 4.0].enumerated() {
            p.metrics.record(namespace: "AWS/SQS", name: "NumberOfMessagesSent", dimensions: ["QueueName": "metadata"], value: v,
                             at: base.adding(seconds: 60 * i + 5))
        }
        p.metrics.record(namespace: "AWS/SQS", name: "NumberOfMessagesSent", dimensions: ["QueueName": "onboarding"], value: 1, at: base)
        let start = Double(base.millis) / 1000, end = start + 180
        try await app(p).test(.router) { client in
            let dims: JSONValue = [["Name": "QueueName", "Value": "metadata"]]
            let (s, _, stats) = try await json(client, "GraniteServiceVersion20100801.GetMetricStatistics", [
                "Namespace": "AWS/SQS", "MetricName": "NumberOfMessagesSent", "Dimensions": dims, "StartTime": .number("\(start)"),
                "EndTime": .number("\(end)"), "Period": 120, "Statistics": ["Sum", "Maximum"]])
            #expect(s == .ok)
            let points = try #require(stats["Datapoints"]?.arrayValue)
            #expect(points.map { $0["Sum"] } == [.number("8.0"), .number("4.0")] && points[0]["Maximum"] == .number("5.0"))
            let (_, _, data) = try await json(client, "GraniteServiceVersion20100801.GetMetricData", [
                "StartTime": .number("\(start)"), "EndTime": .number("\(end)"), "ScanBy": "TimestampAscending",
                "MetricDataQueries": [["Id": "m1", "MetricStat": ["Metric": ["Namespace": "AWS/SQS", "MetricName": "NumberOfMessagesSent",
                                                                          "Dimensions": dims], "Period": 60, "Stat": "Average"]]]])
            let r = try #require(data["MetricDataResults"]?.arrayValue?.first)
            #expect(r["Values"] == [.number("3.0"), .number("5.0"), .number("4.0")] && r["StatusCode"] == "Complete" && r["Label"] == "NumberOfMessagesSent")
            let (s2, h2, bad) = try await json(client, "GraniteServiceVersion20100801.GetMetricData", [
                "StartTime": .number("\(start)"), "EndTime": .number("\(end)"),
                "MetricDataQueries": [["Id": "Bad", "MetricStat": ["Metric": ["Namespace": "n", "MetricName": "m"], "Period": 60, "Stat": "Sum"]]]])
            #expect(s2 == .badRequest && bad["__type"] == "com.amazonaws.cloudwatch#ValidationError" && h2[Self.queryError] == "ValidationError;Sender")
            let (_, _, listed) = try await json(client, "GraniteServiceVersion20100801.ListMetrics", ["Dimensions": [["Name": "QueueName", "Value": "onboarding"]]])
            #expect(listed["Metrics"]?.arrayValue?.count == 1)
            let (s3, _, tooMany) = try await json(client, "GraniteServiceVersion20100801.GetMetricStatistics", [
                "Namespace": "AWS/SQS", "MetricName": "x", "StartTime": 0, "EndTime": 86_400, "Period": 1, "Statistics": ["Sum"]])
            #expect(s3 == .badRequest && tooMany["__type"] == "com.amazonaws.cloudwatch#InvalidParameterCombinationException")

            let xml = try await client.execute(uri: "/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                               body: ByteBuffer(string: "Action=ListMetrics&Version=2010-08-01&Namespace=AWS%2FSQS&Dimensions.member.1.Name=QueueName&Dimensions.member.1.Value=metadata")) { r in
                (r.status, String(buffer: r.body))
            }
            #expect(xml.0 == .ok && xml.1.contains("<Metrics><member><Namespace>AWS/SQS</Namespace><MetricName>NumberOfMessagesSent</MetricName><Dimensions><member><Name>QueueName</Name><Value>metadata</Value></member></Dimensions></member></Metrics>"), "\(xml.1)")
        }
    }

    @Test("Logs: groups per function, streams per day, filter and get events with tokens; lines are redacted; missing group is ResourceNotFoundException")
    func logs() async throws {
        let (p, clock) = try pipeline()
        let now = clock.now()
        p.logBook.append(level: .info, source: "worker", requestId: "r1", message: "START RequestId: r1", at: now)
        p.logBook.append(level: .error, source: "worker", requestId: "r1", message: "failed for jane.doe@example.com: timeout", at: now.adding(seconds: 1))
        p.logBook.append(level: .info, source: "engine", requestId: nil, message: "not a function line", at: now.adding(seconds: 1))
        p.logBook.append(level: .info, source: "worker", requestId: "r1", message: "END RequestId: r1", at: now.adding(seconds: 2))
        try await app(p).test(.router) { client in
            let (_, _, groups) = try await json(client, "Logs_20140328.DescribeLogGroups", [:], version: "1.1")
            #expect(groups["logGroups"]?.arrayValue?.map { $0["logGroupName"] } == ["/aws/lambda/worker"])
            let (_, _, streams) = try await json(client, "Logs_20140328.DescribeLogStreams", ["logGroupName": "/aws/lambda/worker"], version: "1.1")
            let stream = try #require(streams["logStreams"]?.arrayValue?.first?["logStreamName"]?.stringValue)
            #expect(stream.contains("/[$LATEST]"))
            let (_, _, all) = try await json(client, "Logs_20140328.FilterLogEvents", ["logGroupName": "/aws/lambda/worker"], version: "1.1")
            let messages = all["events"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
            #expect(messages.count == 3 && !messages.joined().contains("jane.doe@example.com"), "\(messages)")
            let (_, _, phrase) = try await json(client, "Logs_20140328.FilterLogEvents",
                                                ["logGroupName": "/aws/lambda/worker", "filterPattern": "\"RequestId: r1\" -START"], version: "1.1")
            #expect(phrase["events"]?.arrayValue?.map { $0["message"] } == ["END RequestId: r1"])
            let (_, _, paged) = try await json(client, "Logs_20140328.FilterLogEvents", ["logGroupName": "/aws/lambda/worker", "limit": 2], version: "1.1")
            let token = try #require(paged["nextToken"])
            let (_, _, rest) = try await json(client, "Logs_20140328.FilterLogEvents", ["logGroupName": "/aws/lambda/worker", "nextToken": token], version: "1.1")
            #expect(rest["events"]?.arrayValue?.count == 1 && rest["nextToken"] == nil)

            let (_, _, tail) = try await json(client, "Logs_20140328.GetLogEvents",
                                              ["logGroupName": "/aws/lambda/worker", "logStreamName": .string(stream), "limit": 1], version: "1.1")
            #expect(tail["events"]?.arrayValue?.map { $0["message"] } == ["END RequestId: r1"])
            let back = try #require(tail["nextBackwardToken"])
            let (_, _, before) = try await json(client, "Logs_20140328.GetLogEvents",
                                                ["logGroupName": "/aws/lambda/worker", "logStreamName": .string(stream), "nextToken": back], version: "1.1")
            #expect(before["events"]?.arrayValue?.count == 2)
            let forward = try #require(tail["nextForwardToken"])
            let (_, _, after) = try await json(client, "Logs_20140328.GetLogEvents",
                                               ["logGroupName": "/aws/lambda/worker", "logStreamName": .string(stream), "nextToken": forward], version: "1.1")
            #expect(after["events"]?.arrayValue?.isEmpty == true && after["nextForwardToken"] == forward, "past the end the token stays")

            let (s1, _, e1) = try await json(client, "Logs_20140328.FilterLogEvents", ["logGroupName": "/aws/lambda/nope"], version: "1.1")
            #expect(s1 == .badRequest && e1["__type"] == "com.amazonaws.logs#ResourceNotFoundException")
            let (s2, _, e2) = try await json(client, "Logs_20140328.GetLogEvents", ["logGroupName": "/aws/lambda/worker", "logStreamName": "x"], version: "1.1")
            #expect(s2 == .badRequest && e2["__type"] == "com.amazonaws.logs#ResourceNotFoundException")
            let (s3, _, e3) = try await json(client, "Logs_20140328.FilterLogEvents", ["logGroupName": "/aws/lambda/worker", "limit": 0], version: "1.1")
            #expect(s3 == .badRequest && e3["__type"] == "com.amazonaws.logs#InvalidParameterException")
            let (s4, _, e4) = try await json(client, "Logs_20140328.FilterLogEvents", ["logGroupName": "/aws/lambda/worker", "filterPattern": "{ $.a = 1 }"], version: "1.1")
            #expect(s4 == .badRequest && e4["__type"] == "com.amazonaws.logs#InvalidParameterException")
        }
    }
}
