/// One value in an AWS config or credentials file: text, or the `key = value` lines indented under a
/// key with nothing after its `=` (how `[services NAME]` writes per-service settings).
enum AWSINIValue: Sendable, Equatable {
    case text(String)
    case nested([String: String])

    var text: String? { if case .text(let t) = self { t } else { nil } }
    var nested: [String: String]? { if case .nested(let n) = self { n } else { nil } }
}

/// One `[NAME]` section; `name` is the text between the brackets, as written.
struct AWSINISection: Sendable, Equatable {
    var name: String
    var values: [String: AWSINIValue]
}

/// An AWS config or credentials file parsed the way botocore parses it (Python's `RawConfigParser`, then
/// one level of nesting):
/// - a line whose first non-blank character is `#` or `;` is a comment; there are no inline comments;
/// - `[NAME]` opens a section (the name is everything up to the last `]`); `[DEFAULT]` holds defaults
///   for every other section;
/// - `key = value` or `key: value`, split at the first `=` or `:`; keys are trimmed and lower-cased,
///   values trimmed; a section or a key written twice is an error, as in Python's strict mode;
/// - a line indented deeper than its key continues that key's value (blank lines inside are kept);
///   a key whose value starts on the next line is nested: each continuation line is `key = value`.
struct AWSINIFile: Sendable, Equatable {
    /// The file's name in messages (`~/.aws/config`).
    var displayPath: String
    /// The sections in file order, `[DEFAULT]` values merged into each.
    var sections: [AWSINISection]

    func section(named name: String) -> AWSINISection? { sections.first { $0.name == name } }

    static func parse(_ text: String, displayPath: String) throws(AWSConfigError) -> AWSINIFile {
        var parser = Parser(displayPath: displayPath)
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, line) in lines.enumerated() {
            var line = Substring(line)
            if index == 0, line.first == "\u{FEFF}" { line = line.dropFirst() }
            try parser.feed(line, number: index + 1)
        }
        return try parser.finish()
    }

    private struct PendingOption {
        var key: String
        var line: Int
        var parts: [(text: String, line: Int)]
    }

    private struct Parser {
        let displayPath: String
        var sections: [AWSINISection] = []
        var defaults: [String: AWSINIValue] = [:]
        var current: Int? // index into sections, or -1 for [DEFAULT]
        var option: PendingOption?
        var indentLevel = 0
        var seenKeys: [String: Set<String>] = [:]

        init(displayPath: String) { self.displayPath = displayPath }

        func error(_ line: Int, _ why: String) -> AWSConfigError {
            AWSConfigError("cannot parse \(displayPath) line \(line): \(why)")
        }

        var currentName: String? {
            guard let current else { return nil }
            return current < 0 ? "DEFAULT" : sections[current].name
        }

        mutating func feed(_ line: Substring, number: Int) throws(AWSConfigError) {
            let stripped = line.trimmingWhitespace()
            if stripped.hasPrefix("#") || stripped.hasPrefix(";") { return }
            if stripped.isEmpty {
                option?.parts.append((text: "", line: number))
                return
            }
            let indent = line.prefix { $0.isWhitespace }.count
            if current != nil, option != nil, indent > indentLevel {
                option?.parts.append((text: String(stripped), line: number))
                return
            }
            indentLevel = indent
            if stripped.hasPrefix("["), let close = stripped.lastIndex(of: "]"), stripped.index(after: stripped.startIndex) < close {
                try flush()
                try openSection(String(stripped[stripped.index(after: stripped.startIndex)..<close]), line: number)
                return
            }
            guard let sectionName = currentName else { throw error(number, "a setting comes before any [section]") }
            try flush()
            guard let delimiter = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw error(number, "expected a [section], a key = value line or a comment")
            }
            let key = stripped[..<delimiter].trimmingWhitespace().lowercased()
            guard !key.isEmpty else { throw error(number, "a line with no key before its \"\(stripped[delimiter])\"") }
            guard seenKeys[sectionName, default: []].insert(key).inserted else {
                throw error(number, "key \(key) appears twice in [\(sectionName)]")
            }
            let value = stripped[stripped.index(after: delimiter)...].trimmingWhitespace()
            option = PendingOption(key: key, line: number, parts: [(text: String(value), line: number)])
        }

        mutating func openSection(_ name: String, line: Int) throws(AWSConfigError) {
            if name == "DEFAULT" {
                current = -1
            } else if sections.contains(where: { $0.name == name }) {
                throw error(line, "section [\(name)] appears twice")
            } else {
                sections.append(AWSINISection(name: name, values: [:]))
                current = sections.count - 1
            }
        }

        /// Stores the pending option's value, joined and nested the way botocore does.
        mutating func flush() throws(AWSConfigError) {
            guard let pending = option, let current else { return }
            option = nil
            var parts = pending.parts
            while let last = parts.last, last.text.isEmpty, parts.count > 1 { parts.removeLast() }
            let value: AWSINIValue
            if parts.count > 1, parts[0].text.isEmpty {
                var nested: [String: String] = [:]
                for part in parts.dropFirst() where !part.text.isEmpty {
                    guard let eq = part.text.firstIndex(of: "=") else {
                        throw error(part.line, "a line nested under \(pending.key) is not key = value")
                    }
                    let key = part.text[..<eq].trimmingWhitespace().lowercased()
                    nested[key] = String(part.text[part.text.index(after: eq)...].trimmingWhitespace())
                }
                value = .nested(nested)
            } else {
                value = .text(parts.map(\.text).joined(separator: "\n"))
            }
            if current < 0 { defaults[pending.key] = value } else { sections[current].values[pending.key] = value }
        }

        mutating func finish() throws(AWSConfigError) -> AWSINIFile {
            try flush()
            if !defaults.isEmpty {
                for i in sections.indices { sections[i].values.merge(defaults) { own, _ in own } }
            }
            return AWSINIFile(displayPath: displayPath, sections: sections)
        }
    }
}

extension StringProtocol where SubSequence == Substring {
    func trimmingWhitespace() -> Substring {
        let s = self[...]
        guard let start = s.firstIndex(where: { !$0.isWhitespace }) else { return s[s.endIndex...] }
        let end = s.lastIndex(where: { !$0.isWhitespace })!
        return s[start...end]
    }
}
