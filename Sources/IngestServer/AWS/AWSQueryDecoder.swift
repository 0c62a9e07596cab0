import IngestCore

/// Turns a query-protocol request (`Action=SendMessage&QueueUrl=...&MessageAttribute.1.Name=...`) into
/// the same JSON object the JSON 1.0 protocol sends, so one set of handlers serves both.
///
/// SQS's query names are flattened and singular: `Attribute.N.Name`/`Value` is the `Attributes` map,
/// `AttributeName.N` the `AttributeNames` list, `SendMessageBatchRequestEntry.N.*` the `Entries` list.
/// SNS and CloudWatch wrap theirs instead: `Attributes.entry.N.key`, `Dimensions.member.N.Name`.
/// Scalars stay strings; the handlers read numbers and booleans from strings or JSON values alike.
public enum AWSQueryDecoder {
    /// How a flattened query name maps onto a JSON member.
    enum Rule {
        /// A list of scalars.
        case list(String)
        /// A list of structures.
        case structures(String)
        /// A map whose entries carry their key and value under these names.
        case map(String, key: String, value: String)
    }

    static let rules: [String: Rule] = [
        "Attribute": .map("Attributes", key: "Name", value: "Value"),
        "Tag": .map("Tags", key: "Key", value: "Value"),
        "MessageAttribute": .map("MessageAttributes", key: "Name", value: "Value"),
        "MessageSystemAttribute": .map("MessageSystemAttributes", key: "Name", value: "Value"),
        "AttributeName": .list("AttributeNames"),
        "MessageAttributeName": .list("MessageAttributeNames"),
        "MessageSystemAttributeName": .list("MessageSystemAttributeNames"),
        "TagKey": .list("TagKeys"),
        "SendMessageBatchRequestEntry": .structures("Entries"),
        "DeleteMessageBatchRequestEntry": .structures("Entries"),
        "ChangeMessageVisibilityBatchRequestEntry": .structures("Entries"),
    ]

    /// A node of the dotted-name tree.
    indirect enum Node {
        case leaf(String)
        case branch([String: Node])
    }

    /// The form fields that are not operation input: the action, the API version and query-signature fields.
    static let envelope: Set<String> = ["Action", "Version", "Signature", "SignatureMethod", "SignatureVersion", "Timestamp", "AWSAccessKeyId", "Expires"]

    /// Decodes form fields into the operation's JSON input. `flattened` names SQS's scheme; otherwise lists
    /// are `Name.member.N` and maps `Name.entry.N.key`/`.value` (SNS, CloudWatch).
    public static func decode(_ fields: [String: String], flattened: Bool = true) throws(AWSError) -> [String: JSONValue] {
        var root: [String: Node] = [:]
        for (name, value) in fields where !envelope.contains(name) {
            insert(value, path: name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)[...], into: &root)
        }
        return flattened ? object(root) : wrapped(root)
    }

    static func insert(_ value: String, path: ArraySlice<String>, into tree: inout [String: Node]) {
        guard let head = path.first else { return }
        let rest = path.dropFirst()
        if rest.isEmpty {
            tree[head] = .leaf(value)
            return
        }
        var children: [String: Node] = [:]
        if case .branch(let c)? = tree[head] { children = c }
        insert(value, path: rest, into: &children)
        tree[head] = .branch(children)
    }

    /// A branch as a JSON object, applying the flattening rules to its members.
    static func object(_ tree: [String: Node]) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (name, node) in tree {
            switch (rules[name], node) {
            case (.list(let json)?, .branch(let items)):
                out[json] = .array(ordered(items).compactMap { node -> JSONValue? in
                    if case .leaf(let s) = node { return .string(s) }
                    return nil
                })
            case (.structures(let json)?, .branch(let items)):
                out[json] = .array(ordered(items).map { node -> JSONValue in
                    if case .branch(let b) = node { return .object(object(b)) }
                    return .null
                })
            case (.map(let json, let key, let value)?, .branch(let items)):
                var map: [String: JSONValue] = [:]
                for case .branch(let entry) in ordered(items) {
                    guard case .leaf(let k)? = entry[key], let v = entry[value] else { continue }
                    map[k] = plain(v)
                }
                out[json] = .object(map)
            default:
                out[name] = plain(node)
            }
        }
        return out
    }

    /// A branch of the wrapped scheme as a JSON object: a member whose only child is `member` is a list,
    /// one whose only child is `entry` a map (entries `key`/`value`, or `Name`/`Value` as SNS message
    /// attributes send them).
    static func wrapped(_ tree: [String: Node]) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (name, node) in tree { out[name] = wrappedValue(node) }
        return out
    }

    static func wrappedValue(_ node: Node) -> JSONValue {
        switch node {
        case .leaf(let s): return .string(s)
        case .branch(let b):
            if b.count == 1, case .branch(let items)? = b["member"] {
                return .array(ordered(items).map(wrappedValue))
            }
            if b.count == 1, case .branch(let items)? = b["entry"] {
                var map: [String: JSONValue] = [:]
                for case .branch(let entry) in ordered(items) {
                    guard case .leaf(let k)? = entry["key"] ?? entry["Name"] ?? entry["Key"], let v = entry["value"] ?? entry["Value"] else { continue }
                    map[k] = wrappedValue(v)
                }
                return .object(map)
            }
            return .object(wrapped(b))
        }
    }

    static func plain(_ node: Node) -> JSONValue {
        switch node {
        case .leaf(let s): return .string(s)
        case .branch(let b): return .object(object(b))
        }
    }

    /// The members `1`, `2`, ... of a flattened list in index order (other names are ignored).
    static func ordered(_ items: [String: Node]) -> [Node] {
        items.compactMap { k, v in Int(k).map { ($0, v) } }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
