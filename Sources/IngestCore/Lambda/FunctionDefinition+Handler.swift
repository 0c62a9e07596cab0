extension FunctionDefinition {
    /// This function with its handler chosen: a `--handler` override (by function name or logical id) wins and must
    /// name an available handler, or `code` when `runsCode`; then `Metadata.Ingest.Handler`; then the function's own
    /// code when `runsCode` (its runtime runs here and its code is there); then the first other candidate available.
    public func resolvingHandler(overrides: [String: String], available: [String], runsCode: Bool = false) throws(TemplateMappingError) -> FunctionDefinition {
        var resolved = self
        let flagged = overrides[name] ?? overrides[logicalId]
        if flagged == Self.codeHandler {
            guard runsCode else {
                throw fail("--handler \(name)=code, but its code cannot run here (runtime \(runtime ?? "none"), code \(code.map(Self.describe) ?? "none"))")
            }
            return resolved.runningCode(source: "flag")
        }
        if runsCode, flagged == nil, !handlerCandidates.contains(where: { $0.source == "metadata" }) {
            return resolved.runningCode(source: "code")
        }
        if let flagged {
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

    /// This function bound to its own code.
    func runningCode(source: String) -> FunctionDefinition {
        var resolved = self
        resolved.handler = Self.codeHandler
        resolved.handlerSource = source
        return resolved
    }

    /// Where code is, for messages and status: the path, `inline`, the S3 object or the image.
    public static func describe(_ code: FunctionCode) -> String {
        switch code {
        case .path(let p): return p
        case .inline: return "inline (ZipFile)"
        case .s3(let bucket, let key, _): return "s3://\(bucket ?? "?")/\(key)"
        case .image(let uri): return uri
        }
    }

    private func fail(_ message: String) -> TemplateMappingError {
        TemplateMappingError(location: location, logicalId: logicalId, message: message)
    }
}
