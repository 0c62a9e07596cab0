import Testing
@testable import IngestCore

@Suite("SNS subscription filter policies")
struct FilterPolicyTests {
    // MARK: Helpers

    func policy(_ json: String, _ scope: FilterPolicyScope = .messageAttributes) throws -> FilterPolicy {
        try FilterPolicy(json: json, scope: scope)
    }

    /// Whether an attribute-scope policy matches the given attributes.
    func matches(_ json: String, _ attributes: MessageAttributes) throws -> Bool {
        try policy(json).matches(attributes: attributes, body: "")
    }

    /// Whether a body-scope policy matches the given body.
    func matchesBody(_ json: String, _ body: String) throws -> Bool {
        try policy(json, .messageBody).matches(attributes: [:], body: body)
    }

    /// The rejection message for a policy, or nil when it is accepted.
    func rejection(_ json: String, _ scope: FilterPolicyScope = .messageAttributes) -> String? {
        do {
            _ = try FilterPolicy(json: json, scope: scope)
            return nil
        } catch let error as FilterPolicyError {
            return error.message
        } catch {
            return "unexpected error type: \(error)"
        }
    }

    func s(_ value: String) -> MessageAttributeValue { .string(value) }
    func n(_ value: String) -> MessageAttributeValue { .number(value) }

    // MARK: AND / OR

    @Test("every key must match (AND across keys)")
    func andAcrossKeys() throws {
        let p = #"{"customer_interests": ["rugby"], "price_usd": [{"numeric": [">", 100]}]}"#
        #expect(try matches(p, ["customer_interests": s("rugby"), "price_usd": n("150")]))
        #expect(try !matches(p, ["customer_interests": s("rugby"), "price_usd": n("50")]))
        #expect(try !matches(p, ["customer_interests": s("soccer"), "price_usd": n("150")]))
        #expect(try !matches(p, ["customer_interests": s("rugby")]))
    }

    @Test("any value in a key's list matches (OR within a key)")
    func orWithinKey() throws {
        let p = #"{"customer_interests": ["rugby", "football", "baseball"]}"#
        #expect(try matches(p, ["customer_interests": s("football")]))
        #expect(try matches(p, ["customer_interests": s("baseball")]))
        #expect(try !matches(p, ["customer_interests": s("cricket")]))
    }

    @Test("attributes the policy does not name are ignored")
    func unnamedAttributesIgnored() throws {
        let p = #"{"store": ["example_corp"]}"#
        #expect(try matches(p, ["store": s("example_corp"), "other": s("x"), "bin": .binary([1, 2])]))
    }

    @Test("a missing attribute fails the match, even for null and anything-but")
    func missingAttributeFails() throws {
        #expect(try !matches(#"{"store": ["example_corp"]}"#, [:]))
        #expect(try !matches(#"{"attr1": [null, {"anything-but": "whatever"}]}"#, [:]))
        #expect(try !matches(#"{"attr1": [{"numeric": [">", 0]}]}"#, ["other": n("5")]))
    }

    @Test("string matching is case-sensitive")
    func caseSensitive() throws {
        let p = #"{"event": ["OrderPlaced"]}"#
        #expect(try matches(p, ["event": s("OrderPlaced")]))
        #expect(try !matches(p, ["event": s("orderplaced")]))
        #expect(try !matches(#"{"event": [{"prefix": "Order"}]}"#, ["event": s("order-1")]))
    }

    @Test("$or matches either alternative and is ANDed with sibling keys")
    func orOperatorTopLevel() throws {
        let p = #"""
        {"source": ["aws.cloudwatch"],
         "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]},
                 {"metricType": ["MetricType"], "namespace": ["AWS/EC2", "AWS/ES"]}]}
        """#
        #expect(try matches(p, ["source": s("aws.cloudwatch"), "metricName": s("ReadLatency")]))
        #expect(try matches(p, ["source": s("aws.cloudwatch"), "metricType": s("MetricType"), "namespace": s("AWS/ES")]))
        #expect(try !matches(p, ["source": s("aws.cloudwatch"), "namespace": s("AWS/ES")]))   // second branch needs both keys
        #expect(try !matches(p, ["source": s("aws.events"), "metricName": s("ReadLatency")]))  // sibling key still required
        #expect(try !matches(p, ["metricName": s("ReadLatency")]))
    }

    @Test("$or inside a nested body object, combined with other $or alternatives")
    func orOperatorNestedInBody() throws {
        let p = #"""
        {"$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}],
         "detail": {"scope": ["Service"],
                    "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change"]}]}}
        """#
        let passing = [
            #"{"metricName": "CPUUtilization", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}"#,
            #"{"namespace": "AWS/EC2", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}"#,
            #"{"metricName": "CPUUtilization", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}"#,
        ]
        let failing = [
            #"{"metricName": "CPUUtilization", "detail": {"scope": "aws.cloudwatch", "type": "CloudWatch Alarm State Change"}}"#,
            #"{"metricName": "CPUUtilization", "detail": {"scope": "Service", "type": "CPUUtilization"}}"#,
            #"{"metricName": "CPUUtilization", "detail": {"type": "CloudWatch Alarm State Change"}}"#,
            #"{"metricName": "CPUUtilization", "detail": {"scope": "Service"}}"#,
            #"{"metricName": "AWS/EC2", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}"#,
        ]
        for body in passing { #expect(try matchesBody(p, body), "\(body)") }
        for body in failing { #expect(try !matchesBody(p, body), "\(body)") }
    }

    @Test("$or that is not an array of at least two plain objects is an ordinary key name")
    func orOperatorNotRecognised() throws {
        // Objects naming reserved words (operators) make "$or" an attribute with two prefix conditions.
        let p = #"{"$or": [{"prefix": "a"}, {"prefix": "b"}]}"#
        #expect(try matches(p, ["$or": s("banana")]))
        #expect(try !matches(p, ["$or": s("cherry")]))
        #expect(try matches(#"{"$or": ["x", "y"]}"#, ["$or": s("y")]))
        // A single alternative is not an $or either, so its object reads as an unknown operator.
        #expect(rejection(#"{"$or": [{"a": ["x"]}]}"#) == "Unrecognized match type a")
    }

    // MARK: Message attribute types

    @Test("Number attributes match numeric conditions and numeric values, never string values")
    func numberAttributes() throws {
        #expect(try matches(#"{"price": [100]}"#, ["price": n("100")]))
        #expect(try matches(#"{"price": [100]}"#, ["price": n("1.0e2")]))
        #expect(try matches(#"{"price": [{"numeric": ["=", 100]}]}"#, ["price": n("100.0")]))
        #expect(try !matches(#"{"price": ["100"]}"#, ["price": n("100")]))
        #expect(try !matches(#"{"price": [100]}"#, ["price": s("100")]))
        #expect(try !matches(#"{"price": [{"numeric": [">", 1]}]}"#, ["price": s("100")]))
        #expect(try !matches(#"{"price": [{"numeric": [">", 1]}]}"#, ["price": n("not-a-number")]))
    }

    @Test("String.Array attributes match when any element matches")
    func stringArrayAttributes() throws {
        let p = #"{"store": ["value1"]}"#
        #expect(try matches(p, ["store": .stringArray(#"["value1", "value2"]"#)]))
        #expect(try !matches(p, ["store": .stringArray(#"["value2", "value3"]"#)]))
        #expect(try !matches(p, ["store": .stringArray("not json")]))
        #expect(try matches(#"{"n": [{"numeric": [">", 10]}]}"#, ["n": .stringArray("[1, 20, \"x\"]")]))
        #expect(try matches(#"{"flag": [true]}"#, ["flag": .stringArray("[false, true]")]))
        #expect(try matches(#"{"v": [null]}"#, ["v": .stringArray("[null]")]))
        #expect(try matches(#"{"tag": [{"anything-but": "a"}]}"#, ["tag": .stringArray(#"["a", "b"]"#)]))
        #expect(try !matches(#"{"tag": [{"anything-but": "a"}]}"#, ["tag": .stringArray(#"["a"]"#)]))
    }

    @Test("Binary attributes are ignored: no content match, and they do not count as present")
    func binaryAttributesIgnored() throws {
        let attrs: MessageAttributes = ["blob": .binary([0x41, 0x42])]
        #expect(try !matches(#"{"blob": ["AB"]}"#, attrs))
        #expect(try !matches(#"{"blob": [{"prefix": ""}]}"#, attrs))
        #expect(try !matches(#"{"blob": [{"anything-but": "x"}]}"#, attrs))
        #expect(try !matches(#"{"blob": [{"exists": true}]}"#, attrs))
        #expect(try matches(#"{"blob": [{"exists": false}]}"#, attrs))
    }

    @Test("data types with a custom suffix match as their base type")
    func customTypeSuffix() throws {
        #expect(try matches(#"{"a": ["x"]}"#, ["a": .init(dataType: "String.custom", stringValue: "x")]))
        #expect(try matches(#"{"a": [{"numeric": ["<", 3]}]}"#, ["a": .init(dataType: "Number.float", stringValue: "2.5")]))
    }

    // MARK: Message body scope

    @Test("MessageBody: nested policy objects match nested keys of the JSON body")
    func bodyNestedKeys() throws {
        let p = #"""
        {"object": {"key": [{"prefix": "auto-"}, "hardcodedvalue"], "nested_key": [{"exists": false}]},
         "test": [{"exists": false}]}
        """#
        #expect(try matchesBody(p, #"{"object": {"key": "auto-test"}}"#))
        #expect(try matchesBody(p, #"{"object": {"key": "hardcodedvalue"}, "unrelated": [1, 2]}"#))
        #expect(try !matchesBody(p, #"{"object": {"key": "test-auto"}}"#))
        #expect(try !matchesBody(p, #"{"object": {"key": "auto-test"}, "test": "just-exists"}"#))
        #expect(try !matchesBody(p, #"{"object": {"key": "auto-test", "nested_key": "just-exists"}}"#))
        #expect(try !matchesBody(p, #"{"object": {"test": "auto-test"}}"#))
        #expect(try !matchesBody(p, #"{"test": "auto-test"}"#))
    }

    @Test("MessageBody: arrays in the body match when any element matches, at any depth")
    func bodyArrays() throws {
        #expect(try matchesBody(#"{"headers": {"route-to": ["queue1"]}}"#, #"{"headers": {"route-to": ["queue1", "queue2"]}}"#))
        #expect(try !matchesBody(#"{"headers": {"route-to": ["queue1"]}}"#, #"{"headers": {"route-to": ["queue3"]}}"#))
        let p = #"{"Records": {"s3": {"object": {"key": [{"prefix": "auto-"}]}}, "eventName": [{"prefix": "ObjectCreated:"}]}}"#
        let body = #"""
        {"Records": [
          {"eventName": "ObjectCreated:Put", "s3": {"object": [[{"key": "auto-insurance-2314.xml", "size": 17}]]}},
          {"eventName": "ObjectRemoved:Delete", "s3": {"object": {"key": "home-insurance-2314.xml"}}}]}
        """#
        #expect(try matchesBody(p, body))
        #expect(try !matchesBody(p, #"{"Records": [{"eventName": "ObjectRemoved:Delete", "s3": {"object": {"key": "auto-x"}}}]}"#))
    }

    @Test("MessageBody: numbers, booleans and null in the body match by type")
    func bodyScalars() throws {
        #expect(try matchesBody(#"{"price": [{"numeric": [">=", 10, "<", 20]}]}"#, #"{"price": 10}"#))
        #expect(try !matchesBody(#"{"price": [{"numeric": [">=", 10, "<", 20]}]}"#, #"{"price": "15"}"#))
        #expect(try matchesBody(#"{"price": [15]}"#, #"{"price": 15.0}"#))
        #expect(try matchesBody(#"{"ok": [true]}"#, #"{"ok": true}"#))
        #expect(try !matchesBody(#"{"ok": [true]}"#, #"{"ok": "true"}"#))
        #expect(try matchesBody(#"{"gone": [null]}"#, #"{"gone": null}"#))
        #expect(try !matchesBody(#"{"gone": [null]}"#, #"{}"#))
        #expect(try matchesBody(#"{"gone": [{"exists": true}]}"#, #"{"gone": null}"#))
    }

    @Test("MessageBody: a body that is not a JSON object never matches")
    func bodyNotJSON() throws {
        let p = #"{"a": [{"exists": false}]}"#
        #expect(try matchesBody(p, "{}"))
        #expect(try !matchesBody(p, "Regular string message"))
        #expect(try !matchesBody(p, #""a JSON string""#))
        #expect(try !matchesBody(p, "[1, 2]"))
    }

    @Test("MessageBody: a dotted policy key matches nested and dotted body keys alike")
    func bodyDottedKeys() throws {
        let p = #"{"object.nested": ["string.value"]}"#
        #expect(try matchesBody(p, #"{"object": {"nested": "string.value"}}"#))
        #expect(try matchesBody(p, #"{"object.nested": "string.value"}"#))
        #expect(try !matchesBody(p, #"{"object": {"nested": "other"}}"#))
        let deep = #"{"object.nested.test": ["v"]}"#
        #expect(try matchesBody(deep, #"{"object": {"nested.test": "v"}}"#))
        #expect(try matchesBody(deep, #"{"object.nested": {"test": "v"}}"#))
    }

    @Test("MessageBody: a key holding an object is not a value")
    func bodyObjectIsNotLeaf() throws {
        #expect(try !matchesBody(#"{"a": [{"exists": true}]}"#, #"{"a": {"b": 1}}"#))
        #expect(try matchesBody(#"{"a": [{"exists": false}]}"#, #"{"a": {"b": 1}}"#))
    }

    @Test("the empty policy matches every message")
    func emptyPolicy() throws {
        #expect(try matches("{}", [:]))
        #expect(try matchesBody("{}", "not json"))
    }

    // MARK: Operators

    @Test("prefix matches the start of string values only")
    func prefixOperator() throws {
        let p = #"{"customer_interests": [{"prefix": "bas"}]}"#
        #expect(try matches(p, ["customer_interests": s("baseball")]))
        #expect(try !matches(p, ["customer_interests": s("rugby")]))
        #expect(try !matchesBody(#"{"n": [{"prefix": "12"}]}"#, #"{"n": 123}"#))
    }

    @Test("suffix matches the end of string values")
    func suffixOperator() throws {
        let p = #"{"customer_interests": [{"suffix": "ball"}]}"#
        #expect(try matches(p, ["customer_interests": s("baseball")]))
        #expect(try matches(p, ["customer_interests": s("ball")]))
        #expect(try !matches(p, ["customer_interests": s("rugby")]))
        #expect(try !matches(p, ["customer_interests": s("all")]))
    }

    @Test("equals-ignore-case ignores case and nothing else")
    func equalsIgnoreCaseOperator() throws {
        let p = #"{"customer_interests": [{"equals-ignore-case": "tennis"}]}"#
        #expect(try matches(p, ["customer_interests": s("TENNIS")]))
        #expect(try matches(p, ["customer_interests": s("Tennis")]))
        #expect(try !matches(p, ["customer_interests": s("tennis ")]))
    }

    @Test("anything-but with a list of strings matches any other value")
    func anythingButStringList() throws {
        let p = #"{"customer_interests": [{"anything-but": ["rugby", "tennis"]}]}"#
        #expect(try matches(p, ["customer_interests": s("baseball")]))
        #expect(try !matches(p, ["customer_interests": s("rugby")]))
        #expect(try !matches(p, ["customer_interests": s("tennis")]))
        #expect(try !matches(p, [:]))
    }

    @Test("anything-but with a single string or a single number")
    func anythingButSingle() throws {
        #expect(try matches(#"{"a": [{"anything-but": "rugby"}]}"#, ["a": s("football")]))
        #expect(try !matches(#"{"a": [{"anything-but": "rugby"}]}"#, ["a": s("rugby")]))
        #expect(try matches(#"{"a": [{"anything-but": "rugby"}]}"#, ["a": n("5")]))
        #expect(try matches(#"{"a": [{"anything-but": 100}]}"#, ["a": n("99")]))
        #expect(try !matches(#"{"a": [{"anything-but": 100}]}"#, ["a": n("100.0")]))
    }

    @Test("anything-but with a list of numbers excludes those numbers")
    func anythingButNumberList() throws {
        let p = #"{"price": [{"anything-but": [100, 500]}]}"#
        #expect(try matches(p, ["price": n("101")]))
        #expect(try !matches(p, ["price": n("100")]))
        #expect(try !matches(p, ["price": n("5e2")]))
        #expect(try matches(p, ["price": s("100")]))   // a string is not the number 100
    }

    @Test("anything-but with prefix or suffix excludes strings that start or end that way")
    func anythingButPrefixSuffix() throws {
        let pre = #"{"event": [{"anything-but": {"prefix": "order-"}}]}"#
        #expect(try matches(pre, ["event": s("invoice-1")]))
        #expect(try !matches(pre, ["event": s("order-1")]))
        let suf = #"{"file": [{"anything-but": {"suffix": ".tmp"}}]}"#
        #expect(try matches(suf, ["file": s("report.pdf")]))
        #expect(try !matches(suf, ["file": s("report.tmp")]))
    }

    @Test("anything-but with equals-ignore-case excludes values regardless of case")
    func anythingButIgnoreCase() throws {
        let p = #"{"env": [{"anything-but": {"equals-ignore-case": ["prod", "Staging"]}}]}"#
        #expect(try matches(p, ["env": s("dev")]))
        #expect(try !matches(p, ["env": s("PROD")]))
        #expect(try !matches(p, ["env": s("staging")]))
    }

    @Test("numeric supports =, one-sided bounds and closed or half-open ranges")
    func numericOperator() throws {
        #expect(try matches(#"{"p": [{"numeric": ["=", 301.5]}]}"#, ["p": n("3.015e2")]))
        #expect(try matches(#"{"p": [{"numeric": ["<", 0]}]}"#, ["p": n("-0.5")]))
        #expect(try !matches(#"{"p": [{"numeric": ["<", 0]}]}"#, ["p": n("0")]))
        #expect(try matches(#"{"p": [{"numeric": ["<=", 0]}]}"#, ["p": n("0")]))
        #expect(try matches(#"{"p": [{"numeric": [">=", 0]}]}"#, ["p": n("0")]))
        let range = #"{"p": [{"numeric": [">", 0, "<=", 100]}]}"#
        #expect(try matches(range, ["p": n("99")]))
        #expect(try matches(range, ["p": n("100")]))
        #expect(try !matches(range, ["p": n("111")]))
        #expect(try !matches(range, ["p": n("0")]))
        #expect(try matches(#"{"p": [{"numeric": [">=", 10, "<", 20]}]}"#, ["p": n("10")]))
        #expect(try !matches(#"{"p": [{"numeric": [">=", 10, "<", 20]}]}"#, ["p": n("20")]))
    }

    @Test("numeric comparisons are accurate to five decimal places")
    func numericPrecision() throws {
        #expect(try matches(#"{"p": [{"numeric": ["=", 5]}]}"#, ["p": n("5.000001")]))
        #expect(try !matches(#"{"p": [{"numeric": ["=", 5]}]}"#, ["p": n("5.00001")]))
        #expect(try matches(#"{"p": [{"numeric": [">", 0.00001]}]}"#, ["p": n("0.00002")]))
    }

    @Test("exists true needs the key present; exists false needs it absent")
    func existsOperator() throws {
        #expect(try matches(#"{"store": [{"exists": true}]}"#, ["store": n("99"), "def": n("99")]))
        #expect(try !matches(#"{"store": [{"exists": true}]}"#, ["attr1": n("111")]))
        #expect(try matches(#"{"store": [{"exists": false}]}"#, ["def": n("99")]))
        #expect(try matches(#"{"store": [{"exists": false}]}"#, [:]))
        #expect(try !matches(#"{"store": [{"exists": false}]}"#, ["store": n("99")]))
    }

    @Test("exists false combines with anything-but: absent or some other value")
    func existsFalseWithAnythingBut() throws {
        let p = #"{"tier": [{"exists": false}, {"anything-but": ["gold"]}]}"#
        #expect(try matches(p, [:]))
        #expect(try matches(p, ["tier": s("silver")]))
        #expect(try !matches(p, ["tier": s("gold")]))
    }

    @Test("cidr matches IPv4 addresses inside the block")
    func cidrIPv4() throws {
        let p = #"{"source_ip": [{"cidr": "10.0.0.0/24"}]}"#
        #expect(try matches(p, ["source_ip": s("10.0.0.0")]))
        #expect(try matches(p, ["source_ip": s("10.0.0.255")]))
        #expect(try !matches(p, ["source_ip": s("10.0.1.0")]))
        #expect(try !matches(p, ["source_ip": s("not an ip")]))
        #expect(try !matches(p, ["source_ip": s("::ffff:10.0.0.1")]))
        #expect(try matches(#"{"ip": [{"cidr": "0.0.0.0/0"}]}"#, ["ip": s("203.0.113.9")]))
    }

    @Test("cidr matches IPv6 addresses, and exact IP values match any spelling of the address")
    func cidrIPv6() throws {
        let p = #"{"ip": [{"cidr": "2001:db8::/32"}]}"#
        #expect(try matches(p, ["ip": s("2001:db8::1")]))
        #expect(try matches(p, ["ip": s("2001:0DB8:ffff:0:0:0:0:1")]))
        #expect(try !matches(p, ["ip": s("2001:db9::1")]))
        #expect(try !matches(p, ["ip": s("10.0.0.1")]))
        #expect(try matches(#"{"ip": ["2001:db8::1"]}"#, ["ip": s("2001:0db8:0:0:0:0:0:1")]))
        #expect(try matches(#"{"ip": [{"cidr": "::ffff:0:0/96"}]}"#, ["ip": s("::ffff:192.168.1.1")]))
    }

    // MARK: Limits

    @Test("at most five keys; a sixth is rejected")
    func fiveKeyLimit() throws {
        #expect(rejection(#"{"a": ["1"], "b": ["2"], "c": ["3"], "d": ["4"], "e": ["5"]}"#) == nil)
        #expect(rejection(#"{"a": ["1"], "b": ["2"], "c": ["3"], "d": ["4"], "e": ["5"], "f": ["6"]}"#)
            == "Filter policy can not have more than 5 keys")
    }

    @Test("for a nested body policy only the top-level (parent) keys count toward the key limit")
    func nestedKeysCountParents() throws {
        let p = #"{"a": {"k1": ["1"], "k2": ["2"], "k3": ["3"], "k4": ["4"], "k5": ["5"], "k6": ["6"]}}"#
        #expect(rejection(p, .messageBody) == nil)
        let six = #"{"a": {"x": ["1"]}, "b": ["2"], "c": ["3"], "d": ["4"], "e": ["5"], "f": ["6"]}"#
        #expect(rejection(six, .messageBody) == "Filter policy can not have more than 5 keys")
    }

    @Test("$or alternatives are counted separately toward the key limit, with their sibling keys")
    func orKeyCount() throws {
        let ok = #"{"a": ["1"], "b": ["1"], "$or": [{"c": ["1"], "d": ["1"], "e": ["1"]}, {"f": ["1"], "g": ["1"]}]}"#
        #expect(rejection(ok) == nil)
        let tooMany = #"{"a": ["1"], "b": ["1"], "$or": [{"c": ["1"], "d": ["1"], "e": ["1"], "h": ["1"]}, {"f": ["1"]}]}"#
        #expect(rejection(tooMany) == "Filter policy can not have more than 5 keys")
    }

    @Test("at most 150 combinations: the product of the value counts")
    func combinationLimit() throws {
        let values = { (count: Int) in "[" + (0..<count).map { "\"v\($0)\"" }.joined(separator: ",") + "]" }
        #expect(rejection(#"{"a": \#(values(3)), "b": \#(values(1)), "c": \#(values(2))}"#) == nil)
        #expect(rejection(#"{"a": \#(values(10)), "b": \#(values(15))}"#) == nil)          // 150
        #expect(rejection(#"{"a": \#(values(151))}"#) == "Filter policy is too complex")
        #expect(rejection(#"{"a": \#(values(10)), "b": \#(values(16))}"#) == "Filter policy is too complex")
    }

    @Test("nested keys weigh by depth as in the AWS example: 3 x 4 x 2 x 3 = 72")
    func nestedCombinations() throws {
        let p72 = #"""
        {"key_a": {"key_b": {"key_c": ["value_one", "value_two", "value_three", "value_four"]}},
         "key_d": {"key_e": ["value_one", "value_two", "value_three"]}}
        """#
        #expect(rejection(p72, .messageBody) == nil)
        #expect(FilterCompiler.combinations(try shape(p72)) == 72)
        let p216 = #"""
        {"key_a": {"key_b": {"key_c": ["value_one", "value_two", "value_three", "value_four"]}},
         "key_d": {"key_e": ["value_one", "value_two", "value_three"]},
         "key_f": ["value_one", "value_two", "value_three"]}
        """#
        #expect(rejection(p216, .messageBody) == "Filter policy is too complex")
    }

    @Test("$or combinations are summed over its alternatives")
    func orCombinations() throws {
        // 2 x (10 + 60) = 140 is accepted; 3 x (10 + 60) = 210 is not.
        let values = { (count: Int) in "[" + (0..<count).map { "\($0)" }.joined(separator: ",") + "]" }
        let ok = #"{"a": \#(values(2)), "$or": [{"b": \#(values(10))}, {"c": \#(values(6)), "d": \#(values(10))}]}"#
        #expect(rejection(ok) == nil)
        #expect(FilterCompiler.combinations(try shape(ok)) == 140)
        let tooMany = #"{"a": \#(values(3)), "$or": [{"b": \#(values(10))}, {"c": \#(values(6)), "d": \#(values(10))}]}"#
        #expect(rejection(tooMany) == "Filter policy is too complex")
    }

    @Test("numbers must lie within ±1e9 and have at most five decimal places")
    func numberLimits() throws {
        #expect(rejection(#"{"p": [{"numeric": ["<", 1000000000]}]}"#) == nil)
        #expect(rejection(#"{"p": [{"numeric": [">", -1e9]}]}"#) == nil)
        #expect(rejection(#"{"p": [1.12345]}"#) == nil)
        #expect(rejection(#"{"p": [1.5000000]}"#) == nil)
        #expect(rejection(#"{"p": [{"numeric": ["<", 1000000001]}]}"#)?.contains("between -1.0E9 and 1.0E9") == true)
        #expect(rejection(#"{"p": [2e9]}"#)?.contains("between -1.0E9 and 1.0E9") == true)
        #expect(rejection(#"{"p": [{"numeric": ["=", 0.123456]}]}"#)?.contains("at most 5 digits") == true)
        #expect(rejection(#"{"p": [{"anything-but": [1.5e-6]}]}"#)?.contains("at most 5 digits") == true)
        #expect(FilterCompiler.decimalPlaces("100e-3") == 1)
        #expect(FilterCompiler.decimalPlaces("1.25E+1") == 1)
        #expect(FilterCompiler.decimalPlaces("-0.000010") == 5)
    }

    @Test("a policy over 256 KB is rejected")
    func sizeLimit() throws {
        let big = #"{"a": [""# + String(repeating: "x", count: 256 * 1024) + #""]}"#
        #expect(rejection(big)?.contains("256 KB") == true)
        #expect(throws: FilterPolicyError.self) { try FilterPolicy(policy: ["a": [.string(String(repeating: "y", count: 300_000))]]) }
    }

    // MARK: Validation

    @Test("malformed policies are rejected with the SNS reason", arguments: [
        (#"{"a": "value"}"#, #""a" must be an object or an array"#),
        (#"{"a": []}"#, "Empty arrays are not allowed"),
        (#"{"a": [["x"]]}"#, "Match value must be String, number, true, false, or null"),
        (#"{"a": [{"contains": "x"}]}"#, "Unrecognized match type contains"),
        (#"{"a": [{"wildcard": "x*"}]}"#, "Unrecognized match type wildcard"),
        (#"{"a": [{}]}"#, "Match expression name not found"),
        (#"{"a": [{"prefix": "x", "suffix": "y"}]}"#, "Only one key allowed in match expression"),
        (#"{"a": [{"prefix": 1}]}"#, "prefix match pattern must be a string"),
        (#"{"a": [{"suffix": null}]}"#, "suffix match pattern must be a string"),
        (#"{"a": [{"equals-ignore-case": ["a"]}]}"#, "equals-ignore-case match pattern must be a string"),
        (#"{"a": [{"exists": "true"}]}"#, "exists match pattern must be either true or false."),
        (#"{"a": [{"numeric": ">"}]}"#, "Value of numeric must be an array."),
        (#"{"a": [{"numeric": []}]}"#, "Invalid member in numeric match: ]"),
        (#"{"a": [{"numeric": [1, 2]}]}"#, "Invalid member in numeric match: 1"),
        (#"{"a": [{"numeric": ["~", 1]}]}"#, "Unrecognized numeric range operator: ~"),
        (#"{"a": [{"numeric": [">"]}]}"#, "Value of > must be numeric"),
        (#"{"a": [{"numeric": ["=", "1"]}]}"#, "Value of equals must be numeric"),
        (#"{"a": [{"numeric": ["=", 1, "<", 2]}]}"#, "Too many elements in numeric expression"),
        (#"{"a": [{"numeric": ["<", 10, ">", 0]}]}"#, "Too many elements in numeric expression"),
        (#"{"a": [{"numeric": [">", 0, ">", 10]}]}"#, "Bad numeric range operator: >"),
        (#"{"a": [{"numeric": [">", 0, 10]}]}"#, "Bad value in numeric range: 10"),
        (#"{"a": [{"numeric": [">", 0, "<", "x"]}]}"#, "Value of < must be numeric"),
        (#"{"a": [{"numeric": [">", 0, "<", 10, 11]}]}"#, "Too many terms in numeric range expression"),
        (#"{"a": [{"numeric": [">", 10, "<", 10]}]}"#, "Bottom must be less than top"),
        (#"{"a": [{"anything-but": []}]}"#, "Empty arrays are not allowed"),
        (#"{"a": [{"anything-but": ["x", 1]}]}"#, "Inside anything but list, either all values are number or string, mixed type is not supported"),
        (#"{"a": [{"anything-but": [true]}]}"#, "Inside anything but list, start|null|boolean is not supported."),
        (#"{"a": [{"anything-but": null}]}"#, "Value of anything-but must be an array or single string/number value."),
        (#"{"a": [{"anything-but": {"numeric": [">", 1]}}]}"#, "Unsupported anything-but pattern: numeric"),
        (#"{"a": [{"anything-but": {"prefix": ""}}]}"#, "Null prefix/suffix not allowed"),
        (#"{"a": [{"anything-but": {"suffix": 5}}]}"#, "prefix/suffix match pattern must be a string"),
        (#"{"a": [{"cidr": 10}]}"#, "cidr match pattern must be a string"),
        (#"{"a": [{"cidr": "10.0.0.0"}]}"#, "Malformed CIDR, one '/' required"),
        (#"{"a": [{"cidr": "10.0.0.0/x"}]}"#, "Malformed CIDR, mask bits must be an integer"),
        (#"{"a": [{"cidr": "10.0.0.0/-1"}]}"#, "Malformed CIDR, mask bits must not be negative"),
        (#"{"a": [{"cidr": "10.0.0.300/8"}]}"#, "Nonstandard IP address: 10.0.0.300"),
        (#"{"a": [{"cidr": "10.0.0.0/32"}]}"#, "IPv4 mask bits must be < 32"),
        (#"{"a": [{"cidr": "::/128"}]}"#, "IPv6 mask bits must be < 128"),
        (#"{"$or": [{"a": ["x"]}, {}]}"#, "Empty objects are not allowed"),
    ])
    func malformedPolicies(policy: String, reason: String) {
        #expect(rejection(policy, .messageBody) == reason)
    }

    @Test("a nested policy is rejected under the MessageAttributes scope")
    func nestedRejectedForAttributes() throws {
        let p = #"{"object": {"key": [{"prefix": "auto-"}]}}"#
        #expect(rejection(p) == "Filter policy scope MessageAttributes does not support nested filter policy")
        #expect(rejection(p, .messageBody) == nil)
        #expect(rejection(#"{"object": {}}"#, .messageBody) == "Empty objects are not allowed")
    }

    @Test("policy text that is not JSON, or not a JSON object, is rejected")
    func notAnObject() throws {
        #expect(rejection("{ nope")?.hasPrefix("Filter policy is not valid JSON") == true)
        #expect(rejection(#"["a"]"#) == "Filter policy must be a JSON object, not array")
        #expect(throws: FilterPolicyError.self) { try FilterPolicy(policy: "x") }
    }

    @Test("the key-limit error wins over a malformed operator, as in SNS")
    func limitErrorsFirst() throws {
        let p = #"{"a": [{"bogus": 1}], "b": ["2"], "c": ["3"], "d": ["4"], "e": ["5"], "f": ["6"]}"#
        #expect(rejection(p) == "Filter policy can not have more than 5 keys")
    }

    // MARK: Identity and speed

    @Test("policies keep their source and compare by scope and source")
    func identity() throws {
        let a = try FilterPolicy(json: #"{"a": ["x"], "b": [1]}"#)
        let b = try FilterPolicy(policy: ["b": [1], "a": ["x"]])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.source == ["a": ["x"], "b": [1]])
        #expect(a.scope == .messageAttributes)
        let body = try FilterPolicy(policy: ["b": [1], "a": ["x"]], scope: .messageBody)
        #expect(a != body)
        #expect(Set([a, b, body]).count == 2)
        #expect("\(FilterPolicyError(message: "boom"))" == "boom")
    }

    @Test("matching 20,000 messages in each scope stays fast with the precompiled policy")
    func matchingIsFast() throws {
        let attrPolicy = try policy(#"{"type": ["order", "refund"], "amount": [{"numeric": [">", 0, "<=", 1000]}], "region": [{"prefix": "eu-"}]}"#)
        let bodyPolicy = try policy(#"{"detail": {"type": ["order"], "amount": [{"numeric": [">", 0]}]}}"#, .messageBody)
        let attrs: MessageAttributes = ["type": s("order"), "amount": n("42.5"), "region": s("eu-west-1"), "x": s("y")]
        let body = #"{"detail": {"type": "order", "amount": 42.5, "items": [1, 2, 3], "note": "ignored"}, "other": {"big": [1, 2, 3]}}"#
        let clock = ContinuousClock()
        var hits = 0
        let elapsed = clock.measure {
            for _ in 0..<20_000 {
                if attrPolicy.matches(attributes: attrs, body: body) { hits += 1 }
                if bodyPolicy.matches(attributes: attrs, body: body) { hits += 1 }
            }
        }
        #expect(hits == 40_000)
        #expect(elapsed < .seconds(5))
    }

    /// The raw shape of a body policy, for checking the combination arithmetic.
    func shape(_ json: String) throws -> FilterCompiler.RawNode {
        guard case .object(let object) = try JSONValue.parse(json) else { throw FilterPolicyError(message: "not an object") }
        return try FilterCompiler(scope: .messageBody).rawShape(object)
    }
}
