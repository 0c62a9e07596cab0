import IngestCore
import IngestTemplate
import Testing

@Suite("Parameters")
struct ParameterTests {
    /// `spec` is the parameter's attributes, indented by 4.
    private func template(_ spec: String) -> String {
        """
        Parameters:
          Size:
        \(spec)
        Resources:
          Probe:
            Type: AWS::Logs::LogGroup
            Properties:
              Value: !Ref Size
        """
    }

    private func value(_ spec: String, _ overrides: [String: String] = [:]) throws(TemplateError) -> JSONValue? {
        try Fixtures.loadTemplate(template(spec), parameters: overrides).resource("Probe")?.properties["Value"]
    }

    @Test("a default is used when nothing overrides it")
    func defaults() throws {
        #expect(try value("    Type: String\n    Default: small") == "small")
        #expect(try value("    Type: Number\n    Default: 60") == "60")
        #expect(try value("    Type: String\n    Default: \"\"") == "")
    }

    @Test("an override replaces the default")
    func override() throws {
        #expect(try value("    Type: String\n    Default: small", ["Size": "large"]) == "large")
        #expect(try value("    Type: Number\n    Default: 60", ["Size": "1"]) == "1")
    }

    @Test("list parameters give lists")
    func lists() throws {
        #expect(try value("    Type: CommaDelimitedList\n    Default: a,b", ["Size": "x, y ,z"]) == ["x", "y", "z"])
        #expect(try value("    Type: List<Number>\n    Default: \"1,2\"") == ["1", "2"])
        let error = try #require(Fixtures.failure(template("    Type: List<Number>\n    Default: \"1,x\"")))
        #expect(error.message.contains("is not a number"))
    }

    @Test("an override naming an unknown parameter is an error")
    func unknownOverride() throws {
        let error = try #require(Fixtures.failure(template("    Type: String\n    Default: a"), parameters: ["Sise": "b"]))
        #expect(error.logicalId == "Sise")
        #expect(error.message.contains("unknown parameter 'Sise'"))
        #expect(error.message.contains("Size"))
    }

    @Test("a parameter with no default and no value is an error naming it and its line")
    func missingValue() throws {
        let error = try #require(Fixtures.failure(template("    Type: String")))
        #expect(error.logicalId == "Size")
        #expect(error.line == 2)
        #expect(error.description == "test.yaml:2: Size: parameter Size has no Default and no value was given (pass Size=VALUE)")
        #expect(try value("    Type: String", ["Size": "ok"]) == "ok")
    }

    @Test("AllowedValues rejects other values")
    func allowedValues() throws {
        let spec = "    Type: String\n    Default: small\n    AllowedValues: [small, large]"
        #expect(try value(spec, ["Size": "large"]) == "large")
        let error = try #require(Fixtures.failure(template(spec), parameters: ["Size": "huge"]))
        #expect(error.message.contains("'huge' is not one of the AllowedValues [small, large]"))
        #expect(error.line == 2)
    }

    @Test("AllowedPattern must match the whole value, and ConstraintDescription is shown")
    func allowedPattern() throws {
        let spec = "    Type: String\n    Default: abc\n    AllowedPattern: \"[a-z]+\"\n    ConstraintDescription: lowercase letters"
        #expect(try value(spec) == "abc")
        let error = try #require(Fixtures.failure(template(spec), parameters: ["Size": "abc1"]))
        #expect(error.message.contains("does not match AllowedPattern '[a-z]+'"))
        #expect(error.message.contains("(lowercase letters)"))
    }

    @Test("MinValue and MaxValue bound numbers")
    func minMaxValue() throws {
        let spec = "    Type: Number\n    Default: 5\n    MinValue: 1\n    MaxValue: 10"
        #expect(try value(spec, ["Size": "10"]) == "10")
        let low = try #require(Fixtures.failure(template(spec), parameters: ["Size": "0"]))
        #expect(low.message.contains("is less than MinValue 1"))
        let high = try #require(Fixtures.failure(template(spec), parameters: ["Size": "11"]))
        #expect(high.message.contains("is greater than MaxValue 10"))
        let notNumber = try #require(Fixtures.failure(template(spec), parameters: ["Size": "five"]))
        #expect(notNumber.message.contains("'five' is not a number"))
    }

    @Test("MinLength and MaxLength bound strings")
    func minMaxLength() throws {
        let spec = "    Type: String\n    Default: abc\n    MinLength: 2\n    MaxLength: 4"
        let short = try #require(Fixtures.failure(template(spec), parameters: ["Size": "a"]))
        #expect(short.message.contains("is shorter than MinLength 2"))
        let long = try #require(Fixtures.failure(template(spec), parameters: ["Size": "abcde"]))
        #expect(long.message.contains("is longer than MaxLength 4"))
    }

    @Test("a default that violates a constraint is an error too")
    func badDefault() throws {
        let error = try #require(Fixtures.failure(template("    Type: Number\n    Default: 50\n    MaxValue: 10")))
        #expect(error.message == "parameter Size default '50' is greater than MaxValue 10")
    }

    @Test("SSM parameter types are refused, naming the type")
    func ssm() throws {
        let error = try #require(Fixtures.failure(template("    Type: AWS::SSM::Parameter::Value<String>\n    Default: /x")))
        #expect(error.message.contains("AWS::SSM::Parameter::Value<String> is not supported"))
        #expect(error.line == 3)
    }

    @Test("unknown types and attributes are errors")
    func unknownTypeAndAttribute() throws {
        let type = try #require(Fixtures.failure(template("    Type: Text\n    Default: x")))
        #expect(type.message.contains("unknown Type 'Text'"))
        let attribute = try #require(Fixtures.failure(template("    Type: String\n    Default: x\n    Defualt: y")))
        #expect(attribute.message.contains("unknown attribute 'Defualt'"))
        #expect(attribute.line == 5)
    }

    @Test("NoEcho values are masked in the loaded template's parameter list")
    func noEcho() throws {
        let loaded = try Fixtures.loader.loadTemplate(
            text: template("    Type: String\n    Default: secret\n    NoEcho: true"), file: "test.yaml", parameters: ["Size": "hidden"])
        #expect(loaded.parameters == [TemplateParameterValue(name: "Size", value: "****", overridden: true)])
        #expect(loaded.resource("Probe")?.properties["Value"] == "hidden")
    }
}
