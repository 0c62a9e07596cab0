import ArgumentParser
import Foundation
import IngestCore
import IngestHost
import IngestServer

/// `ingest aws-key create|list|revoke`: the access keys the AWS endpoint verifies SigV4 signatures with
/// (`up --aws-require-signature`). Works on the data directory's key file; a running engine sees a
/// change from its next request.
struct AWSKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws-key",
        abstract: "Create, list or revoke access keys for the AWS endpoint (ingest up --aws-require-signature).",
        discussion: """
            Keys live in <data-dir>/aws-keys.json, mode 0600. SigV4 signs with the secret itself, so the \
            engine keeps it (unlike control tokens, which are stored hashed); create prints it once. Give \
            the pair to a client as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. A running engine reads the \
            file again when it changes, so a new key works and a revoked one is refused from the next request.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Make a new access key and print its id and secret (the secret only this once).")
        @Option(name: .long, help: "Its name, for list and revoke (default: key-1, key-2, ...).") var name: String?
        @Option(name: .long, help: "The engine's data directory.") var dataDir: String?
        @Flag(name: .long, help: "Print the result as JSON.") var json = false

        func run() async throws {
            let dir = DataDirectory.resolve(dataDir)
            try dir.create()
            var file = try AWSKeyCommand.load(dir)
            let chosen = try EntryNames.choose(name, prefix: "key", taken: file.keys.map(\.name), what: "an access key")
            let key = AWSAccessKey.generate(name: chosen, now: Date())
            file.keys.append(key)
            try AWSKeyCommand.save(file, dir)
            if json {
                return try Output.json(["name": chosen, "accessKeyId": key.accessKeyId, "secretAccessKey": key.secretAccessKey])
            }
            print("AWS_ACCESS_KEY_ID=\(key.accessKeyId)")
            print("AWS_SECRET_ACCESS_KEY=\(key.secretAccessKey)")
            Output.note("ingest: access key \(chosen) created; its secret is shown only this once")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the access keys: name, id, created (never the secrets).")
        @Option(name: .long, help: "The engine's data directory.") var dataDir: String?
        @Flag(name: .long, help: "Print the result as JSON.") var json = false

        struct Listed: Encodable {
            var name: String
            var accessKeyId: String
            var created: String
        }

        func run() async throws {
            let file = try AWSKeyCommand.load(DataDirectory.resolve(dataDir))
            let listed = file.keys.map { Listed(name: $0.name, accessKeyId: $0.accessKeyId, created: Timestamp(date: $0.created).iso8601) }
            if json { return try Output.json(listed) }
            if listed.isEmpty { print("no access keys (create one with: ingest aws-key create)"); return }
            Output.table(["NAME", "ACCESS KEY ID", "CREATED"], listed.map { [$0.name, $0.accessKeyId, $0.created] })
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an access key by name; the engine refuses it from the next request.")
        @Argument(help: "The key's name (see ingest aws-key list).") var name: String
        @Option(name: .long, help: "The engine's data directory.") var dataDir: String?

        func run() async throws {
            let dir = DataDirectory.resolve(dataDir)
            var file = try AWSKeyCommand.load(dir)
            guard file.keys.contains(where: { $0.name == name }) else { throw CLIError.failed("no access key named \(name)") }
            file.keys.removeAll { $0.name == name }
            try AWSKeyCommand.save(file, dir)
            print("revoked \(name)")
        }
    }

    static func load(_ dir: DataDirectory) throws -> AWSAccessKeyFile { try EntryNames.file { try AWSAccessKeyFile.load(directory: dir.path) } }

    static func save(_ file: AWSAccessKeyFile, _ dir: DataDirectory) throws { try EntryNames.file { try file.save(directory: dir.path) } }
}
