import Foundation
import IngestCore

extension IntrinsicResolver {
    /// `Fn::Join: [delimiter, [values]]`; `AWS::NoValue` items are dropped.
    func join(_ call: Call) throws(TemplateError) -> JSONValue {
        let items = try arguments(call, count: 2...2, form: "[delimiter, [values]]")
        let delimiter = try text(try value(items[0], "the delimiter of \(call.display)"), "the delimiter of \(call.display)", line: items[0].line)
        guard case .array(let values) = try value(items[1], "the list of \(call.display)") else {
            throw fail(items[1].line, "the second item of \(call.display) must be a list")
        }
        var texts: [String] = []
        for v in values { texts.append(try text(v, "an item of \(call.display)", line: items[1].line)) }
        return .string(texts.joined(separator: delimiter))
    }

    /// `Fn::Select: [index, [values]]`.
    func select(_ call: Call) throws(TemplateError) -> JSONValue {
        let items = try arguments(call, count: 2...2, form: "[index, [values]]")
        guard let index = try value(items[0], "the index of \(call.display)").intValue else {
            throw fail(items[0].line, "the index of \(call.display) must be an integer")
        }
        guard case .array(let values) = try value(items[1], "the list of \(call.display)") else {
            throw fail(items[1].line, "the second item of \(call.display) must be a list")
        }
        guard values.indices.contains(index) else {
            throw fail(call.line, "\(call.display) index \(index) is out of range for a list of \(values.count)")
        }
        return values[index]
    }

    /// `Fn::Split: [delimiter, string]`.
    func split(_ call: Call) throws(TemplateError) -> JSONValue {
        let items = try arguments(call, count: 2...2, form: "[delimiter, string]")
        let delimiter = try text(try value(items[0], "the delimiter of \(call.display)"), "the delimiter of \(call.display)", line: items[0].line)
        let source = try text(try value(items[1], "the string of \(call.display)"), "the string of \(call.display)", line: items[1].line)
        guard !delimiter.isEmpty else { throw fail(call.line, "the delimiter of \(call.display) must not be empty") }
        return .array(source.components(separatedBy: delimiter).map(JSONValue.string))
    }

    /// `Fn::If: [condition, valueIfTrue, valueIfFalse]`; only the branch taken is resolved.
    func ifThenElse(_ call: Call) throws(TemplateError) -> JSONValue? {
        let items = try arguments(call, count: 3...3, form: "[condition name, value if true, value if false]")
        guard let name = items[0].scalar?.stringValue else {
            throw fail(items[0].line, "the first item of \(call.display) must be a condition name")
        }
        return try resolve(try condition(named: name, line: items[0].line, display: call.display) ? items[1] : items[2])
    }

    /// `Fn::GetAZs`: three zones `<region>a`, `<region>b`, `<region>c`.
    func getAZs(_ call: Call) throws(TemplateError) -> JSONValue {
        var region = context.region
        if let given = try resolve(call.argument), !given.isNull {
            let text = try text(given, "the region of \(call.display)", line: call.line)
            if !text.isEmpty { region = text }
        }
        return .array(["a", "b", "c"].map { .string(region + $0) })
    }

    /// `Fn::Base64`: the Base64 encoding of the string's UTF-8 bytes.
    func base64(_ call: Call) throws(TemplateError) -> JSONValue {
        let source = try text(try value(call.argument, "the argument of \(call.display)"), "the argument of \(call.display)", line: call.line)
        return .string(Data(source.utf8).base64EncodedString())
    }

    /// `Fn::FindInMap: [MapName, TopLevelKey, SecondLevelKey]`.
    func findInMap(_ call: Call) throws(TemplateError) -> JSONValue? {
        let items = try arguments(call, count: 3...3, form: "[MapName, TopLevelKey, SecondLevelKey]")
        var keys: [String] = []
        for item in items { keys.append(try text(try value(item, "a key of \(call.display)"), "a key of \(call.display)", line: item.line)) }
        guard let map = mappings?[keys[0]] else { throw fail(call.line, "\(call.display) names unknown mapping '\(keys[0])'") }
        guard let top = map[keys[1]] else { throw fail(call.line, "\(call.display): mapping \(keys[0]) has no key '\(keys[1])'") }
        guard let leaf = top[keys[2]] else {
            throw fail(call.line, "\(call.display): mapping \(keys[0]).\(keys[1]) has no key '\(keys[2])'")
        }
        return try resolve(leaf)
    }
}
