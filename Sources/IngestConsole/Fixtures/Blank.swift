import Foundation
import IngestAPI
import IngestCore

/// Blank values of the engine's status types, for building console snapshots by hand (the benchmark and
/// the tests). Most of these types have no public memberwise initializer, so a blank is decoded from a
/// minimal JSON document and then filled in through its public properties.
enum Blank {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(json.utf8))
        } catch {
            preconditionFailure("blank \(T.self) does not decode: \(error)")
        }
    }

    static let epoch = "\"1970-01-01T00:00:00.000Z\""

    static func queue(_ name: String) -> QueueStatus {
        var q = decode(QueueStatus.self, """
        {"name":"","arn":"","url":"","visible":0,"inFlight":0,"delayed":0,"ageOfOldestMessage":0,"isDeadLetterQueue":false,
         "sourceQueues":[],"sourceSubscriptions":[],"visibilityTimeout":30,"messageRetentionPeriod":345600,"encrypted":false,
         "counters":{"sent":0,"received":0,"deleted":0,"emptyReceives":0,"expired":0,"purged":0,"deadLettered":0}}
        """)
        q.name = name
        q.arn = "arn:aws:sqs:us-east-1:000000000000:\(name)"
        q.url = "http://localhost/000000000000/\(name)"
        return q
    }

    static func subscription(endpoint: String) -> SubscriptionStatus {
        var s = decode(SubscriptionStatus.self, """
        {"arn":"","protocol":"sqs","endpoint":"","rawMessageDelivery":true,"hasFilterPolicy":false,"delivered":0,
         "filteredOut":0,"failed":0,"redrivenToDLQ":0,"failedToRedriveToDLQ":0}
        """)
        s.endpoint = endpoint
        return s
    }

    static func topic(_ name: String) -> TopicStatus {
        var t = decode(TopicStatus.self, #"{"name":"","arn":"","published":0,"archived":0,"archiveRetentionSeconds":86400,"subscriptions":[]}"#)
        t.name = name
        t.arn = "arn:aws:sns:us-east-1:000000000000:\(name)"
        return t
    }

    static func engine(startedAt: Timestamp, now: Timestamp) -> EngineStatus {
        var e = decode(EngineStatus.self, """
        {"engineVersion":"0.1.0","startedAt":\(epoch),"now":\(epoch),"region":"us-east-1","accountId":"000000000000",
         "template":"user-ingestion.yaml","storage":"memory","encryption":"none","readOnly":false,"topics":[],"queues":[],
         "moveTasks":[],"warnings":[]}
        """)
        e.startedAt = startedAt
        e.now = now
        return e
    }

    static func function(_ name: String, handler: String) -> FunctionSummary {
        var f = decode(FunctionSummary.self, """
        {"name":"","handler":"","handlerSource":"template","timeoutSeconds":30,"memorySizeMB":128,"environment":{},
         "running":0,"invocations":0,"errors":0,"timeouts":0,"throttles":0}
        """)
        f.name = name
        f.handler = handler
        return f
    }

    static func mapping(_ logicalId: String, function: String, source: String) -> MappingSummary {
        var m = decode(MappingSummary.self, #"{"logicalId":"","uuid":"","function":"","source":"","enabled":true,"batchSize":10}"#)
        m.logicalId = logicalId
        m.uuid = "uuid-" + logicalId
        m.function = function
        m.source = source
        return m
    }

    static func streamConsumer(mapping: String, function: String, table: String) -> StreamConsumerStatus {
        var s = decode(StreamConsumerStatus.self, """
        {"mapping":"","function":"","table":"","enabled":true,"lag":0,"retrying":false,"attempts":0,"discardedBatches":0}
        """)
        s.mapping = mapping
        s.function = function
        s.table = table
        return s
    }

    static func alarm(_ name: String, metric: MetricKey) -> AlarmSummary {
        var a = decode(AlarmSummary.self, """
        {"name":"","arn":"","state":"OK","threshold":1,"comparison":"GreaterThanOrEqualToThreshold","comparisonSymbol":">=",
         "since":\(epoch),"reason":"","metric":{"namespace":"","name":"","dimensions":{}},"statistic":"Maximum","period":60,
         "datapointsToAlarm":1,"evaluationPeriods":1,"treatMissingData":"missing","actionsEnabled":true,"actionCount":0}
        """)
        a.name = name
        a.arn = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:\(name)"
        a.metric = metric
        return a
    }

    static func table(_ name: String) -> TableSummary {
        var t = decode(TableSummary.self, """
        {"name":"","logicalId":"","arn":"","keySchema":"user_id (S, HASH)","hashKey":{"name":"user_id","type":"S"},
         "itemCount":0,"sizeBytes":0,"billingMode":"PAY_PER_REQUEST","streamRecordCount":0,"writes":0,"conditionalCheckFailures":0}
        """)
        t.name = name
        t.logicalId = name
        t.arn = "arn:aws:dynamodb:us-east-1:000000000000:table/\(name)"
        return t
    }

    static func moveTask(source: String) -> MoveTaskInfo {
        var m = decode(MoveTaskInfo.self, #"{"status":"RUNNING","sourceArn":"","approximateNumberOfMessagesMoved":0,"approximateNumberOfMessagesToMove":0,"startedTimestamp":0}"#)
        m.sourceArn = "arn:aws:sqs:us-east-1:000000000000:\(source)"
        return m
    }

    static func deadLetter(_ id: String, body: String, cursor: UInt64) -> DeadLetterView {
        var d = decode(DeadLetterView.self, """
        {"cursor":0,"messageId":"","body":"","attributes":{},"receiveCount":0,"state":"visible","sentTimestamp":\(epoch),
         "arrivedAt":\(epoch)}
        """)
        d.messageId = id
        d.body = body
        d.cursor = cursor
        return d
    }

    static func page(queue: String, total: Int, messages: [DeadLetterView], next: UInt64?) -> DeadLetterPage {
        var p = decode(DeadLetterPage.self, #"{"queue":"","total":0,"messages":[]}"#)
        p.queue = queue
        p.total = total
        p.messages = messages
        p.nextCursor = next
        return p
    }

    static func snapshot(status: EngineStatus) -> ConsoleSnapshot {
        ConsoleSnapshot(status: status, functions: [], mappings: [], alarms: [], tables: [], gateway: GatewayTraffic(url: nil),
                        logs: [], lastLogId: 0)
    }
}
