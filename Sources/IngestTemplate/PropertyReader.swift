import IngestCore

/// Typed access to resolved properties, accepting what CloudFormation accepts (numbers as numeric
/// strings, booleans as `"true"`/`"false"`, policies as objects or JSON text) and reporting a
/// problem with the line of the property and the logical id.
struct PropertyReader {
    var file: String
    var logicalId: String
    var values: [String: JSONValue]
    /// The node the values came from, for lines; `nil` when they came from an intrinsic.
    var node: TemplateNode?
    var fallbackLine: Int

    init(file: String, logicalId: String, values: [String: JSONValue], node: TemplateNode?, fallbackLine: Int) {
        self.file = file
        self.logicalId = logicalId
        self.values = values
        self.node = node
        self.fallbackLine = fallbackLine
    }

    init(_ resource: ResolvedResource, file: String) {
        self.init(file: file, logicalId: resource.logicalId, values: resource.properties.objectValue ?? [:],
                  node: resource.propertiesNode, fallbackLine: resource.line)
    }

    func line(of key: String?) -> Int {
        guard let key, let entry = node?.entry(key) else { return node?.line ?? fallbackLine }
        return entry.keyLine
    }

    func fail(_ key: String?, _ message: String) -> TemplateError {
        TemplateError(file: file, line: line(of: key), logicalId: logicalId, message: message)
    }

    /// Keys present that are not in `known`.
    func unknownKeys(_ known: Set<String>) -> [String] {
        values.keys.filter { !known.contains($0) }.sorted { line(of: $0) == line(of: $1) ? $0 < $1 : line(of: $0) < line(of: $1) }
    }

    func string(_ key: String) throws(TemplateError) -> String? {
        switch values[key] {
        case nil, .null?: return nil
        case .string(let s)?, .number(let s)?: return s
        case let other?: throw fail(key, "\(key) must be a string, got \(other.kindName)")
        }
    }

    func int(_ key: String) throws(TemplateError) -> Int? {
        guard let value = values[key], !value.isNull else { return nil }
        guard let n = Self.integer(value) else { throw fail(key, "\(key) must be an integer, got \(Self.show(value))") }
        return n
    }

    func bool(_ key: String) throws(TemplateError) -> Bool? {
        guard let value = values[key], !value.isNull else { return nil }
        guard let b = Self.boolean(value) else { throw fail(key, "\(key) must be true or false, got \(Self.show(value))") }
        return b
    }

    /// An object given either as a mapping or as JSON text (as CloudFormation allows for policies).
    func object(_ key: String) throws(TemplateError) -> [String: JSONValue]? {
        switch values[key] {
        case nil, .null?: return nil
        case .object(let o)?: return o
        case .string(let text)?:
            let parsed: JSONValue
            do { parsed = try JSONValue.parse(text) } catch { throw fail(key, "\(key) is not valid JSON: \(error)") }
            guard case .object(let o) = parsed else { throw fail(key, "\(key) must be a JSON object, got \(parsed.kindName)") }
            return o
        case let other?:
            throw fail(key, "\(key) must be an object or a JSON string, got \(other.kindName)")
        }
    }

    /// An integer from a number or a numeric string.
    static func integer(_ value: JSONValue) -> Int? {
        switch value {
        case .number(let s), .string(let s):
            let t = s.trimmed
            if let i = Int(t) { return i }
            if let d = Double(t), d.rounded() == d, abs(d) < 9e15 { return Int(d) }
            return nil
        default: return nil
        }
    }

    /// A boolean from `true`/`false` or their text in any case.
    static func boolean(_ value: JSONValue) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .string(let s):
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "'\(s)'"
        case .number(let s): return s
        default: return value.kindName
        }
    }
}
