import Foundation
import IngestCore
import Testing

@Suite("Table definitions: keys from arguments and Codable")
struct TableDefinitionTests {
    let context = DDBFixture.context

    @Test("a key from name=value arguments, typed by the key schema")
    func keyFromArguments() throws {
        let onboarding = DDBFixture.onboarding()
        #expect(try onboarding.key(fromArguments: ["user_id=auth0|abc"]) == ["user_id": .s("auth0|abc")])
        #expect(try onboarding.key(fromArguments: ["abc"]) == ["user_id": .s("abc")])
        #expect(try DDBFixture.composite().key(fromArguments: ["pk=a", "sk=3"]) == ["pk": .s("a"), "sk": .n("3")])
        #expect(ddbError { try onboarding.key(fromArguments: ["email=x"]) }?.message.contains("not a key attribute") == true)
    }

    @Test("a definition round-trips through Codable")
    func codable() throws {
        let d = DDBFixture.onboarding()
        let data = try JSONEncoder().encode(d)
        #expect(try JSONValue.parse(bytes: [UInt8](data))["streamViewType"] == "NEW_AND_OLD_IMAGES")
        #expect(try JSONDecoder().decode(TableDefinition.self, from: data) == d)
    }
}
