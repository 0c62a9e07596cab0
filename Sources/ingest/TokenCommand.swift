import ArgumentParser
import Foundation
import IngestCore
import IngestHost
import IngestServer

/// `ingest token create|list|revoke`: the bearer tokens of the control API on TCP (`up --control-listen`).
/// Works on the data directory's token file; a running engine sees a change from its next request.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list or revoke bearer tokens for the control API on TCP (ingest up --control-listen).",
        discussion: """
            Tokens live hashed (SHA-256) in <data-dir>/control-tokens.json, mode 0600; the token itself is \
            printed once, by create, and never stored. A running engine reads the file again when it changes, \
            so a new token works and a revoked one stops working from the next request.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Make a new token and print it (only this once).")
        @Option(name: .long, help: "Its name, for list and revoke (default: token-1, token-2, ...).") var name: String?
        @Flag(name: .long, help: "Allow reading only: the control API refuses every change (POST, PUT, DELETE) with 403.") var readOnly = false
        @Option(name: .long, help: "The engine's data directory.") var dataDir: String?
        @Flag(name: .long, help: "Print the result as JSON.") var json = false

        func run() async throws {
            let dir = DataDirectory.resolve(dataDir)
            try dir.create()
            var file = try TokenCommand.load(dir)
            let chosen = try EntryNames.choose(name, prefix: "token", taken: file.tokens.map(\.name), what: "a token")
            let token = ControlTokenFile.generate()
            file.tokens.append(ControlToken(name: chosen, sha256: ControlTokenFile.hash(token), created: Date(), readOnly: readOnly))
            try TokenCommand.save(file, dir)
            if json { return try Output.json(["name": chosen, "token": token, "readOnly": readOnly ? "true" : "false"]) }
            print(token)
            Output.note("ingest: token \(chosen)\(readOnly ? " (read-only)" : "") created; it is shown only this once (use it with --token or INGEST_TOKEN)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tokens: name, created, read-only (never the tokens).")
        @Option(name: .long, help: "The engine's data directory.") var dataDir: String?
        @Flag(name: .long, help: "Print the result as JSON.") var json = false

        struct Listed: Encodable {
            var name: String
            var created: String
            var readOnly: Bool
        }

        func run() async throws {
            let file = try TokenCommand.load(DataDirectory.resolve(dataDir))
            let listed = file.tokens.map { Listed(name: $0.name, created: Timestamp(date: $0.created).iso8601, readOnly: $0.readOnly) }
            if json { return try Output.json(listed) }
            if listed.isEmpty { print("no tokens (create one with: ingest token create)"); return }
            Output.table(["NAME", "CREATED", "ACCESS"], listed.map { [$0.name, $0.created, $0.readOnly ? "read-only" : "read-write"] })
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by name; the engine refuses it from the next request.")
        @Argument(help: "The token's name (see ingest token list).") var name: String
        @Option(name: .long, help: "The engine's data directory.") var dataDir: String?

        func run() async throws {
            let dir = DataDirectory.resolve(dataDir)
            var file = try TokenCommand.load(dir)
            guard file.tokens.contains(where: { $0.name == name }) else { throw CLIError.failed("no token named \(name)") }
            file.tokens.removeAll { $0.name == name }
            try TokenCommand.save(file, dir)
            print("revoked \(name)")
        }
    }

    static func load(_ dir: DataDirectory) throws -> ControlTokenFile { try EntryNames.file { try ControlTokenFile.load(directory: dir.path) } }

    static func save(_ file: ControlTokenFile, _ dir: DataDirectory) throws { try EntryNames.file { try file.save(directory: dir.path) } }
}
