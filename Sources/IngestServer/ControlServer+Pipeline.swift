import Hummingbird
import IngestAPI
import IngestCore

extension ControlServer {
    /// Routes for functions, mappings, streams, metrics, alarms, keys' usage and the console's snapshot.
    func addPipelineRoutes(to router: Router<BasicRequestContext>) {
        let p = pipeline
        let host = self.host
        router.register(ListFunctionsOperation.self) { _ in await p.functions.summaries() }
        router.register(ListMappingsOperation.self) { _ in await p.mappingSummaries() }
        router.register(ConfigureFunctionOperation.self) { op in
            try await p.configureFunction(op.name, handler: op.body.handler, environment: op.body.environment, enabled: op.body.enabled)
        }
        router.register(UpdateFunctionCodeOperation.self) { op in
            guard op.body.path.hasPrefix("/") else {
                throw SQSError.invalidParameterValue("the code path must be absolute on the engine's machine, got '\(op.body.path)'")
            }
            return try await p.updateFunctionCode(op.name, code: .path(op.body.path), runtime: op.body.runtime, handler: op.body.handler)
        }
        router.register(ReplayStreamOperation.self) { op in
            try await p.replayStream(mapping: op.body.mapping, sequence: op.body.sequence, time: op.body.time)
        }
        router.register(ListAlarmsOperation.self) { _ in await p.alarms.summaries() }
        router.register(AlarmHistoryOperation.self) { op in try await p.alarms.history(op.name) }
        router.register(MetricsOperation.self) { op in p.metricSeries(namespace: op.namespace, minutes: op.minutes) }
        router.register(KeyUsageOperation.self) { _ in p.usage.usage() }
        router.register(ConsoleSnapshotOperation.self) { op in await p.consoleSnapshot(logsAfter: op.logsAfter, logLimit: op.logLimit, host: host) }
    }
}
