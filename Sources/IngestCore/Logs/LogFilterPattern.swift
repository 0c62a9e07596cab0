/// A CloudWatch Logs filter pattern over unstructured lines (`FilterLogEvents`' `filterPattern`):
///
/// - terms separated by spaces, each of which must appear (`ERROR timeout`); case-sensitive, as in AWS;
/// - `"quoted phrases"`, matched whole, spaces and punctuation included;
/// - `?term` terms, of which at least one must appear (`?ERROR ?WARN`);
/// - `-term` terms, which must not appear (`ERROR -retry`);
/// - `%regex%`, a regular expression searched in the line;
/// - an empty pattern (or `""`) matches every line.
///
/// JSON (`{ $.level = ... }`) and space-delimited (`[ip, user, ...]`) patterns are refused as unsupported.
public struct LogFilterPattern: Sendable, Hashable {
    public private(set) var required: [String] = []
    public private(set) var anyOf: [String] = []
    public private(set) var excluded: [String] = []
    public private(set) var regex: String?

    /// Why a pattern was refused (`InvalidParameterException` in AWS).
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(Invalid) {
        let pattern = text.trimmingCharacters(in: " \t")
        if pattern.first == "{" || pattern.first == "[" {
            throw Invalid(description: "JSON and space-delimited filter patterns are not supported by this engine; use terms, \"quoted phrases\" or %regex%.")
        }
        if pattern.count >= 2, pattern.first == "%", pattern.last == "%" {
            let body = String(pattern.dropFirst().dropLast())
            guard (try? Regex(body)) != nil else { throw Invalid(description: "Invalid filter pattern: the regular expression \(body) does not compile.") }
            regex = body
            return
        }
        var i = pattern.startIndex
        while i < pattern.endIndex {
            if pattern[i] == " " || pattern[i] == "\t" { i = pattern.index(after: i); continue }
            var sign: Character?
            if pattern[i] == "?" || pattern[i] == "-" {
                sign = pattern[i]
                i = pattern.index(after: i)
                guard i < pattern.endIndex else { throw Invalid(description: "Invalid filter pattern: \(sign!) must precede a term.") }
            }
            var term = ""
            if pattern[i] == "\"" {
                i = pattern.index(after: i)
                var closed = false
                while i < pattern.endIndex {
                    if pattern[i] == "\\", pattern.index(after: i) < pattern.endIndex {
                        i = pattern.index(after: i)
                        term.append(pattern[i])
                    } else if pattern[i] == "\"" {
                        closed = true
                        i = pattern.index(after: i)
                        break
                    } else {
                        term.append(pattern[i])
                    }
                    i = pattern.index(after: i)
                }
                guard closed else { throw Invalid(description: "Invalid filter pattern: a quoted phrase is not closed.") }
            } else {
                while i < pattern.endIndex, pattern[i] != " ", pattern[i] != "\t" {
                    term.append(pattern[i])
                    i = pattern.index(after: i)
                }
            }
            if term.isEmpty { continue }
            switch sign {
            case "?": anyOf.append(term)
            case "-": excluded.append(term)
            default: required.append(term)
            }
        }
    }

    /// Whether a line matches.
    public func matches(_ line: String) -> Bool { matcher()(line) }

    /// A test for many lines, with the regular expression compiled once.
    public func matcher() -> (String) -> Bool {
        if let regex {
            guard let r = try? Regex(regex) else { return { _ in false } }
            return { $0.contains(r) }
        }
        let required = required, anyOf = anyOf, excluded = excluded
        return { line in
            for t in required where !line.contains(t) { return false }
            if !anyOf.isEmpty, !anyOf.contains(where: { line.contains($0) }) { return false }
            for t in excluded where line.contains(t) { return false }
            return true
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let s = Set(set)
        return String(drop(while: { s.contains($0) }).reversed().drop(while: { s.contains($0) }).reversed())
    }
}
