import Foundation
import IngestServer
import Testing

@Suite("Control API bearer tokens")
struct ControlTokenTests {
    @Test("a token has the prefix and 32 random bytes; only its SHA-256 is kept, and it matches only itself")
    func generateAndMatch() {
        let a = ControlTokenFile.generate(), b = ControlTokenFile.generate()
        #expect(a.hasPrefix("ingt_"))
        #expect(a.count == 5 + 43)
        #expect(a != b)
        #expect(ControlTokenFile.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let file = ControlTokenFile(tokens: [ControlToken(name: "a", sha256: ControlTokenFile.hash(a), created: Date(), readOnly: true)])
        #expect(file.match(a)?.name == "a")
        #expect(file.match(b) == nil)
        #expect(file.match("") == nil)
    }

    @Test("the file is written with mode 0600 without the tokens, and the reader sees a change at once")
    func fileAndReader() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let reader = ControlTokenReader(directory: dir)
        let token = ControlTokenFile.generate()
        #expect(reader.match(token) == nil)   // no file yet
        var file = ControlTokenFile(tokens: [ControlToken(name: "ops", sha256: ControlTokenFile.hash(token), created: Date(timeIntervalSince1970: 1_767_225_600), readOnly: false)])
        try file.save(directory: dir)
        let path = ControlTokenFile.path(in: dir)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains(token))
        #expect(reader.match(token)?.name == "ops")
        #expect(try ControlTokenFile.load(directory: dir) == file)
        file.tokens = []
        try file.save(directory: dir)
        #expect(reader.match(token) == nil)
    }
}
