extension FunctionDefinition {
    /// This function with its built-in handler chosen: a `--handler` override (by function name or logical id) wins
    /// and must name an available handler; otherwise the first of `handlerCandidates` that is available.
    public func resolvingHandler(overrides: [String: String], available: [String]) throws(TemplateMappingError) -> FunctionDefinition {
        var resolved = self
        if let flagged = overrides[name] ?? overrides[logicalId] {
            guard available.contains(flagged) else {
                throw fail("--handler names '\(flagged)', which is not a built-in handler (available: \(available.joined(separator: ", ")))")
            }
            resolved.handler = flagged
            resolved.handlerSource = "flag"
            return resolved
        }
        guard let match = handlerCandidates.first(where: { available.contains($0.name) }) else {
            let tried = handlerCandidates.map { "'\($0.name)'" }.joined(separator: ", ")
            throw fail("no built-in handler matches function \(name) (tried \(tried)); available: \(available.joined(separator: ", ")); set Metadata.Ingest.Handler or --handler \(name)=NAME")
        }
        resolved.handler = match.name
        resolved.handlerSource = match.source
        return resolved
    }

    private func fail(_ message: String) -> TemplateMappingError {
        TemplateMappingError(location: location, logicalId: logicalId, message: message)
    }
}
