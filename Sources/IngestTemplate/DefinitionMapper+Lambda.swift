import IngestCore

extension DefinitionMapper {
    /// An `AWS::Lambda::Function`: its settings, code location and the handler candidates the template gives, in the
    /// order they are tried: `Metadata.Ingest.Handler`, the basename of the `Code` path, then the function name.
    /// Its value rules are `FunctionDefinition.validate()`'s.
    func function(_ r: ResourceDefinition) throws(TemplateMappingError) -> FunctionDefinition {
        let p = r.properties
        var env: [String: String] = [:]
        if case .object(let vars)? = p["Environment"]?["Variables"] {
            for (k, v) in vars {
                switch v {
                case .string(let s): env[k] = s
                case .number(let n): env[k] = n
                case .bool(let b): env[k] = b ? "true" : "false"
                default: throw r.fail("Environment variable \(k) must be a string")
                }
            }
        }
        var reserved: Int?
        if let rc = p["ReservedConcurrentExecutions"] {
            guard let n = rc.intValue else { throw r.fail("ReservedConcurrentExecutions must be a whole number ≥ 0") }
            reserved = n
        }
        var candidates: [HandlerCandidate] = []
        if let h = r.metadata["Ingest"]?["Handler"]?.stringValue { candidates.append(HandlerCandidate(h, source: "metadata")) }
        if let path = Self.codePath(p["Code"]) { candidates.append(HandlerCandidate(path, source: "code path")) }
        candidates.append(HandlerCandidate(r.physicalId, source: "function name"))
        let function = FunctionDefinition(
            logicalId: r.logicalId, name: r.physicalId, arn: context.functionArn(r.physicalId), handlerCandidates: candidates,
            timeoutSeconds: try Self.int(p["Timeout"], default: 3, "Timeout", r),
            memorySizeMB: try Self.int(p["MemorySize"], default: 128, "MemorySize", r),
            environment: env, reservedConcurrency: reserved, runtime: p["Runtime"]?.stringValue,
            handlerProperty: p["Handler"]?.stringValue, code: Self.code(p["Code"]), location: r.location)
        do { try function.validate() } catch { throw r.fail(error.message) }
        return function
    }

    /// The basename of a `Code` path (`../../lambda/user-metadata` → `user-metadata`, `s3://b/k/user-metadata.zip` → `user-metadata`).
    static func codePath(_ code: JSONValue?) -> String? {
        var path: String?
        switch code {
        case .string(let s): path = s
        case .object(let o): path = o["S3Key"]?.stringValue ?? o["ImageUri"]?.stringValue
        default: path = nil
        }
        guard var base = path?.split(separator: "/").last.map(String.init), !base.isEmpty else { return nil }
        for ext in [".zip", ".jar", ".tar.gz"] where base.hasSuffix(ext) { base.removeLast(ext.count) }
        if let colon = base.firstIndex(of: ":") { base = String(base[..<colon]) }
        return base
    }

    /// Where `Code` says the function's code is: a path, inline `ZipFile` source, an S3 object or an image.
    static func code(_ code: JSONValue?) -> FunctionCode? {
        switch code {
        case .string(let path)?: return .path(path)
        case .object(let o)?:
            if let source = o["ZipFile"]?.stringValue { return .inline(source) }
            if let key = o["S3Key"]?.stringValue {
                return .s3(bucket: o["S3Bucket"]?.stringValue, key: key, version: o["S3ObjectVersion"]?.stringValue)
            }
            if let uri = o["ImageUri"]?.stringValue { return .image(uri) }
            return nil
        default: return nil
        }
    }

    /// A whole number, `default` when absent. Its range is the definition's `validate()` to check.
    static func int(_ v: JSONValue?, default d: Int, _ name: String, _ r: ResourceDefinition) throws(TemplateMappingError) -> Int {
        guard let v else { return d }
        guard let n = v.intValue else { throw r.fail("\(name) must be a whole number, got \(v.serialized())") }
        return n
    }
}
