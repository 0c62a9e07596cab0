/// A function to run (`AWS::Lambda::Function`), with the built-in handler it maps to.
public struct FunctionDefinition: Sendable, Hashable, Codable {
    public var logicalId: String
    public var name: String
    public var arn: String
    /// The built-in handler's name.
    public var handler: String
    /// Where the handler choice came from: "metadata", "flag", "code path" or "function name".
    public var handlerSource: String
    /// Seconds before an invocation fails as a timeout (1...900, default 3).
    public var timeoutSeconds: Int
    /// Shown, not enforced.
    public var memorySizeMB: Int
    public var environment: [String: String]
    /// Concurrent invocations allowed; beyond it invocations are throttled. `nil` is unreserved.
    public var reservedConcurrency: Int?

    /// Reads a resolved `AWS::Lambda::Function`, choosing the handler in this order: `Metadata.Ingest.Handler`,
    /// a `--handler FunctionName=NAME` override, the basename of the `Code` path, then the function name.
    public init(resource r: ResourceDefinition, context: AWSContext, overrides: [String: String], available: [String]) throws(TemplateMappingError) {
        let p = r.properties
        logicalId = r.logicalId
        name = r.physicalId
        arn = context.functionArn(r.physicalId)
        timeoutSeconds = try Self.int(p["Timeout"], default: 3, range: 1...900, "Timeout", r)
        memorySizeMB = try Self.int(p["MemorySize"], default: 128, range: 128...10_240, "MemorySize", r)
        var env: [String: String] = [:]
        if case .object(let vars)? = p["Environment"]?["Variables"] {
            for (k, v) in vars {
                switch v {
                case .string(let s): env[k] = s
                case .number(let n): env[k] = n
                case .bool(let b): env[k] = b ? "true" : "false"
                default: throw TemplateMappingError(resource: r, message: "Environment variable \(k) must be a string")
                }
            }
        }
        environment = env
        if let rc = p["ReservedConcurrentExecutions"] {
            guard let n = rc.intValue, n >= 0 else { throw TemplateMappingError(resource: r, message: "ReservedConcurrentExecutions must be a whole number ≥ 0") }
            reservedConcurrency = n
        } else {
            reservedConcurrency = nil
        }
        var candidates: [(String, String)] = []
        if let h = r.metadata["Ingest"]?["Handler"]?.stringValue { candidates.append((h, "metadata")) }
        if let h = overrides[r.physicalId] ?? overrides[r.logicalId] { candidates.insert((h, "flag"), at: 0) }
        if let path = Self.codePath(p["Code"]) { candidates.append((path, "code path")) }
        candidates.append((r.physicalId, "function name"))
        // A flag wins over everything; otherwise metadata, code path, name in that order.
        if let flagged = candidates.first(where: { $0.1 == "flag" }) {
            guard available.contains(flagged.0) else {
                throw TemplateMappingError(resource: r, message: "--handler names '\(flagged.0)', which is not a built-in handler (available: \(available.joined(separator: ", ")))")
            }
            handler = flagged.0
            handlerSource = "flag"
            return
        }
        guard let match = candidates.first(where: { available.contains($0.0) }) else {
            throw TemplateMappingError(resource: r, message: "no built-in handler matches function \(r.physicalId) (tried \(candidates.map { "'\($0.0)'" }.joined(separator: ", "))); available: \(available.joined(separator: ", ")); set Metadata.Ingest.Handler or --handler \(r.physicalId)=NAME")
        }
        handler = match.0
        handlerSource = match.1
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

    static func int(_ v: JSONValue?, default d: Int, range: ClosedRange<Int>, _ name: String, _ r: ResourceDefinition) throws(TemplateMappingError) -> Int {
        guard let v else { return d }
        guard let n = v.intValue, range.contains(n) else {
            throw TemplateMappingError(resource: r, message: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(v.serialized())")
        }
        return n
    }
}

/// A template resource that maps to nothing runnable, with where it was declared.
public struct TemplateMappingError: Error, Sendable, CustomStringConvertible {
    public var location: String
    public var logicalId: String
    public var message: String

    public init(resource: ResourceDefinition, message: String) {
        location = resource.location
        logicalId = resource.logicalId
        self.message = message
    }

    public var description: String { "\(location): \(logicalId): \(message)" }
}
