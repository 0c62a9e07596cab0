/// A `ProjectionExpression`: the document paths a read returns (`a, #n.b, c[0]`), with `#names` resolved.
/// An item is projected to exactly those paths; paths it lacks are left out.
public struct ProjectionExpression: Sendable, Hashable {
    public let paths: [AttributePath]
    public static let kind = "ProjectionExpression"

    public init(paths: [AttributePath]) { self.paths = paths }

    /// Parses `a, #n.b, c[0]`. Throws `ValidationException` for a syntax error, a bare reserved word, an
    /// undefined `#name` or two overlapping paths.
    public init(_ text: String, names: [String: String] = [:]) throws(DynamoError) {
        let lexer = try DynamoExpressionLexer(text, kind: Self.kind)
        guard lexer.tokens.count > 1 else { throw lexer.error("The expression can not be empty;") }
        var cursor = DynamoTokenCursor(lexer)
        var paths: [AttributePath] = []
        while true {
            paths.append(try cursor.parsePath(grammarKeywords: []).resolve(names, kind: Self.kind))
            if cursor.peek.kind == .comma { cursor.next(); continue }
            guard cursor.peek.kind == .end else { throw cursor.syntaxError() }
            break
        }
        for i in paths.indices {
            for j in paths.indices where j > i && paths[i].overlaps(paths[j]) {
                throw lexer.error("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \(paths[i].bracketed), path two: \(paths[j].bracketed)")
            }
        }
        self.paths = paths
    }

    /// A spec's expression and names as a projection; `nil` when there is no spec.
    public init?(_ spec: ConditionSpec?) throws(DynamoError) {
        guard let spec else { return nil }
        try self.init(spec.expression, names: spec.names)
    }

    /// The item with only the projected paths (list elements chosen by index keep the order they are named in).
    public func apply(to item: Item) -> Item {
        var out: Item = [:]
        for p in paths {
            guard let v = p.value(in: item) else { continue }
            let name = p.attributeName
            out[name] = Self.place(v, at: p.elements.dropFirst(), into: out[name])
        }
        return out
    }

    private static func place(_ v: AttributeValue, at rest: ArraySlice<AttributePath.Element>, into container: AttributeValue?)
        -> AttributeValue
    {
        guard let first = rest.first else { return v }
        switch first {
        case .name(let n):
            var m: [String: AttributeValue] = [:]
            if case .m(let existing)? = container { m = existing }
            m[n] = place(v, at: rest.dropFirst(), into: m[n])
            return .m(m)
        case .index:
            var l: [AttributeValue] = []
            if case .l(let existing)? = container { l = existing }
            l.append(place(v, at: rest.dropFirst(), into: nil))
            return .l(l)
        }
    }
}

/// What a write returns in `Attributes` (`ReturnValues`).
public enum ReturnValues: String, Sendable, Hashable, CaseIterable {
    case none = "NONE", allOld = "ALL_OLD", updatedOld = "UPDATED_OLD", allNew = "ALL_NEW", updatedNew = "UPDATED_NEW"

    /// The values PutItem and DeleteItem accept.
    public static let forPutAndDelete: Set<ReturnValues> = [.none, .allOld]

    /// Reads the member; an unknown value, or one the operation does not take, is DynamoDB's ValidationException.
    public init(_ text: String?, allowed: Set<ReturnValues> = Set(ReturnValues.allCases)) throws(DynamoError) {
        guard let text else { self = .none; return }
        guard let v = ReturnValues(rawValue: text), allowed.contains(v) else {
            throw .validation("Return values set to invalid value")
        }
        self = v
    }

    /// The attributes to return for a write, `nil` for none. `updated` are the paths an update expression
    /// touches (for `UPDATED_OLD` and `UPDATED_NEW`).
    public func attributes(of result: WriteResult, updated: [AttributePath] = []) -> Item? {
        let chosen: Item?
        switch self {
        case .none: chosen = nil
        case .allOld: chosen = result.old
        case .allNew: chosen = result.new
        case .updatedOld: chosen = result.old.map(ProjectionExpression(paths: updated).apply(to:))
        case .updatedNew: chosen = result.new.map(ProjectionExpression(paths: updated).apply(to:))
        }
        guard let chosen, !chosen.isEmpty else { return nil }
        return chosen
    }
}
