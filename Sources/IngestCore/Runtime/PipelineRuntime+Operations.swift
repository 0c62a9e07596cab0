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
    /// `nil` leaves a setting as it is.
    public func configureFunction(_ name: String, handler: String?, environment: [String: String]?,
                                  enabled: Bool?) async throws -> FunctionConfiguration {
        let fn = try await functions.configure(name, handler: handler, environment: environment)
        if let on = enabled {
            for m in sqsMappings where await m.definition.functionName == fn.name { await m.setEnabled(on) }
            for m in streamMappings where await m.definition.functionName == fn.name { await m.setEnabled(on) }
            logBook.append(level: .warn, source: fn.name, requestId: nil, message: "event source mappings \(on ? "enabled" : "disabled")", at: clock.now())
        }
        return try await persist(fn, enabled: enabled)
    }

    /// Deploys code to a function without a restart (`ingest function update-code`): see `FunctionRuntime.updateCode`.
    /// The store keeps it, so the function runs that code after a restart too.
    public func updateFunctionCode(_ name: String, code: FunctionCode, runtime: String? = nil, handler: String? = nil) async throws -> FunctionConfiguration {
        let fn = try await functions.updateCode(name, code: code, runtime: runtime, handler: handler)
        return try await persist(fn, enabled: nil)
    }

    /// Records a function's runtime configuration for the store and answers it with its mappings.
    private func persist(_ fn: FunctionSummary, enabled: Bool?) async throws -> FunctionConfiguration {
        let mappings = await mappingSummaries().filter { $0.function == fn.name }
        if engine.store.recordsChanges {
            let enabled = enabled ?? mappings.first.map(\.enabled)
            let current = await functions.definition(fn.name)
            let original = definition.functions.first { $0.name == fn.name }
            let deployed = current.flatMap { $0.handler == FunctionDefinition.codeHandler && $0.code != original?.code ? $0.code : nil }
            var record = FunctionConfigRecord(name: fn.name, handler: fn.handler, environment: fn.environment,
                                              mappingsEnabled: mappings.isEmpty ? nil : enabled, code: deployed)
            if let current, current.runtime != original?.runtime || current.handlerProperty != original?.handlerProperty {
                record.runtime = current.runtime
                record.handlerProperty = current.handlerProperty
            }
            try await engine.store.commit([.function(record)])
        }
        return FunctionConfiguration(function: fn, mappings: mappings)
    }


    /// Resets a stream consumer to a sequence number or a time (stream replay). `mapping` is the mapping's
    /// logical id or UUID, or its function's name.
    public func replayStream(mapping: String, sequence: String?, time: Timestamp?) async throws -> StreamConsumerStatus {
        for m in streamMappings {
            let d = await m.definition
            guard d.logicalId == mapping || d.uuid == mapping || d.functionName == mapping else { continue }
            guard sequence != nil || time != nil else { throw SQSError.invalidParameterValue("give a sequence number or a time") }
            try await m.reset(toSequence: sequence, orTime: time)
            logBook.append(level: .warn, source: d.functionName, requestId: nil,
                           message: "stream consumer \(d.logicalId) reset to \(sequence ?? time!.iso8601)", at: clock.now())
            return await m.status()
        }
        throw SQSError.resourceNotFound("No stream mapping named \(mapping).")
    }
}
