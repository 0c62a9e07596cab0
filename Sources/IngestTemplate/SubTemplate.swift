/// The pieces of an `Fn::Sub` string: literal text and `${Name}` / `${Resource.Attribute}` variables.
/// `${!Literal}` stands for the text `${Literal}`.
enum SubTemplate {
    enum Part: Equatable {
        case literal(String)
        case variable(String)
    }

    static func parse(_ text: String) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            literal += rest[rest.startIndex..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else {
                literal += rest[start.lowerBound...]
                rest = ""
                break
            }
            let inner = afterOpen[afterOpen.startIndex..<close]
            if inner.hasPrefix("!") {
                literal += "${" + inner.dropFirst() + "}"
            } else {
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.variable(String(inner).trimmed))
            }
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }
}
