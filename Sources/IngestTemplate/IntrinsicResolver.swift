import IngestCore

/// Resolves template nodes to JSON, evaluating intrinsic functions in short (`!Ref`) and long
/// (`Ref:`, `Fn::Sub:`) form.
///
/// `resolve` returns `nil` for `AWS::NoValue`: a mapping drops the key, a list drops the item.
struct IntrinsicResolver: Sendable {
    var file: String
    var context: AWSContext
    var parameters: ResolvedParameters
    /// The `Mappings` section, for `Fn::FindInMap`.
    var mappings: TemplateNode?
    /// Conditions evaluated so far.
    var conditions: [String: Bool] = [:]
    /// Every declared condition name.
    var declaredConditions: Set<String> = []
    /// Every declared resource with its type.
    var resourceTypes: [String: String] = [:]
    /// Resources resolved so far.
    var resources: [String: ResourceIdentity] = [:]
    /// Resources left out because their condition is false, with the condition's name.
    var omitted: [String: String] = [:]
    /// The logical id being resolved, for error messages.
    var scope: String?

    /// An intrinsic function call found in a node.
    struct Call {
        /// Canonical name: `Ref`, `Condition` or `Fn::Name`.
        var name: String
        /// How the template wrote it (`!Sub` or `Fn::Sub`), for messages.
        var display: String
        var argument: TemplateNode
        var line: Int
    }

    func fail(_ line: Int?, _ message: String) -> TemplateError {
        TemplateError(file: file, line: line, logicalId: scope, message: message)
    }

    /// The intrinsic function `node` calls, if it is one.
    static func call(in node: TemplateNode) -> Call? {
        if let tag = node.tag {
            let short = String(tag.dropFirst())
            let name = short == "Ref" || short == "Condition" ? short : "Fn::" + short
            var argument = node
            argument.tag = nil
            return Call(name: name, display: tag, argument: argument, line: node.line)
        }
        if let entries = node.entries, entries.count == 1, entries[0].key == "Ref" || entries[0].key.hasPrefix("Fn::") {
            return Call(name: entries[0].key, display: entries[0].key, argument: entries[0].value, line: entries[0].keyLine)
        }
        return nil
    }

    /// The JSON value of `node` with every intrinsic evaluated; `nil` means `AWS::NoValue`.
    func resolve(_ node: TemplateNode) throws(TemplateError) -> JSONValue? {
        if let call = Self.call(in: node) { return try evaluate(call) }
        switch node.kind {
        case .scalar(let value):
            return value
        case .sequence(let items):
            var out: [JSONValue] = []
            for item in items {
                if let value = try resolve(item) { out.append(value) }
            }
            return .array(out)
        case .mapping(let entries):
            var out: [String: JSONValue] = [:]
            for entry in entries {
                if let value = try resolve(entry.value) { out[entry.key] = value }
            }
            return .object(out)
        }
    }

    /// Like `resolve`, but `AWS::NoValue` is an error (for places that need a value).
    func value(_ node: TemplateNode, _ what: String) throws(TemplateError) -> JSONValue {
        guard let value = try resolve(node) else { throw fail(node.line, "\(what) resolves to AWS::NoValue") }
        return value
    }

    /// A scalar result as text, as `Fn::Sub` and `Fn::Join` need it.
    func text(_ value: JSONValue, _ what: String, line: Int) throws(TemplateError) -> String {
        switch value {
        case .string(let s), .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: throw fail(line, "\(what) must be a string, got \(value.kindName)")
        }
    }

    private func evaluate(_ call: Call) throws(TemplateError) -> JSONValue? {
        switch call.name {
        case "Ref": return try ref(call)
        case "Fn::GetAtt": return try getAtt(call)
        case "Fn::Sub": return try sub(call)
        case "Fn::Join": return try join(call)
        case "Fn::Select": return try select(call)
        case "Fn::Split": return try split(call)
        case "Fn::If": return try ifThenElse(call)
        case "Fn::GetAZs": return try getAZs(call)
        case "Fn::Base64": return try base64(call)
        case "Fn::FindInMap": return try findInMap(call)
        case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition": return .bool(try conditionFunction(call))
        case "Fn::ImportValue":
            throw fail(call.line, "\(call.display) is not supported: ingest runs a single stack, so there are no exports to import")
        case "Fn::Cidr", "Fn::Length", "Fn::ToJsonString", "Fn::Transform", "Fn::GetStackOutputs", "Fn::ForEach":
            throw fail(call.line, "\(call.display) is not supported by ingest")
        default:
            throw fail(call.line, "unknown intrinsic function \(call.display)")
        }
    }

    /// The items of a function's list argument, checking how many there are.
    func arguments(_ call: Call, count range: ClosedRange<Int>, form: String) throws(TemplateError) -> [TemplateNode] {
        guard let items = call.argument.items, range.contains(items.count) else {
            throw fail(call.line, "\(call.display) takes \(form)")
        }
        return items
    }
}
