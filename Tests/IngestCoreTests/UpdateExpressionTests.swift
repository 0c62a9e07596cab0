import IngestCore
import Testing

@Suite("Update expressions: SET, REMOVE, ADD, DELETE and their errors")
struct UpdateExpressionTests {
    let item: Item = [
        "user_id": .s("u1"), "count": .n("5"), "name": .s("Ann"), "tags": .ss(["a", "b"]), "nums": .ns(["1", "2"]),
        "letters": .l([.s("x"), .s("y"), .s("z")]),
        "profile": .m(["city": .s("Paris"), "phones": .l([.s("111")])]),
    ]

    func apply(_ text: String, names: [String: String] = [:], _ values: [String: AttributeValue] = [:], to target: Item? = nil) throws -> Item {
        try UpdateExpression(text, names: names, values: values).apply(to: target ?? item, keyAttributes: ["user_id"])
    }

    func message(_ text: String, names: [String: String] = [:], _ values: [String: AttributeValue] = [:], to target: Item? = nil) -> String? {
        ddbError { try apply(text, names: names, values, to: target) }?.message
    }

    @Test("SET writes top-level, nested and list-index paths; an index past the end appends")
    func set() throws {
        let out = try apply("SET email = :e, #p.city = :c, #p.zip = :z, #l[1] = :y2, #l[10] = :end",
                            names: ["#p": "profile", "#l": "letters"],
                            [":e": .s("a@b.c"), ":c": .s("Lyon"), ":z": .s("69001"), ":y2": .s("Y"), ":end": .s("last")])
        #expect(out["email"] == .s("a@b.c"))
        #expect(out["profile"] == .m(["city": .s("Lyon"), "zip": .s("69001"), "phones": .l([.s("111")])]))
        #expect(out["letters"] == .l([.s("x"), .s("Y"), .s("z"), .s("last")]))
        #expect(out["user_id"] == .s("u1"))
    }

    @Test("SET arithmetic, if_not_exists and list_append")
    func setFunctions() throws {
        let one: [String: AttributeValue] = [":one": .n("1")]
        #expect(try apply("SET #c = #c + :one", names: ["#c": "count"], one)["count"] == .n("6"))
        #expect(try apply("SET #c = #c - :half", names: ["#c": "count"], [":half": .n("0.5")])["count"] == .n("4.5"))
        #expect(try apply("SET visits = if_not_exists(visits, :zero) + :one", [":zero": .n("0"), ":one": .n("1")])["visits"] == .n("1"))
        #expect(try apply("SET #c = if_not_exists(#c, :zero)", names: ["#c": "count"], [":zero": .n("0")])["count"] == .n("5"))
        #expect(try apply("SET letters = list_append(letters, :more)", [":more": .l([.s("w")])])["letters"]
            == .l([.s("x"), .s("y"), .s("z"), .s("w")]))
        #expect(try apply("SET letters = list_append(:front, letters)", [":front": .l([.s("0")])])["letters"]
            == .l([.s("0"), .s("x"), .s("y"), .s("z")]))
        #expect(try apply("SET fresh = list_append(if_not_exists(fresh, :empty), :v)", [":empty": .l([]), ":v": .l([.n("1")])])["fresh"]
            == .l([.n("1")]))
        #expect(try apply("SET dup = #n", names: ["#n": "name"])["dup"] == .s("Ann"))
    }

    @Test("every right-hand side reads the item as it was")
    func readsOriginal() throws {
        let out = try apply("SET a = b, b = a", to: ["user_id": .s("u1"), "a": .n("1"), "b": .n("2")])
        #expect(out["a"] == .n("2") && out["b"] == .n("1"))
    }

    @Test("REMOVE drops attributes, nested members and list elements by their original indexes")
    func remove() throws {
        let out = try apply("REMOVE #n, profile.city, letters[0], letters[2], nothing, profile.nothing.deeper", names: ["#n": "name"])
        #expect(out["name"] == nil)
        #expect(out["profile"] == .m(["phones": .l([.s("111")])]))
        #expect(out["letters"] == .l([.s("y")]))
        #expect(out["count"] == .n("5"))
    }

    @Test("ADD adds to numbers and sets; a missing attribute starts from the value")
    func add() throws {
        let out = try apply("ADD #c :two, tags :more, nums :n, newcount :one, newset :s",
                            names: ["#c": "count"],
                            [":two": .n("2"), ":more": .ss(["c", "a"]), ":n": .ns(["3", "1.0"]), ":one": .n("1"), ":s": .ss(["q"])])
        #expect(out["count"] == .n("7"))
        #expect(out["tags"] == .ss(["a", "b", "c"]))
        #expect(out["nums"] == .ns(["1", "2", "3"]))
        #expect(out["newcount"] == .n("1"))
        #expect(out["newset"] == .ss(["q"]))
    }

    @Test("DELETE removes set members; an emptied set disappears")
    func delete() throws {
        let out = try apply("DELETE tags :a, nums :all, absent :a", [":a": .ss(["a", "zz"]), ":all": .ns(["2", "1.00"])])
        #expect(out["tags"] == .ss(["b"]))
        #expect(out["nums"] == nil)
        #expect(out["absent"] == nil)
    }

    @Test("clauses combine in any order, keywords in any case")
    func combined() throws {
        let out = try apply("remove #n add #c :one Set email = :e delete tags :b", names: ["#n": "name", "#c": "count"],
                            [":one": .n("1"), ":e": .s("e"), ":b": .ss(["b"])])
        #expect(out["name"] == nil && out["count"] == .n("6") && out["email"] == .s("e") && out["tags"] == .ss(["a"]))
    }

    @Test("runtime errors: missing operands, wrong types, invalid document paths, the key")
    func runtimeErrors() {
        #expect(message("SET x = absent + :one", [":one": .n("1")]) == "The provided expression refers to an attribute that does not exist in the item")
        #expect(message("SET x = #n + :one", names: ["#n": "name"], [":one": .n("1")]) == "An operand in the update expression has an incorrect data type")
        #expect(message("SET x = list_append(#n, :l)", names: ["#n": "name"], [":l": .l([])]) == "An operand in the update expression has an incorrect data type")
        #expect(message("ADD #n :one", names: ["#n": "name"], [":one": .n("1")]) == "An operand in the update expression has an incorrect data type")
        #expect(message("ADD tags :n", [":n": .ns(["1"])]) == "An operand in the update expression has an incorrect data type")
        #expect(message("DELETE #n :s", names: ["#n": "name"], [":s": .ss(["A"])]) == "An operand in the update expression has an incorrect data type")
        #expect(message("SET nothing.deeper = :v", [":v": .s("x")]) == "The document path provided in the update expression is invalid for update")
        #expect(message("SET #n.deeper = :v", names: ["#n": "name"], [":v": .s("x")]) == "The document path provided in the update expression is invalid for update")
        #expect(message("SET #n[0] = :v", names: ["#n": "name"], [":v": .s("x")]) == "The document path provided in the update expression is invalid for update")
        #expect(message("SET #c = #c + :big", names: ["#c": "count"], [":big": .n("9.9999999999999999999999999999999999999E+125")])?
            .hasPrefix("Attempting to store more than 38 significant digits") == true)
        #expect(message("SET user_id = :v", [":v": .s("u2")])
            == "One or more parameter values were invalid: Cannot update attribute user_id. This attribute is part of the key")
    }

    @Test("validation errors: clauses used twice, overlapping paths, operand types, placeholders, reserved words, syntax")
    func validationErrors() {
        #expect(message("SET a = :v SET b = :v", [":v": .s("x")]) == #"Invalid UpdateExpression: The "SET" section can only be used once in an update expression;"#)
        #expect(message("SET a = :v REMOVE a", [":v": .s("x")])
            == "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]")
        #expect(message("SET a.b = :v REMOVE a", [":v": .s("x")])?.contains("path one: [a, b], path two: [a]") == true)
        #expect(message("SET a[0] = :v, a[0].c = :v", [":v": .s("x")])?.contains("path one: [a, [0]], path two: [a, [0], c]") == true)
        #expect(message("SET a[0] = :v, a[1] = :v", [":v": .s("x")], to: ["user_id": .s("u1"), "a": .l([.s("p"), .s("q")])]) == nil)
        #expect(message("ADD #n :s", names: ["#n": "name"], [":s": .s("x")])
            == "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: S")
        #expect(message("DELETE tags :n", [":n": .n("1")])
            == "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: N")
        #expect(message("SET a = list_append(letters, :s)", [":s": .s("x")])?.contains("operator or function: list_append, operand type: S") == true)
        #expect(message("SET a = a + :s", [":s": .s("x")])?.contains("operator or function: +, operand type: S") == true)
        #expect(message("SET a = :nope") == "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :nope")
        #expect(message("SET #nope = :v", [":v": .s("x")])?.contains("attribute name: #nope") == true)
        #expect(message("SET #n = :v", names: ["#n": "name"], [":v": .ss([])])?.hasPrefix("ExpressionAttributeValues contains invalid value") == true)
        #expect(message("SET status = :v", [":v": .s("x")]) == "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status")
        #expect(message("SET a = size(b)")?.contains("The function is not allowed in an update expression; function: size") == true)
        #expect(message("SET a = nope(b)") == "Invalid UpdateExpression: Invalid function name; function: nope")
        #expect(message("SET a = if_not_exists(:v, :v)", [":v": .s("x")])?.contains("requires a document path") == true)
        #expect(message("SET a = b + c + d")?.contains(#"Syntax error; token: "+""#) == true)
        #expect(message("SET a :v", [":v": .s("x")])?.contains("Syntax error") == true)
        #expect(message("ADD a b")?.contains("Syntax error") == true)
        #expect(message("UPDATE a = :v", [":v": .s("x")])?.contains(#"token: "UPDATE""#) == true)
        #expect(message("SET a = :v,", [":v": .s("x")])?.contains("<EOF>") == true)
        #expect(message("SET , a = :v", [":v": .s("x")])?.contains("Syntax error") == true)
        #expect(message("") == "Invalid UpdateExpression: The expression can not be empty;")
    }

    @Test("parse once, bind and apply many times")
    func parseOnce() throws {
        let parsed = try ParsedUpdateExpression("SET #s = :s ADD visits :one")
        let first = try parsed.bind(names: ["#s": "status"], values: [":s": .s("A"), ":one": .n("1")])
        let second = try parsed.bind(names: ["#s": "status"], values: [":s": .s("B"), ":one": .n("2")])
        let a = try first.apply(to: ["user_id": .s("u")])
        let b = try second.apply(to: a)
        #expect(b == ["user_id": .s("u"), "status": .s("B"), "visits": .n("3")])
        #expect(first.targetPaths.map(\.description) == ["status", "visits"])
        #expect(try UpdateExpression(ConditionSpec("REMOVE a")).description == "REMOVE a")
    }
}
