import ArgumentParser
import IngestHost
import Foundation
import IngestStore

/// `ingest key create FILE` and `ingest key rotate [FILE]`.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Create or rotate the customer-managed key that seals data at rest.", subcommands: [Create.self, Rotate.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Write a new key file (one 256-bit AES key version, mode 0600); never overwrites a file.")
        @Argument(help: "Where to write the key file.") var file: String
        @Flag(name: .long, help: "Print the result as JSON.") var json = false
        func run() async throws {
            let ring: KeyRing
            do { ring = try KeyRing.create(path: file) } catch { throw CLIError.failed(error.description) }
            if json { return try Output.json(["file": file, "keyVersion": ring.currentId]) }
            print("wrote \(file) with key version \(ring.currentId); start the engine with --key-file \(file) (or INGEST_KEY_FILE)")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Add a new key version: new writes use it (from the next engine start) while older versions still open existing data.")
        @Argument(help: "The key file (default: $INGEST_KEY_FILE, else the key generated in the data directory).") var file: String?
        @Option(name: .long, help: "The engine's data directory, for its generated key.") var dataDir: String?
        @Flag(name: .long, help: "Print the result as JSON.") var json = false
        func run() async throws {
            let path = StoreSetup.keyFile(file)
                ?? (DataDirectory.resolve(dataDir).path as NSString).appendingPathComponent(StoreSetup.generatedKeyName)
            let ring: KeyRing
            do { ring = try KeyRing.rotate(path: path) } catch { throw CLIError.failed(error.description) }
            if json { return try Output.json(["file": path, "keyVersion": ring.currentId, "versions": String(ring.versions.count)]) }
            print("\(path): new key version \(ring.currentId) (\(ring.versions.count) versions); a running engine uses it after its next start")
        }
    }
}
