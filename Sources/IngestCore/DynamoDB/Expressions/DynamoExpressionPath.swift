/// A document path into an item: `a`, `a.b`, `a[0]`, `a.b[2].c`, with `#names` already resolved.
public struct AttributePath: Sendable, Hashable, CustomStringConvertible {
    public enum Element: Sendable, Hashable {
        case name(String)
        case index(Int)
    }

    /// Never empty; the first element is a name.
    public var elements: [Element]

    public init(_ elements: [Element]) {
        precondition(!elements.isEmpty, "a document path has at least one element")
        self.elements = elements
    }

    /// A top-level attribute.
    public init(_ name: String) { self.elements = [.name(name)] }

    /// The top-level attribute the path starts at.
    public var attributeName: String {
        if case .name(let n) = elements[0] { return n }
        return ""
    }

    /// `a.b[0]`.
    public var description: String {
        var out = ""
        for (i, e) in elements.enumerated() {
            switch e {
            case .name(let n): out += i == 0 ? n : "." + n
            case .index(let x): out += "[\(x)]"
            }
        }
        return out
    }

    /// `[a, b, [0]]`, the form DynamoDB uses in its overlap messages.
    var bracketed: String {
        "[" + elements.map { e -> String in
            switch e {
            case .name(let n): return n
            case .index(let x): return "[\(x)]"
            }
        }.joined(separator: ", ") + "]"
    }

    /// Whether `self` is `other` or leads into it (`a` and `a.b`, `a[1]` and `a[1].c`).
    func overlaps(_ other: AttributePath) -> Bool {
        let n = min(elements.count, other.elements.count)
        return elements.prefix(n) == other.elements.prefix(n)
    }

    /// The value at this path, or `nil` when any step is missing or of the wrong type.
    public func value(in item: Item) -> AttributeValue? {
        guard case .name(let first) = elements[0], var current = item[first] else { return nil }
        for e in elements.dropFirst() {
            switch (e, current) {
            case (.name(let n), .m(let m)):
                guard let v = m[n] else { return nil }
                current = v
            case (.index(let i), .l(let l)):
                guard i >= 0, i < l.count else { return nil }
                current = l[i]
            default:
                return nil
            }
        }
        return current
    }

    /// Sets the value at this path. Every parent must exist with the right type; an index past the end of a
    /// list appends. Throws DynamoDB's "document path ... invalid for update" otherwise.
    func set(_ value: AttributeValue, in item: inout Item) throws(DynamoError) {
        let name = attributeName
        if elements.count == 1 {
            item[name] = value
            return
        }
        guard let child = item[name] else { throw Self.invalidForUpdate }
        item[name] = try Self.setting(value, into: child, at: elements[1...])
    }

    private static func setting(_ value: AttributeValue, into container: AttributeValue, at path: ArraySlice<Element>) throws(DynamoError)
        -> AttributeValue
    {
        let step = path[path.startIndex]
        let rest = path.dropFirst()
        switch (step, container) {
        case (.name(let n), .m(var m)):
            if rest.isEmpty {
                m[n] = value
            } else {
                guard let child = m[n] else { throw invalidForUpdate }
                m[n] = try setting(value, into: child, at: rest)
            }
            return .m(m)
        case (.index(let i), .l(var l)):
            if rest.isEmpty {
                if i < l.count { l[i] = value } else { l.append(value) }
            } else {
                guard i < l.count else { throw invalidForUpdate }
                l[i] = try setting(value, into: l[i], at: rest)
            }
            return .l(l)
        default:
            throw invalidForUpdate
        }
    }

    /// Removes the value at this path; nothing happens when it is not there.
    func remove(from item: inout Item) {
        let name = attributeName
        if elements.count == 1 {
            item[name] = nil
            return
        }
        guard let child = item[name], let updated = Self.removing(from: child, at: elements[1...]) else { return }
        item[name] = updated
    }

    /// The container with the path removed, or `nil` when there was nothing to remove.
    private static func removing(from container: AttributeValue, at path: ArraySlice<Element>) -> AttributeValue? {
        let step = path[path.startIndex]
        let rest = path.dropFirst()
        switch (step, container) {
        case (.name(let n), .m(var m)):
            guard let child = m[n] else { return nil }
            if rest.isEmpty {
                m[n] = nil
            } else {
                guard let updated = removing(from: child, at: rest) else { return nil }
                m[n] = updated
            }
            return .m(m)
        case (.index(let i), .l(var l)):
            guard i < l.count else { return nil }
            if rest.isEmpty {
                l.remove(at: i)
            } else {
                guard let updated = removing(from: l[i], at: rest) else { return nil }
                l[i] = updated
            }
            return .l(l)
        default:
            return nil
        }
    }

    static let invalidForUpdate = DynamoError.validation("The document path provided in the update expression is invalid for update")

    /// An order in which list indexes come last-first, so that removing in this order leaves the
    /// remaining indexes valid.
    static func removalOrder(_ a: AttributePath, _ b: AttributePath) -> Bool {
        for (x, y) in zip(a.elements, b.elements) where x != y {
            switch (x, y) {
            case (.index(let i), .index(let j)): return i > j
            case (.name(let m), .name(let n)): return m < n
            case (.index, .name): return true
            case (.name, .index): return false
            }
        }
        return a.elements.count > b.elements.count
    }
}

/// A path as written, before `#names` are resolved.
struct RawPath: Sendable, Hashable {
    enum Element: Sendable, Hashable {
        case name(String)
        case placeholder(String)
        case index(Int)
    }

    var elements: [Element]
    var offset: Int

    /// The `#names` it uses.
    var placeholders: [String] {
        elements.compactMap { if case .placeholder(let p) = $0 { return p } else { return nil } }
    }

    /// Resolves `#names`; an unknown one is DynamoDB's "expression attribute name ... not defined".
    func resolve(_ names: [String: String], kind: String) throws(DynamoError) -> AttributePath {
        var out: [AttributePath.Element] = []
        out.reserveCapacity(elements.count)
        for e in elements {
            switch e {
            case .name(let n): out.append(.name(n))
            case .index(let i): out.append(.index(i))
            case .placeholder(let p):
                guard let n = names[p] else {
                    throw .validation("Invalid \(kind): An expression attribute name used in the document path is not defined; attribute name: \(p)")
                }
                out.append(.name(n))
            }
        }
        return AttributePath(out)
    }
}

/// Resolves a `:value`: unknown → DynamoDB's "expression attribute value ... not defined"; invalid → its
/// "ExpressionAttributeValues contains invalid value". Returns the canonical value.
func resolveExpressionValue(_ placeholder: String, _ values: [String: AttributeValue], kind: String) throws(DynamoError) -> AttributeValue {
    guard let v = values[placeholder] else {
        throw .validation("Invalid \(kind): An expression attribute value used in expression is not defined; attribute value: \(placeholder)")
    }
    do {
        return try DynamoValues.canonical(v)
    } catch {
        throw .validation("ExpressionAttributeValues contains invalid value: \(error.message) for key \(placeholder)")
    }
}
