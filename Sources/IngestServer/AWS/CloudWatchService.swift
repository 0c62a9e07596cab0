import Foundation
import IngestCore

/// The CloudWatch operations of the AWS endpoint, in the three protocols botocore's model lists: Smithy
/// RPC v2 CBOR (what botocore 1.43 and the AWS CLI pick), JSON 1.0 (`GraniteServiceVersion20100801.Op`) and
/// the query protocol (`Version=2010-08-01`, wrapped lists). Alarms are the engine's `AlarmRunner`'s, the
/// template's and those put here alike; metrics are the engine's `MetricRecorder`'s. The service keeps no state.
public struct CloudWatchService: AWSService {
    public let pipeline: PipelineRuntime

    public init(pipeline: PipelineRuntime) { self.pipeline = pipeline }
    public init(context: AWSRequestContext) { self.init(pipeline: context.pipeline) }

    public static let xmlNamespace = "http://monitoring.amazonaws.com/doc/2010-08-01/"

    public static let model: AWSServiceModel = {
        var m = AWSServiceModel(signingName: "monitoring", targetPrefix: "GraniteServiceVersion20100801", jsonVersion: "1.0",
                                queryVersion: "2010-08-01", xmlNamespace: xmlNamespace, operations: operations, flattenedQuery: false)
        m.rpcV2CBOR = true
        return m
    }()

    public static let operations: Set<String> = [
        "DescribeAlarms", "DescribeAlarmHistory", "PutMetricAlarm", "SetAlarmState", "DeleteAlarms",
        "GetMetricData", "GetMetricStatistics", "ListMetrics",
    ]

    public func call(_ action: String, _ input: AWSInput) async throws -> AWSValue {
        switch action {
        case "DescribeAlarms": return try await describeAlarms(input)
        case "DescribeAlarmHistory": return try await describeAlarmHistory(input)
        case "PutMetricAlarm": return try await putMetricAlarm(input)
        case "SetAlarmState": return try await setAlarmState(input)
        case "DeleteAlarms": return try await deleteAlarms(input)
        case "GetMetricData": return try getMetricData(input)
        case "GetMetricStatistics": return try getMetricStatistics(input)
        case "ListMetrics": return try listMetrics(input)
        default: throw AWSError.unknownOperation(action)
        }
    }

    /// CloudWatch's error shapes: the shape name goes in `__type`, the query code (`x-amzn-query-error`,
    /// `<Code>`) is the older name the model gives each, and the status the model's.
    static let codes: [String: (shape: String, query: String, status: Int)] = [
        "ResourceNotFound": ("ResourceNotFound", "ResourceNotFound", 404),
        "ResourceNotFoundException": ("ResourceNotFound", "ResourceNotFound", 404),
        "InvalidParameterValue": ("InvalidParameterValueException", "InvalidParameterValue", 400),
        "NotSupported": ("InvalidParameterValueException", "InvalidParameterValue", 400),
        "MissingParameter": ("MissingRequiredParameterException", "MissingParameter", 400),
        "InvalidParameterCombination": ("InvalidParameterCombinationException", "InvalidParameterCombination", 400),
        "LimitExceeded": ("LimitExceededFault", "LimitExceeded", 400),
        "InvalidNextToken": ("InvalidNextToken", "InvalidNextToken", 400),
        "InvalidFormat": ("InvalidFormatFault", "InvalidFormat", 400),
        "ValidationError": ("ValidationError", "ValidationError", 400),
        "ServiceUnavailable": ("ServiceUnavailable", "ServiceUnavailable", 503),
    ]

    /// An error with CloudWatch's code for `code`.
    static func error(_ code: String, _ message: String) -> AWSError {
        let known = codes[code]
        let status = known?.status ?? 400
        return AWSError(code: known?.shape ?? code, queryCode: known?.query ?? code, message: message, senderFault: status < 500, status: status,
                        namespace: "com.amazonaws.cloudwatch")
    }

    public static func wireError(_ error: any Error) -> AWSError? {
        switch error {
        case let e as AWSError:
            // Protocol errors (unknown operation, unreadable body, signatures) keep their own shape.
            // The shared input readers answer in SQS's shapes; protocol errors (unknown operation, unreadable
            // body, signatures) and this service's own keep theirs.
            return e.namespace == "com.amazonaws.sqs" ? Self.error(e.code, e.message) : e
        case let e as AlarmError: return Self.error(e.code, e.message)
        case let e as MetricQueryError: return Self.error(e.code, e.message)
        case let e as SQSError: return Self.error(e.code, e.message)
        default: return nil
        }
    }

    // MARK: - Shapes and paging

    static func dimensions(_ d: [String: String]) -> AWSValue {
        .wrappedList(d.keys.sorted().map { .structure([AWSMember("Name", .string($0)), AWSMember("Value", .string(d[$0]!))]) })
    }

    static func strings(_ list: [String]) -> AWSValue { .wrappedList(list.map(AWSValue.string)) }

    static func time(_ t: Timestamp) -> AWSValue { .timestamp(t.date) }

    /// A double as CloudWatch writes one: `1.0`, never `1`, so JSON clients read a float (botocore keeps
    /// JSON's integer otherwise); CBOR still gets a float and XML the same text.
    static func double(_ d: Double) -> AWSValue {
        guard d.isFinite else { return .double(d) }
        let text = "\(d)"
        return .raw(.number(text.contains(".") || text.contains("e") ? text : text + ".0"))
    }

    /// `MaxRecords` within `1...limit`, or the default.
    static func maxRecords(_ input: AWSInput, default value: Int, limit: Int = 100) throws(AWSError) -> Int {
        guard let n = try input.optionalInt("MaxRecords") else { return value }
        guard (1...limit).contains(n) else { throw error("InvalidParameterValue", "The parameter MaxRecords must be between 1 and \(limit), got \(n).") }
        return n
    }

    /// The offset a `NextToken` this service handed out stands for (`InvalidNextToken` for any other).
    static func offset(_ input: AWSInput) throws(AWSError) -> Int {
        guard let token = try input.optionalString("NextToken") else { return 0 }
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8), text.hasPrefix("o:"),
              let n = Int(text.dropFirst(2)), n >= 0 else {
            throw error("InvalidNextToken", "The service returned an invalid NextToken: \(token)")
        }
        return n
    }

    /// One page of `items` from the token's offset, and the token of the next page when there is one.
    static func page<T>(_ items: [T], _ input: AWSInput, size: Int) throws(AWSError) -> (items: [T], next: String?) {
        let start = try offset(input)
        guard start <= items.count else { return ([], nil) }
        let end = min(items.count, start + size)
        let next = end < items.count ? Data("o:\(end)".utf8).base64EncodedString() : nil
        return (Array(items[start..<end]), next)
    }
}
