import IngestAPI
import IngestCore

extension PipelineRuntime {
    /// Everything the operations console shows, in one value (see ``ConsoleSnapshot``). Costs the same at any
    /// queue depth: queues report counts, and at most `logLimit` log lines after `logsAfter` are copied.
    func consoleSnapshot(logsAfter: UInt64?, logLimit: Int = 2_000, host: EngineHostInfo) async -> ConsoleSnapshot {
        let status = host.complete(await engine.status())
        let lastId = logBook.lastId
        // First attach: the newest lines, not the whole book.
        let logs = logBook.query(LogQuery(afterId: logsAfter, limit: max(1, min(logLimit, 10_000))))
        return ConsoleSnapshot(status: status, functions: await functions.summaries(), mappings: await mappingSummaries(),
                               alarms: await alarms.summaries(), tables: await tables.summaries(),
                               gateway: gatewayTraffic(url: status.gatewayURL), logs: logs, lastLogId: lastId,
                               handlers: functions.handlers.names)
    }

    /// The gateway's request counts in the last complete minute and the minute in progress, from `AWS/ApiGateway`.
    func gatewayTraffic(url: String?) -> GatewayTraffic {
        let store = metrics.snapshot()
        let thisMinute = MetricStore.periodStart(of: clock.now(), period: 60)
        let lastMinute = thisMinute.adding(seconds: -60)
        var traffic = GatewayTraffic(url: url)
        var latencySum = 0.0
        for key in store.keys(namespace: "AWS/ApiGateway") {
            let last = store.statistics(key, from: lastMinute, to: thisMinute)
            let now = store.statistics(key, from: thisMinute, to: thisMinute.adding(seconds: 60))
            switch key.name {
            case "Count":
                traffic.requestsLastMinute += Int(last?.sum ?? 0)
                traffic.requestsThisMinute += Int(now?.sum ?? 0)
            case "4XXError": traffic.clientErrorsLastMinute += Int(last?.sum ?? 0)
            case "5XXError": traffic.serverErrorsLastMinute += Int(last?.sum ?? 0)
            case "Latency": latencySum += last?.sum ?? 0
            default: break
            }
        }
        if traffic.requestsLastMinute > 0 { traffic.latencyMillis = latencySum / Double(traffic.requestsLastMinute) }
        return traffic
    }
}
