import IngestCore

/// A YAML node of a template, detached from Yams so it is `Sendable`, with the line it starts on.
///
/// Scalars carry their JSON reading (`5` is a number, `"5"` a string, `true` a boolean); a node
/// written with a local tag such as `!Ref` keeps the tag so the resolver can treat it as an intrinsic.
struct TemplateNode: Sendable {
    enum Kind: Sendable {
        case scalar(JSONValue)
        case sequence([TemplateNode])
        case mapping([Entry])
    }

    /// One key of a mapping, with the line the key is on.
    struct Entry: Sendable {
        var key: String
        var keyLine: Int
        var value: TemplateNode
    }

    var kind: Kind
    /// A local tag such as `!Ref` or `!GetAtt`; `nil` for untagged nodes.
    var tag: String?
    /// 1-based line where the node starts.
    var line: Int

    init(_ kind: Kind, tag: String? = nil, line: Int) {
        self.kind = kind
        self.tag = tag
        self.line = line
    }

    /// The entries of a mapping node.
    var entries: [Entry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    /// The items of a sequence node.
    var items: [TemplateNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The value of a scalar node.
    var scalar: JSONValue? {
        if case .scalar(let value) = kind { return value }
        return nil
    }

    /// The text of a scalar that is a string, number or boolean.
    var text: String? {
        switch scalar {
        case .string(let s)?, .number(let s)?: return s
        case .bool(let b)?: return b ? "true" : "false"
        default: return nil
        }
    }

    var isNull: Bool { scalar?.isNull ?? false }

    /// The entry for `key` in a mapping node.
    func entry(_ key: String) -> Entry? {
        entries?.first { $0.key == key }
    }

    /// The value for `key` in a mapping node.
    subscript(key: String) -> TemplateNode? { entry(key)?.value }

    /// What kind of node this is, for error messages.
    var kindName: String {
        switch kind {
        case .scalar(let value): return value.kindName
        case .sequence: return "list"
        case .mapping: return "mapping"
        }
    }
}
