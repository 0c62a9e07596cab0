import IngestCore

/// The template's parameters after defaults and overrides, ready for `!Ref`.
struct ResolvedParameters: Sendable {
    /// `!Ref` values: a string, or a list of strings for list types.
    var values: [String: JSONValue] = [:]
    /// Names of `NoEcho` parameters, whose values are masked when reported.
    var noEcho: Set<String> = []
    /// Declared names in template order.
    var order: [String] = []
}

/// Reads `Parameters`, applies overrides and checks every constraint.
struct ParameterResolver {
    var file: String

    private enum Kind { case string, number, commaList, numberList, awsList }

    private static let knownKeys: Set<String> = [
        "Type", "Default", "AllowedValues", "AllowedPattern", "MinValue", "MaxValue", "MinLength", "MaxLength",
        "NoEcho", "Description", "ConstraintDescription",
    ]

    func resolve(_ section: TemplateNode.Entry?, overrides: [String: String]) throws(TemplateError) -> ResolvedParameters {
        var result = ResolvedParameters()
        let declarations: [TemplateNode.Entry]
        if let section, !section.value.isNull {
            guard let entries = section.value.entries else {
                throw TemplateError(file: file, line: section.keyLine, message: "Parameters must be a mapping")
            }
            declarations = entries
        } else {
            declarations = []
        }
        let declared = Set(declarations.map(\.key))
        for name in overrides.keys.sorted() where !declared.contains(name) {
            let known = declarations.isEmpty ? "the template declares none" : "the template declares " + declarations.map(\.key).joined(separator: ", ")
            throw TemplateError(file: file, line: section?.keyLine, logicalId: name,
                                message: "parameter override names unknown parameter '\(name)' (\(known))")
        }
        for declaration in declarations {
            let name = declaration.key
            let value = try resolveOne(declaration, override: overrides[name])
            result.values[name] = value
            result.order.append(name)
            if declaration.value["NoEcho"]?.text?.lowercased() == "true" { result.noEcho.insert(name) }
        }
        return result
    }

    private func fail(_ declaration: TemplateNode.Entry, _ message: String, line: Int? = nil) -> TemplateError {
        TemplateError(file: file, line: line ?? declaration.keyLine, logicalId: declaration.key, message: message)
    }

    private func resolveOne(_ declaration: TemplateNode.Entry, override: String?) throws(TemplateError) -> JSONValue {
        let name = declaration.key
        guard isAlphanumeric(name) else { throw fail(declaration, "parameter names must be alphanumeric") }
        guard let spec = declaration.value.entries else { throw fail(declaration, "parameter \(name) must be a mapping with a Type") }
        for entry in spec where !Self.knownKeys.contains(entry.key) {
            throw fail(declaration, "parameter \(name) has unknown attribute '\(entry.key)'", line: entry.keyLine)
        }
        let kind = try kindOf(declaration)
        let isList = kind == .commaList || kind == .numberList || kind == .awsList

        // The raw value: the override, else the default.
        let raw: String
        if let override {
            raw = override
        } else if let defaultEntry = declaration.value.entry("Default") {
            if let items = defaultEntry.value.items, isList {
                var texts: [String] = []
                for item in items {
                    guard let t = item.text else { throw fail(declaration, "Default items of \(name) must be scalars", line: item.line) }
                    texts.append(t)
                }
                raw = texts.joined(separator: ",")
            } else if defaultEntry.value.isNull {
                raw = ""
            } else if let text = defaultEntry.value.text {
                raw = text
            } else {
                throw fail(declaration, "Default of \(name) must be a scalar", line: defaultEntry.keyLine)
            }
        } else {
            throw fail(declaration, "parameter \(name) has no Default and no value was given (pass \(name)=VALUE)")
        }

        let source = override == nil ? "default" : "value"
        if isList {
            let items = raw.isEmpty ? [] : raw.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
            for item in items { try check(declaration, item, numeric: kind == .numberList, source: source, lengths: false) }
            return .array(items.map(JSONValue.string))
        }
        try check(declaration, raw, numeric: kind == .number, source: source, lengths: true)
        return .string(raw)
    }

    private func kindOf(_ declaration: TemplateNode.Entry) throws(TemplateError) -> Kind {
        guard let typeEntry = declaration.value.entry("Type"), let type = typeEntry.value.text else {
            throw fail(declaration, "parameter \(declaration.key) has no Type")
        }
        switch type {
        case "String": return .string
        case "Number": return .number
        case "CommaDelimitedList": return .commaList
        case "List<Number>": return .numberList
        default:
            if type.hasPrefix("AWS::SSM::Parameter::") {
                throw fail(declaration, "parameter type \(type) is not supported: ingest cannot read SSM parameters; use String",
                           line: typeEntry.keyLine)
            }
            if type.hasPrefix("List<AWS::") { return .awsList }
            if type.hasPrefix("AWS::") { return .string }
            throw fail(declaration, "parameter \(declaration.key) has unknown Type '\(type)'", line: typeEntry.keyLine)
        }
    }

    private func check(_ declaration: TemplateNode.Entry, _ value: String, numeric: Bool, source: String, lengths: Bool) throws(TemplateError) {
        let name = declaration.key
        let spec = declaration.value
        let hint = spec["ConstraintDescription"]?.text.map { " (\($0))" } ?? ""
        func violation(_ what: String) -> TemplateError {
            fail(declaration, "parameter \(name) \(source) '\(value)' \(what)\(hint)")
        }
        func number(_ key: String) throws(TemplateError) -> Double? {
            guard let entry = spec.entry(key) else { return nil }
            guard let text = entry.value.text, let n = Double(text) else {
                throw fail(declaration, "\(key) of parameter \(name) must be a number", line: entry.keyLine)
            }
            return n
        }
        if numeric {
            guard let n = Double(value.trimmed), n.isFinite else { throw violation("is not a number") }
            if let min = try number("MinValue"), n < min { throw violation("is less than MinValue \(format(min))") }
            if let max = try number("MaxValue"), n > max { throw violation("is greater than MaxValue \(format(max))") }
        }
        if lengths {
            if let min = try number("MinLength"), Double(value.count) < min { throw violation("is shorter than MinLength \(format(min))") }
            if let max = try number("MaxLength"), Double(value.count) > max { throw violation("is longer than MaxLength \(format(max))") }
        }
        if let entry = spec.entry("AllowedValues") {
            guard let items = entry.value.items else {
                throw fail(declaration, "AllowedValues of parameter \(name) must be a list", line: entry.keyLine)
            }
            let allowed = items.compactMap(\.text)
            let matches = allowed.contains { candidate in
                candidate == value || (numeric && Double(candidate) != nil && Double(candidate) == Double(value.trimmed))
            }
            if !matches { throw violation("is not one of the AllowedValues [\(allowed.joined(separator: ", "))]") }
        }
        if let entry = spec.entry("AllowedPattern") {
            guard let pattern = entry.value.text else {
                throw fail(declaration, "AllowedPattern of parameter \(name) must be a string", line: entry.keyLine)
            }
            let regex: Regex<AnyRegexOutput>
            do { regex = try Regex(pattern) } catch {
                throw fail(declaration, "AllowedPattern '\(pattern)' of parameter \(name) is not a valid regular expression", line: entry.keyLine)
            }
            if value.wholeMatch(of: regex) == nil { throw violation("does not match AllowedPattern '\(pattern)'") }
        }
    }

    private func format(_ n: Double) -> String {
        n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
    }
}

func isAlphanumeric(_ s: String) -> Bool {
    !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmed: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
