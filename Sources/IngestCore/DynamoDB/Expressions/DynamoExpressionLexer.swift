/// A token of a DynamoDB expression (condition or update).
struct DynamoToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A bare word: an attribute name, a keyword (`AND`, `SET`) or a function name.
        case identifier
        /// `#name`: an expression attribute name.
        case name
        /// `:value`: an expression attribute value.
        case value
        /// Digits, as in a list index `[0]`.
        case integer
        case lparen, rparen, lbracket, rbracket, comma, dot
        case eq, ne, lt, le, gt, ge, plus, minus
        case end
    }

    var kind: Kind
    var text: String
    /// Where the token starts, in Unicode scalars from the start of the expression.
    var offset: Int
    /// Where it ends (exclusive).
    var end: Int
}

/// Splits an expression into tokens and reports syntax errors the way DynamoDB words them, with a position.
struct DynamoExpressionLexer {
    /// `ConditionExpression` or `UpdateExpression`, for messages.
    let kind: String
    let source: [Unicode.Scalar]
    private(set) var tokens: [DynamoToken] = []

    init(_ text: String, kind: String) throws(DynamoError) {
        self.kind = kind
        self.source = Array(text.unicodeScalars)
        try tokenize()
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }

    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || (c >= "0" && c <= "9")
    }

    private mutating func tokenize() throws(DynamoError) {
        var i = 0
        let s = source
        func text(_ a: Int, _ b: Int) -> String {
            var out = String.UnicodeScalarView()
            out.append(contentsOf: s[a..<b])
            return String(out)
        }
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            let start = i
            var kind: DynamoToken.Kind
            switch c {
            case "(": kind = .lparen; i += 1
            case ")": kind = .rparen; i += 1
            case "[": kind = .lbracket; i += 1
            case "]": kind = .rbracket; i += 1
            case ",": kind = .comma; i += 1
            case ".": kind = .dot; i += 1
            case "=": kind = .eq; i += 1
            case "+": kind = .plus; i += 1
            case "-": kind = .minus; i += 1
            case "<":
                if i + 1 < s.count, s[i + 1] == ">" { kind = .ne; i += 2 }
                else if i + 1 < s.count, s[i + 1] == "=" { kind = .le; i += 2 }
                else { kind = .lt; i += 1 }
            case ">":
                if i + 1 < s.count, s[i + 1] == "=" { kind = .ge; i += 2 } else { kind = .gt; i += 1 }
            case "#", ":":
                i += 1
                while i < s.count, Self.isIdentifierPart(s[i]) { i += 1 }
                guard i > start + 1 else {
                    throw syntaxError(DynamoToken(kind: .end, text: String(c), offset: start, end: start + 1))
                }
                kind = c == "#" ? .name : .value
            default:
                if c >= "0" && c <= "9" {
                    while i < s.count, s[i] >= "0" && s[i] <= "9" { i += 1 }
                    kind = .integer
                } else if Self.isIdentifierStart(c) {
                    while i < s.count, Self.isIdentifierPart(s[i]) { i += 1 }
                    kind = .identifier
                } else {
                    throw syntaxError(DynamoToken(kind: .end, text: String(c), offset: start, end: start + 1))
                }
            }
            tokens.append(DynamoToken(kind: kind, text: text(start, i), offset: start, end: i))
        }
        tokens.append(DynamoToken(kind: .end, text: "<EOF>", offset: s.count, end: s.count))
    }

    /// `Invalid ConditionExpression: Syntax error; token: "AND", near: "= AND b" (position 5)`.
    func syntaxError(_ token: DynamoToken) -> DynamoError {
        // "near" shows the token with its neighbours, as DynamoDB does.
        var from = token.offset
        var to = token.end
        if let idx = tokens.firstIndex(where: { $0.offset == token.offset && $0.kind == token.kind }) {
            if idx > 0 { from = tokens[idx - 1].offset }
            if idx + 1 < tokens.count, tokens[idx + 1].kind != .end { to = tokens[idx + 1].end }
        } else {
            from = max(0, from - 10)
            to = min(source.count, to + 10)
        }
        var near = String.UnicodeScalarView()
        near.append(contentsOf: source[from..<min(to, source.count)])
        return error("Syntax error; token: \"\(token.text)\", near: \"\(String(near))\" (position \(token.offset + 1))")
    }

    /// `Invalid <kind>: <message>`.
    func error(_ message: String) -> DynamoError {
        .validation("Invalid \(kind): \(message)")
    }
}

/// A recursive-descent cursor over tokens, shared by the condition and update parsers.
struct DynamoTokenCursor {
    let lexer: DynamoExpressionLexer
    var index = 0

    init(_ lexer: DynamoExpressionLexer) { self.lexer = lexer }

    var peek: DynamoToken { lexer.tokens[index] }
    func peek(_ ahead: Int) -> DynamoToken { lexer.tokens[min(index + ahead, lexer.tokens.count - 1)] }

    @discardableResult
    mutating func next() -> DynamoToken {
        let t = lexer.tokens[index]
        if index < lexer.tokens.count - 1 { index += 1 }
        return t
    }

    /// Whether the next token is the keyword (case-insensitive).
    func at(keyword: String) -> Bool {
        peek.kind == .identifier && peek.text.uppercased() == keyword
    }

    mutating func expect(_ kind: DynamoToken.Kind) throws(DynamoError) -> DynamoToken {
        guard peek.kind == kind else { throw lexer.syntaxError(peek) }
        return next()
    }

    mutating func expect(keyword: String) throws(DynamoError) {
        guard at(keyword: keyword) else { throw lexer.syntaxError(peek) }
        next()
    }

    func syntaxError(_ token: DynamoToken? = nil) -> DynamoError { lexer.syntaxError(token ?? peek) }
    func error(_ message: String) -> DynamoError { lexer.error(message) }

    /// A document path: `a`, `#n`, `a.b`, `a[0]`, `#n.b[2].c`. A bare reserved word is an error.
    mutating func parsePath(grammarKeywords: Set<String>) throws(DynamoError) -> RawPath {
        let start = peek
        var elements: [RawPath.Element] = [try pathName(grammarKeywords: grammarKeywords)]
        while true {
            if peek.kind == .dot {
                next()
                elements.append(try pathName(grammarKeywords: grammarKeywords))
            } else if peek.kind == .lbracket {
                next()
                let n = try expect(.integer)
                guard let i = Int(n.text) else { throw syntaxError(n) }
                _ = try expect(.rbracket)
                elements.append(.index(i))
            } else {
                break
            }
        }
        return RawPath(elements: elements, offset: start.offset)
    }

    private mutating func pathName(grammarKeywords: Set<String>) throws(DynamoError) -> RawPath.Element {
        let t = peek
        switch t.kind {
        case .name:
            next()
            return .placeholder(t.text)
        case .identifier:
            let upper = t.text.uppercased()
            if grammarKeywords.contains(upper) { throw syntaxError(t) }
            if DynamoReservedWords.all.contains(upper) {
                throw error("Attribute name is a reserved keyword; reserved keyword: \(t.text)")
            }
            next()
            return .name(t.text)
        default:
            throw syntaxError(t)
        }
    }
}
