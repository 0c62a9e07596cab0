import IngestCore
import Testing

@Suite("Condition expressions: grammar, DynamoDB semantics and validation errors")
struct ConditionExpressionTests {
    let item: Item = [
        "user_id": .s("u1"), "status": .s("INITIATED"), "age": .n("42"), "score": .n("9.5"), "name": .s("Zoë"),
        "bin": .b([1, 2, 3]), "ok": .bool(true), "gone": .null,
        "tags": .ss(["a", "b"]), "nums": .ns(["1", "10"]), "blobs": .bs([[9]]),
        "letters": .l([.s("x"), .n("2"), .m(["deep": .s("y")])]),
        "profile": .m(["address": .m(["city": .s("Paris"), "zip": .s("75001")]), "phones": .l([.s("111"), .s("222")])]),
        "my-attr": .s("dash"),
    ]

    func holds(_ text: String, names: [String: String] = [:], _ values: [String: AttributeValue] = [:], on target: Item? = nil) throws -> Bool {
        try ConditionExpression(text, names: names, values: values).evaluate(target ?? item)
    }

    func message(_ text: String, names: [String: String] = [:], _ values: [String: AttributeValue] = [:]) -> String? {
        ddbError { try ConditionExpression(text, names: names, values: values) }?.message
    }

    @Test("comparators compare numbers by value, strings and binary by bytes")
    func comparators() throws {
        #expect(try holds("age = :v", [":v": .n("42.0")]))
        #expect(try holds("age <> :v", [":v": .n("41")]))
        #expect(try holds("age < :v", [":v": .n("100")]))  // numerically, not "100" < "42" as text
        #expect(try holds("age <= :v", [":v": .n("4.2E1")]))
        #expect(try holds("age > :v", [":v": .n("-1E5")]))
        #expect(try holds("score >= :v", [":v": .n("9.5")]))
        #expect(try !holds("score > :v", [":v": .n("9.50")]))
        #expect(try holds("user_id < :v", [":v": .s("u2")]))
        #expect(try holds("user_id > :v", [":v": .s("U1")]))  // 'u' (0x75) > 'U' (0x55)
        #expect(try holds("#n > :v", names: ["#n": "name"], [":v": .s("Zoz")]))  // "ë" is multi-byte, above every ASCII byte
        #expect(try holds("bin < :v", [":v": .b([1, 2, 4])]))
        #expect(try holds("tags = :v", [":v": .ss(["b", "a"])]))
        #expect(try holds("profile.address = :v", [":v": .m(["zip": .s("75001"), "city": .s("Paris")])]))
        #expect(try holds("user_id = user_id"))
    }

    @Test("a type mismatch is false; a missing attribute is false except for <>")
    func mismatchAndMissing() throws {
        #expect(try !holds("age = :v", [":v": .s("42")]))
        #expect(try holds("age <> :v", [":v": .s("42")]))
        #expect(try !holds("age < :v", [":v": .s("9")]))
        #expect(try !holds("absent = :v", [":v": .s("x")]))
        #expect(try holds("absent <> :v", [":v": .s("x")]))
        #expect(try !holds("absent < :v", [":v": .s("x")]))
        #expect(try !holds("absent >= :v", [":v": .s("x")]))
        #expect(try holds("absent <> also_absent"))
        #expect(try !holds("absent = also_absent"))
        // Against no item at all, as for a put of a new key.
        let c = try ConditionExpression("#s <> :done", names: ["#s": "status"], values: [":done": .s("COMPLETED")])
        #expect(c.evaluate(nil))
    }

    @Test("BETWEEN is inclusive and IN matches any listed value")
    func betweenAndIn() throws {
        #expect(try holds("age BETWEEN :lo AND :hi", [":lo": .n("42"), ":hi": .n("50")]))
        #expect(try holds("age between :lo and :hi", [":lo": .n("1"), ":hi": .n("42")]))
        #expect(try !holds("age BETWEEN :lo AND :hi", [":lo": .n("43"), ":hi": .n("50")]))
        #expect(try !holds("age BETWEEN :lo AND :hi", [":lo": .s("1"), ":hi": .s("9")]))
        #expect(try holds("user_id BETWEEN :lo AND :hi", [":lo": .s("u"), ":hi": .s("v")]))
        #expect(try holds("#s IN (:a, :b)", names: ["#s": "status"], [":a": .s("DONE"), ":b": .s("INITIATED")]))
        #expect(try !holds("#s IN (:a)", names: ["#s": "status"], [":a": .s("DONE")]))
        #expect(try holds("age in (:x, :y)", [":x": .s("42"), ":y": .n("42.000")]))
        #expect(try !holds("absent IN (:a)", [":a": .s("x")]))
    }

    @Test("AND binds tighter than OR; NOT and parentheses")
    func precedence() throws {
        let t: [String: AttributeValue] = [":t": .bool(true), ":f": .bool(false)]
        // true OR (false AND false) = true; (true OR false) AND false would be false.
        #expect(try holds("ok = :t OR ok = :f AND ok = :f", t))
        #expect(try !holds("(ok = :t OR ok = :f) AND ok = :f", t))
        // false AND false OR true = true.
        #expect(try holds("ok = :f AND ok = :f OR ok = :t", t))
        #expect(try holds("NOT ok = :f", t))
        #expect(try !holds("NOT ok = :t", t))
        #expect(try holds("not not ok = :t", t))
        #expect(try !holds("NOT (ok = :t OR ok = :f)", t))
        #expect(try !holds("NOT ok = :t AND ok = :f", t))  // NOT binds tighter than AND
        #expect(try holds("((ok = :t))", t))
    }

    @Test("every function: attribute_exists, attribute_not_exists, attribute_type, begins_with, contains, size")
    func functions() throws {
        #expect(try holds("attribute_exists(user_id)"))
        #expect(try holds("attribute_exists(gone)"))  // NULL is a value
        #expect(try !holds("attribute_exists(absent)"))
        #expect(try holds("attribute_not_exists(absent)"))
        #expect(try holds("attribute_not_exists(user_id)", on: [:]))
        for (path, type) in [("user_id", "S"), ("age", "N"), ("bin", "B"), ("ok", "BOOL"), ("gone", "NULL"), ("tags", "SS"),
                             ("nums", "NS"), ("blobs", "BS"), ("letters", "L"), ("profile", "M")] {
            #expect(try holds("attribute_type(\(path), :t)", [":t": .s(type)]), "\(path) is \(type)")
        }
        #expect(try !holds("attribute_type(age, :t)", [":t": .s("S")]))
        #expect(try holds("begins_with(user_id, :p)", [":p": .s("u")]))
        #expect(try !holds("begins_with(user_id, :p)", [":p": .s("x")]))
        #expect(try holds("begins_with(bin, :p)", [":p": .b([1, 2])]))
        #expect(try !holds("begins_with(age, :p)", [":p": .s("4")]))
        #expect(try holds("contains(#s, :p)", names: ["#s": "status"], [":p": .s("TIA")]))
        #expect(try holds("contains(tags, :p)", [":p": .s("a")]))
        #expect(try !holds("contains(tags, :p)", [":p": .s("c")]))
        #expect(try holds("contains(nums, :p)", [":p": .n("10.0")]))
        #expect(try holds("contains(blobs, :p)", [":p": .b([9])]))
        #expect(try holds("contains(letters, :p)", [":p": .n("2")]))
        #expect(try holds("contains(letters, :p)", [":p": .m(["deep": .s("y")])]))
        #expect(try holds("contains(bin, :p)", [":p": .b([2, 3])]))
        #expect(try holds("size(user_id) = :n", [":n": .n("2")]))
        #expect(try holds("size(#n) = :n", names: ["#n": "name"], [":n": .n("4")]))  // UTF-8 bytes
        #expect(try holds("size(tags) = :n", [":n": .n("2")]))
        #expect(try holds("size(letters) > :n", [":n": .n("2")]))
        #expect(try holds("size(profile) = :n", [":n": .n("2")]))
        #expect(try holds("size(bin) BETWEEN :a AND :b", [":a": .n("3"), ":b": .n("3")]))
        #expect(try !holds("size(age) = :n", [":n": .n("2")]))
        #expect(try !holds("size(absent) >= :n", [":n": .n("0")]))
    }

    @Test("nested paths: maps, list indexes and aliased names")
    func nestedPaths() throws {
        #expect(try holds("profile.address.city = :c", [":c": .s("Paris")]))
        #expect(try holds("profile.phones[1] = :p", [":p": .s("222")]))
        #expect(try holds("letters[2].deep = :d", [":d": .s("y")]))
        #expect(try holds("#p.#a.zip = :z", names: ["#p": "profile", "#a": "address"], [":z": .s("75001")]))
        #expect(try holds("#d = :v", names: ["#d": "my-attr"], [":v": .s("dash")]))
        #expect(try holds("attribute_not_exists(profile.phones[5])"))
        #expect(try holds("attribute_not_exists(user_id.x)"))
        #expect(try holds("attribute_not_exists(letters[0][0])"))
        // A name alias holding a dot is one attribute name, not a path.
        #expect(try holds("attribute_not_exists(#x)", names: ["#x": "profile.address"]))
    }

    @Test("a reserved word used as a name is a ValidationException naming it")
    func reservedWords() throws {
        #expect(message("status = :s", [":s": .s("x")]) == "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status")
        for word in ["name", "date", "timestamp", "user", "data", "value", "count", "key", "type", "time", "year", "comment",
                     "order", "group", "level", "role", "size", "Status", "TTL", "region"] {
            #expect(message("attribute_exists(\(word))") == "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: \(word)")
        }
        #expect(message("profile.status = :s", [":s": .s("x")])?.contains("reserved keyword: status") == true)
        #expect(try holds("#status = :s", names: ["#status": "status"], [":s": .s("INITIATED")]))
        #expect(try holds("attribute_exists(user_id) AND email_address <> :s", [":s": .s("x")]))
    }

    @Test("unknown #names and :values are errors; unused ones are fine")
    func placeholders() throws {
        #expect(message("#nope = :v", [":v": .s("x")])
            == "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #nope")
        #expect(message("user_id = :nope")
            == "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope")
        #expect(try holds("user_id = :v", names: ["#unused": "x"], [":v": .s("u1"), ":unused": .n("1")]))
        #expect(message("user_id = :v", [":v": .ss([])])?.hasPrefix("ExpressionAttributeValues contains invalid value: ") == true)
        #expect(message("user_id = :v", [":v": .n("x")])?.hasSuffix("for key :v") == true)
    }

    @Test("syntax errors carry the token and its position")
    func syntaxErrors() {
        #expect(message("user_id = AND :v", [":v": .s("x")]) == #"Invalid ConditionExpression: Syntax error; token: "AND", near: "= AND :v" (position 11)"#)
        #expect(message("user_id = ") == #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "= " (position 11)"#)
        #expect(message("user_id $ :v")?.contains(#"token: "$""#) == true)
        #expect(message("(user_id = :v", [":v": .s("x")])?.contains("<EOF>") == true)
        #expect(message("user_id = :v)", [":v": .s("x")])?.contains(#"token: ")""#) == true)
        #expect(message("user_id :v")?.contains("Syntax error") == true)
        #expect(message("a[x] = :v")?.contains("Syntax error") == true)
        #expect(message("my-attr = :v")?.contains(#"token: "-""#) == true)
        #expect(message("") == "Invalid ConditionExpression: The expression can not be empty;")
        #expect(message("   ") == "Invalid ConditionExpression: The expression can not be empty;")
        #expect(message("user_id = # ")?.contains("Syntax error") == true)
        #expect(message("age BETWEEN :a :b", [":a": .n("1"), ":b": .n("2")])?.contains("Syntax error") == true)
    }

    @Test("functions must be known and used in their place, with their operands")
    func functionErrors() {
        #expect(message("attribute_exist(user_id)") == "Invalid ConditionExpression: Invalid function name; function: attribute_exist")
        #expect(message("ATTRIBUTE_EXISTS(user_id)") == "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS")
        #expect(message("attribute_exists(user_id) = :v", [":v": .bool(true)])
            == "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists")
        #expect(message("size(user_id)") == "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size")
        #expect(message("user_id = begins_with(user_id, :v)", [":v": .s("u")])?.contains("not allowed to be used this way") == true)
        #expect(message("attribute_exists(user_id, age)")
            == "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2")
        #expect(message("attribute_exists(:v)", [":v": .s("x")])
            == "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists")
        #expect(message("size(:v) = :n", [":v": .s("x"), ":n": .n("1")])?.contains("requires a document path") == true)
        #expect(message("attribute_type(age, :t)", [":t": .s("STRING")])?.contains("Invalid attribute type name found; type: STRING") == true)
        #expect(message("attribute_type(age, age)")?.contains("Incorrect operand type") == true)
        #expect(message("begins_with(user_id, :v)", [":v": .n("1")])?.contains("operator or function: begins_with, operand type: N") == true)
        #expect(message("age < :v", [":v": .bool(true)]) == "Invalid ConditionExpression: Incorrect operand type for operator or function; operator: <, operand type: BOOL")
        #expect(message("age BETWEEN :hi AND :lo", [":hi": .n("9"), ":lo": .n("1")])?.contains("requires upper bound to be greater than or equal to lower bound") == true)
        #expect(message("age BETWEEN :a AND :b", [":a": .n("1"), ":b": .s("9")])?.contains("same data type") == true)
        let many = (0...100).map { ":v\($0)" }
        let values = Dictionary(uniqueKeysWithValues: many.map { ($0, AttributeValue.n("1")) })
        #expect(message("age IN (\(many.joined(separator: ", ")))", values)?.contains("too many operands; number of operands: 101") == true)
        #expect(message("age IN (\(many.dropLast().joined(separator: ", ")))", values) == nil)
    }

    @Test("parse once, bind and evaluate many times")
    func parseOnce() throws {
        let parsed = try ParsedConditionExpression("#s = :s AND attribute_exists(user_id)")
        let initiated = try parsed.bind(names: ["#s": "status"], values: [":s": .s("INITIATED")])
        let completed = try parsed.bind(names: ["#s": "status"], values: [":s": .s("COMPLETED")])
        for _ in 0..<3 {
            #expect(initiated.evaluate(item))
            #expect(!completed.evaluate(item))
        }
        #expect(ddbError { try parsed.bind(values: [":s": .s("x")]) }?.message.contains("attribute name: #s") == true)
        #expect(try ConditionExpression(ConditionSpec("attribute_not_exists(user_id)")).evaluate(nil))
        #expect(initiated.description == "#s = :s AND attribute_exists(user_id)")
    }
}
