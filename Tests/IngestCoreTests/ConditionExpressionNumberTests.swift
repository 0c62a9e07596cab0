import IngestCore
import Testing

@Suite("DynamoDB numbers: parsing, canonical text, order, exact arithmetic and range")
struct ConditionExpressionNumberTests {
    func n(_ text: String) -> DynamoNumber { DynamoNumber(text)! }

    @Test("number text parses and prints in canonical form")
    func canonicalText() {
        for (input, canonical) in [("10.50", "10.5"), ("1E3", "1000"), ("1e-3", "0.001"), ("+7", "7"), ("-0", "0"), ("0.000", "0"),
                                   (".5", "0.5"), ("5.", "5"), ("-12.340e1", "-123.4"), ("00042", "42"), ("1.5E-10", "0.00000000015")] {
            #expect(DynamoNumber(input)?.text == canonical, "\(input)")
        }
        for bad in ["", "abc", "1.2.3", "1e", "--1", "1 ", " 1", "0x10", "Infinity", "NaN", "."] {
            #expect(DynamoNumber(bad) == nil, "\(bad)")
        }
    }

    @Test("numbers order by value")
    func order() {
        #expect(n("9") < n("10"))
        #expect(n("-10") < n("-9"))
        #expect(n("-1") < n("0"))
        #expect(n("0.001") < n("0.01"))
        #expect(n("1E2") == n("100.00"))
        #expect(!(n("2") < n("2.0")))
        #expect(n("-0.5") < n("0.25"))
        #expect(n("99999999999999999999999999999999999999") < n("1E38"))
    }

    @Test("addition and subtraction are exact")
    func arithmetic() {
        #expect((n("0.1") + n("0.2")).text == "0.3")
        #expect((n("9007199254740993") + n("1")).text == "9007199254740994")
        #expect((n("5") - n("7.25")).text == "-2.25")
        #expect((n("-5") + n("5")).text == "0")
        #expect((n("1E10") + n("1E-10")).text == "10000000000.0000000001")
        #expect((n("-1.5") - n("-1.5")).isZero)
        #expect((n("999") + n("1")).text == "1000")
        #expect((-n("3")).text == "-3")
        #expect(DynamoNumber(12).text == "12" && DynamoNumber(-3).text == "-3")
    }

    @Test("range: 38 significant digits, magnitude between 1E-130 and below 1E+126")
    func range() {
        #expect(ddbError { try DynamoNumber.validated("9.9999999999999999999999999999999999999E+125") } == nil)
        #expect(ddbError { try DynamoNumber.validated("1E-130") } == nil)
        #expect(ddbError { try DynamoNumber.validated("1E126") }?.message.hasPrefix("Number overflow") == true)
        #expect(ddbError { try DynamoNumber.validated("1E-131") }?.message.hasPrefix("Number underflow") == true)
        #expect(ddbError { try DynamoNumber.validated("1.00000000000000000000000000000000000001") }?.message
            == "Attempting to store more than 38 significant digits in a Number")
        #expect(ddbError { try DynamoNumber.validated("1000000000000000000000000000000000000000000") } == nil)
        #expect(ddbError { try DynamoNumber.validated("ten") }?.message == "A value provided cannot be converted into a number")
    }
}
