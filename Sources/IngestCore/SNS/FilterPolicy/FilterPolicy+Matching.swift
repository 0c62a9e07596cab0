/// One value a message offers for a policy key: a string, a number (scaled), a boolean or null.
enum FilterLeaf: Sendable, Equatable {
    case string(String)
    /// A number multiplied by 10^5 and rounded, so comparisons have the 5-decimal accuracy SNS documents.
    case number(Double)
    case bool(Bool)
    case null
}

/// Number handling shared by policies and messages.
enum FilterNumber {
    /// Scales a number to 5 decimal places of accuracy.
    static func scaled(_ value: Double) -> Double { (value * 100_000).rounded() }

    /// Reads the value of a `Number` message attribute, refusing anything that is not a plain decimal.
    static func attributeValue(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.allSatisfy({ byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
        }), let value = Double(text), value.isFinite else { return nil }
        return scaled(value)
    }
}

/// Byte-exact string comparisons (SNS compares UTF-8 bytes, not canonically equivalent characters).
enum FilterText {
    static func equal(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    static func hasPrefix(_ s: String, _ prefix: String) -> Bool {
        s.utf8.starts(with: prefix.utf8)
    }

    static func hasSuffix(_ s: String, _ suffix: String) -> Bool {
        let count = s.utf8.count, suffixCount = suffix.utf8.count
        return count >= suffixCount && s.utf8.dropFirst(count - suffixCount).elementsEqual(suffix.utf8)
    }

    /// The form `equals-ignore-case` compares.
    static func folded(_ s: String) -> String { s.lowercased() }
}

/// A numeric interval; either end may be open or missing.
struct FilterRange: Sendable {
    var lower: Double?
    var lowerInclusive: Bool
    var upper: Double?
    var upperInclusive: Bool

    func contains(_ x: Double) -> Bool {
        if let lower, lowerInclusive ? x < lower : x <= lower { return false }
        if let upper, upperInclusive ? x > upper : x >= upper { return false }
        return true
    }
}

/// One compiled match condition of a policy key.
enum FilterCondition: Sendable {
    /// An exact string; `ip` is set when the string is an IP address, so other spellings of it also match.
    case equalsString(String, ip: [UInt8]?)
    case equalsNumber(Double)
    case equalsBool(Bool)
    case equalsNull
    case prefix(String)
    case suffix(String)
    case equalsIgnoreCase(String)
    case anythingBut(strings: [String], numbers: [Double])
    case anythingButPrefix(String)
    case anythingButSuffix(String)
    case anythingButIgnoreCase([String])
    case numeric(FilterRange)
    case exists(Bool)
    case cidr(FilterIPRange)

    /// Whether one value satisfies the condition (`exists` is decided by the key, not per value).
    func matches(_ leaf: FilterLeaf) -> Bool {
        switch self {
        case .equalsString(let expected, let ip):
            guard case .string(let s) = leaf else { return false }
            if FilterText.equal(s, expected) { return true }
            if let ip, let actual = FilterIP.address(s) { return actual == ip }
            return false
        case .equalsNumber(let expected):
            if case .number(let x) = leaf { return x == expected }
            return false
        case .equalsBool(let expected):
            if case .bool(let b) = leaf { return b == expected }
            return false
        case .equalsNull:
            return leaf == .null
        case .prefix(let p):
            if case .string(let s) = leaf { return FilterText.hasPrefix(s, p) }
            return false
        case .suffix(let p):
            if case .string(let s) = leaf { return FilterText.hasSuffix(s, p) }
            return false
        case .equalsIgnoreCase(let folded):
            if case .string(let s) = leaf { return FilterText.equal(FilterText.folded(s), folded) }
            return false
        case .anythingBut(let strings, let numbers):
            switch leaf {
            case .string(let s): return !strings.contains { FilterText.equal($0, s) }
            case .number(let x): return !numbers.contains(x)
            case .bool, .null: return true
            }
        case .anythingButPrefix(let p):
            if case .string(let s) = leaf { return !FilterText.hasPrefix(s, p) }
            return true
        case .anythingButSuffix(let p):
            if case .string(let s) = leaf { return !FilterText.hasSuffix(s, p) }
            return true
        case .anythingButIgnoreCase(let folded):
            guard case .string(let s) = leaf else { return true }
            let f = FilterText.folded(s)
            return !folded.contains { FilterText.equal($0, f) }
        case .numeric(let range):
            if case .number(let x) = leaf { return range.contains(x) }
            return false
        case .exists:
            return false
        case .cidr(let range):
            guard case .string(let s) = leaf, let ip = FilterIP.address(s) else { return false }
            return range.contains(ip)
        }
    }
}

/// The conditions of one key, any of which may match (OR within a key).
struct FilterKeyRule: Sendable {
    /// Index of the key's values in the per-message value table.
    let slot: Int
    let conditions: [FilterCondition]

    /// Whether the key matches, given every value the message has for it (empty when absent).
    func matches(_ values: [FilterLeaf]) -> Bool {
        for condition in conditions {
            if case .exists(let wanted) = condition {
                if wanted != values.isEmpty { return true }
                continue
            }
            for value in values where condition.matches(value) { return true }
        }
        return false
    }
}

/// The compiled logic of a policy: keys joined by AND, `$or` alternatives by OR.
indirect enum FilterNode: Sendable {
    case key(FilterKeyRule)
    case all([FilterNode])
    case any([FilterNode])

    func evaluate(_ values: [[FilterLeaf]]) -> Bool {
        switch self {
        case .key(let rule): return rule.matches(values[rule.slot])
        case .all(let children): return children.allSatisfy { $0.evaluate(values) }
        case .any(let branches): return branches.contains { $0.evaluate(values) }
        }
    }
}

/// A compiled policy: its logic and the keys (attribute names or dotted body paths) it reads.
struct FilterProgram: Sendable {
    /// Nil for the empty policy `{}`, which matches every message.
    let root: FilterNode?
    let slots: [String]
    let slotIndex: [String: Int]
    /// Every dotted prefix of every body path, so that the body walk skips what the policy never reads.
    let pathPrefixes: Set<String>

    init(root: FilterNode?, slots: [String]) {
        self.root = root
        self.slots = slots
        var index: [String: Int] = [:]
        var prefixes: Set<String> = []
        for (i, path) in slots.enumerated() {
            index[path] = i
            var prefix = ""
            for component in path.split(separator: ".", omittingEmptySubsequences: false) {
                prefix = prefix.isEmpty ? String(component) : prefix + "." + component
                prefixes.insert(prefix)
            }
            prefixes.insert(path)
        }
        self.slotIndex = index
        self.pathPrefixes = prefixes
    }

    func matches(attributes: MessageAttributes, body: String, scope: FilterPolicyScope) -> Bool {
        guard let root else { return true }
        var values = [[FilterLeaf]](repeating: [], count: slots.count)
        switch scope {
        case .messageAttributes:
            for (i, name) in slots.enumerated() {
                if let attribute = attributes[name] { values[i] = Self.leaves(of: attribute) }
            }
        case .messageBody:
            guard case .object(let object)? = try? JSONValue.parse(body) else { return false }
            collectObject(object, path: "", into: &values)
        }
        return root.evaluate(values)
    }

    /// The values a message attribute offers. Binary attributes are ignored, as SNS does.
    static func leaves(of attribute: MessageAttributeValue) -> [FilterLeaf] {
        guard let text = attribute.stringValue else { return [] }
        switch attribute.baseType {
        case "String":
            return [.string(text)]
        case "Number":
            return FilterNumber.attributeValue(text).map { [.number($0)] } ?? []
        case "String.Array":
            guard case .array(let items)? = try? JSONValue.parse(text) else { return [] }
            var result: [FilterLeaf] = []
            for item in items { appendLeaves(of: item, to: &result) }
            return result
        default:
            return []
        }
    }

    /// Adds the scalar values in a JSON value, flattening arrays; objects offer nothing.
    private static func appendLeaves(of value: JSONValue, to result: inout [FilterLeaf]) {
        switch value {
        case .string(let s): result.append(.string(s))
        case .number(let text): if let d = Double(text), d.isFinite { result.append(.number(FilterNumber.scaled(d))) }
        case .bool(let b): result.append(.bool(b))
        case .null: result.append(.null)
        case .array(let items): for item in items { appendLeaves(of: item, to: &result) }
        case .object: break
        }
    }

    /// Walks the body, filing each scalar under its dotted path; arrays file every element under the same path.
    private func collectObject(_ object: [String: JSONValue], path: String, into values: inout [[FilterLeaf]]) {
        for (key, child) in object {
            let childPath = path.isEmpty ? key : path + "." + key
            guard pathPrefixes.contains(childPath) else { continue }
            collectValue(child, path: childPath, into: &values)
        }
    }

    private func collectValue(_ value: JSONValue, path: String, into values: inout [[FilterLeaf]]) {
        switch value {
        case .object(let object):
            collectObject(object, path: path, into: &values)
        case .array(let items):
            for item in items { collectValue(item, path: path, into: &values) }
        default:
            if let slot = slotIndex[path] { Self.appendLeaves(of: value, to: &values[slot]) }
        }
    }
}
