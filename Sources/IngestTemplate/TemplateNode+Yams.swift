import Foundation
import IngestCore
import Yams

extension TemplateNode {
    /// YAML 1.1 reads `yes`, `no`, `on` and `off` as booleans; templates mean the words, so only
    /// `true` and `false` are booleans here.
    private static let resolver: Resolver = {
        // The pattern is a literal known to compile.
        let bool = try! Resolver.Rule(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")
        return Resolver.default.replacing(bool)
    }()

    /// Parses template text with Yams' node API, keeping the line of every node.
    static func parse(_ text: String, file: String) throws(TemplateError) -> TemplateNode? {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text, resolver)
        } catch let error as YamlError {
            throw yamlError(error, text: text, file: file)
        } catch {
            throw TemplateError(file: file, message: "YAML syntax error: \(error)")
        }
        guard let composed else { return nil }
        return try convert(composed, file: file)
    }

    private static func convert(_ node: Node, file: String) throws(TemplateError) -> TemplateNode {
        let line = node.mark?.line ?? 0
        // Read the explicit tag before `node.tag` resolves (and caches) an implicit one.
        let explicitTag: String
        switch node {
        case .scalar(let s): explicitTag = s.tag.rawValue
        case .mapping(let m): explicitTag = m.tag.rawValue
        case .sequence(let q): explicitTag = q.tag.rawValue
        case .alias: explicitTag = ""
        }
        let rawTag = explicitTag.isEmpty || explicitTag == "!" ? node.tag.rawValue : explicitTag
        let localTag: String? = rawTag.hasPrefix("!") && rawTag != "!" ? rawTag : nil
        switch node {
        case .scalar(let scalar):
            let quoted = explicitTag.isEmpty && [.singleQuoted, .doubleQuoted, .literal, .folded].contains(scalar.style)
            let value: JSONValue = localTag != nil || quoted || explicitTag == "!" ? .string(scalar.string) : scalarValue(scalar, tag: rawTag)
            return TemplateNode(.scalar(value), tag: localTag, line: line)
        case .sequence(let sequence):
            var items: [TemplateNode] = []
            for item in sequence { items.append(try convert(item, file: file)) }
            return TemplateNode(.sequence(items), tag: localTag, line: line)
        case .mapping(let mapping):
            var entries: [Entry] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw TemplateError(file: file, line: key.mark?.line, message: "mapping keys must be plain strings")
                }
                let converted = try convert(value, file: file)
                entries.append(Entry(key: keyScalar.string, keyLine: key.mark?.line ?? converted.line, value: converted))
            }
            return TemplateNode(.mapping(entries), tag: localTag, line: line)
        case .alias:
            throw TemplateError(file: file, line: line, message: "unresolved YAML alias")
        }
    }

    /// The JSON reading of a plain (or `!!`-tagged) scalar by its resolved tag.
    private static func scalarValue(_ scalar: Node.Scalar, tag: String) -> JSONValue {
        let text = scalar.string
        switch tag {
        case Tag.Name.null.rawValue:
            return .null
        case Tag.Name.bool.rawValue:
            return .bool(text.lowercased() == "true")
        case Tag.Name.int.rawValue:
            if Int(text) != nil { return .number(text.hasPrefix("+") ? String(text.dropFirst()) : text) }
            if let value = Int.construct(from: scalar) { return .int(value) }
            return .string(text)
        case Tag.Name.float.rawValue:
            if let value = Double(text), value.isFinite { return .number(text.hasPrefix("+") ? String(text.dropFirst()) : text) }
            return .string(text)
        default:
            return .string(text)
        }
    }

    private static func yamlError(_ error: YamlError, text: String, file: String) -> TemplateError {
        func message(_ problem: String, _ context: YamlError.Context?) -> String {
            var m = "YAML syntax error: \(problem)"
            if let context { m += " (\(context.text) at line \(context.mark.line))" }
            return m
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return TemplateError(file: file, line: mark.line, message: message(problem, context))
        case .reader(let problem, let offset, _, _):
            var line: Int?
            if let offset {
                let prefix = text.prefix(offset)
                line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            }
            return TemplateError(file: file, line: line, message: "YAML syntax error: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return TemplateError(file: file, line: context.mark.line, message: "duplicate key \(keys) in a mapping")
        default:
            return TemplateError(file: file, message: "YAML error: \(error)")
        }
    }
}
