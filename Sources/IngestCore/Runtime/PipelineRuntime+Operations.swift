extension PipelineRuntime {
    /// Every mapping, with stream consumers' positions.
    public func mappingSummaries() async -> [MappingSummary] {
        var out: [MappingSummary] = []
        for m in sqsMappings {
            let d = await m.definition
            out.append(MappingSummary(logicalId: d.logicalId, uuid: d.uuid, function: d.functionName, source: d.eventSourceArn, enabled: d.enabled,
                                      batchSize: d.batchSize, inFlightBatches: await m.inFlightBatches, stream: nil))
        }
        for m in streamMappings {
            let d = await m.definition
            out.append(MappingSummary(logicalId: d.logicalId, uuid: d.uuid, function: d.functionName, source: d.eventSourceArn, enabled: d.enabled,
                                      batchSize: d.batchSize, inFlightBatches: nil, stream: await m.status()))
        }
        return out.sorted { $0.logicalId < $1.logicalId }
    }

    /// Changes a function's handler or environment and enables or disables its mappings.
    public func configureFunction(_ name: String, body: ControlAPI.ConfigureFunctionBody) async throws -> ControlAPI.ConfigureFunctionReply {
        try await engine.requireWritableAsync("configure function")
        let fn = try await functions.configure(name, handler: body.handler, environment: body.environment)
        if let on = body.enabled {
            for m in sqsMappings where await m.definition.functionName == fn.name { await m.setEnabled(on) }
            for m in streamMappings where await m.definition.functionName == fn.name { await m.setEnabled(on) }
            logBook.append(level: .warn, source: fn.name, requestId: nil, message: "event source mappings \(on ? "enabled" : "disabled")", at: clock.now())
        }
        let mappings = await mappingSummaries().filter { $0.function == fn.name }
        if engine.store.recordsChanges {
            let enabled = body.enabled ?? mappings.first.map(\.enabled)
            try await engine.store.commit([.function(FunctionConfigRecord(name: fn.name, handler: fn.handler, environment: fn.environment,
                                                                         mappingsEnabled: mappings.isEmpty ? nil : enabled))])
        }
        return ControlAPI.ConfigureFunctionReply(function: fn, mappings: mappings)
    }

    /// Resets a stream consumer to a sequence number or a time (stream replay).
    public func replayStream(_ body: ControlAPI.StreamReplayBody) async throws -> StreamConsumerStatus {
        try await engine.requireWritableAsync("stream replay")
        for m in streamMappings {
            let d = await m.definition
            guard d.logicalId == body.mapping || d.uuid == body.mapping || d.functionName == body.mapping else { continue }
            guard body.sequence != nil || body.time != nil else { throw SQSError.invalidParameterValue("give a sequence number or a time") }
            try await m.reset(toSequence: body.sequence, orTime: body.time)
            logBook.append(level: .warn, source: d.functionName, requestId: nil,
                           message: "stream consumer \(d.logicalId) reset to \(body.sequence ?? body.time!.iso8601)", at: clock.now())
            return await m.status()
        }
        throw SQSError.resourceNotFound("No stream mapping named \(body.mapping).")
    }

    /// Recent one-minute datapoints of every metric, optionally of one namespace.
    public func metricSeries(namespace: String?, minutes: Int) -> [ControlAPI.MetricSeries] {
        let store = metrics.snapshot()
        // Minute buckets aligned like CloudWatch's, the last one being the minute in progress.
        let end = MetricStore.periodStart(of: clock.now(), period: 60).adding(seconds: 60)
        return store.keys(namespace: namespace).sorted().map { key in
            let points = store.series(key, period: 60, count: minutes, endingAt: end).compactMap { p in
                p.statistics.map { ControlAPI.MetricPoint(start: p.start, statistics: $0) }
            }
            return ControlAPI.MetricSeries(namespace: key.namespace, name: key.name, dimensions: key.dimensions, points: points)
        }
    }
}

extension Engine {
    /// Refuses a change when the engine is read-only (for callers outside the actor).
    public func requireWritableAsync(_ action: String) throws {
        try requireWritable(action)
    }
}
