import Foundation
import IngestCore
import IngestTestSupport
import Testing

/// The control API on TCP (`up --control-listen`): bearer tokens from `ingest token`, read-only tokens
/// refused by the engine on every change, and the CLI's `--engine URL --token T`.
@Suite("remote control API with bearer tokens, end to end", .serialized, .timeLimit(.minutes(5)))
struct RemoteControlTests {
    /// A new token from `ingest token create` on a data directory.
    func createToken(_ dir: String, name: String, readOnly: Bool = false) async throws -> String {
        let r = try await IngestBinary.run(["token", "create", "--name", name, "--data-dir", dir] + (readOnly ? ["--read-only"] : []))
        #expect(r.status == 0, "\(r.stderr)")
        let token = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("ingt_"))
        return token
    }

    /// An engine with the control API on a free loopback port, and that port's URL.
    func startEngine(_ dir: String) async throws -> (EngineProcess, String) {
        let engine = try EngineProcess(arguments: ["--control-listen", "127.0.0.1:0"], dataDirectory: dir)
        _ = try await engine.waitUntilReady()
        return (engine, try await engine.waitForBanner("control"))
    }

    func remote(_ args: [String], _ url: String, token: String?) async throws -> IngestBinary.Result {
        try await IngestBinary.run(args + ["--engine", url] + (token.map { ["--token", $0] } ?? []), environment: ["INGEST_DATA_DIR": "/nonexistent"])
    }

    func port(_ url: String) throws -> Int { try #require(URL(string: url)?.port) }

    @Test("a CLI call with a valid token works; without one, or with a wrong one, it fails with one line")
    func validAndInvalidTokens() async throws {
        let dir = IngestBinary.temporaryDirectory()
        let token = try await createToken(dir, name: "ops")
        let file = try FileManager.default.attributesOfItem(atPath: dir + "/control-tokens.json")
        #expect((file[.posixPermissions] as? Int) == 0o600)
        #expect(!(try String(contentsOfFile: dir + "/control-tokens.json", encoding: .utf8)).contains(token))
        let (engine, url) = try await startEngine(dir)
        defer { engine.terminate() }
        #expect(url.hasPrefix("http://127.0.0.1:"))

        let ok = try await remote(["status", "--json"], url, token: token)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("\"queues\""))
        let viaEnv = try await IngestBinary.run(["keys", "--json"], environment: ["INGEST_ENGINE": url, "INGEST_TOKEN": token, "INGEST_DATA_DIR": "/nonexistent"])
        #expect(viaEnv.status == 0, "\(viaEnv.stderr)")

        for bad in [nil, "ingt_not-a-token", token + "x"] {
            let r = try await remote(["status", "--json"], url, token: bad)
            #expect(r.status == 1, "\(String(describing: bad))")
            #expect(r.stderr.hasPrefix("ingest: Unauthorized: "), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
            #expect(r.stdout.isEmpty)
        }
        // The engine itself refuses, whatever the client: raw requests without and with a wrong token.
        let none = try await RawHTTP.request(port: port(url), target: "/v1/status")
        #expect(none.status == 401)
        #expect(none.body.contains(#""code":"Unauthorized""#))
        #expect(none.headers["www-authenticate"] == "Bearer")
        let wrong = try await RawHTTP.request(port: port(url), target: "/v1/nowhere", headers: ["Authorization": "Bearer nope"])
        #expect(wrong.status == 401)
        let good = try await RawHTTP.request(port: port(url), target: "/v1/status", headers: ["Authorization": "Bearer \(token)"])
        #expect(good.status == 200)

        // No engine at the URL: one clear line.
        await engine.stop()
        let gone = try await remote(["status"], url, token: token)
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("no engine answers at \(url)"), "\(gone.stderr)")
    }

    @Test("a read-only token reads, and the engine refuses every change with 403 AccessDenied")
    func readOnlyToken() async throws {
        let dir = IngestBinary.temporaryDirectory()
        let reader = try await createToken(dir, name: "viewer", readOnly: true)
        let writer = try await createToken(dir, name: "admin")
        let (engine, url) = try await startEngine(dir)
        defer { engine.terminate() }

        for read in [["status", "--json"], ["keys", "--json"], ["function", "list", "--json"], ["move-tasks", "--json"],
                     ["dlq", "demo-user-ingestion-user-metadata-dead-letter-queue", "--json"]] {
            let r = try await remote(read, url, token: reader)
            #expect(r.status == 0, "\(read): \(r.stderr)")
        }
        let purge = try await remote(["purge", "demo-user-ingestion-onboarding-queue", "--yes"], url, token: reader)
        #expect(purge.status == 1)
        #expect(purge.stderr == "ingest: AccessDenied: this token is read-only\n")
        let redrive = try await remote(["redrive", "demo-user-ingestion-user-metadata-dead-letter-queue"], url, token: reader)
        #expect(redrive.status == 1)
        #expect(redrive.stderr.contains("AccessDenied: this token is read-only"))
        let configure = try await remote(["function", "configure", "demo-user-onboarding", "--enabled", "false"], url, token: reader)
        #expect(configure.status == 1)
        #expect(configure.stderr.contains("AccessDenied"))

        // Raw requests: every mutating method is refused before any route runs, even an unknown one.
        let p = try port(url)
        let bearer = ["Authorization": "Bearer \(reader)", "Content-Type": "application/json"]
        for (method, target) in [("POST", "/v1/queues/demo-user-ingestion-onboarding-queue/purge"), ("POST", "/v1/redrive"),
                                 ("DELETE", "/v1/queues/demo-user-ingestion-onboarding-queue/messages/x"), ("PUT", "/v1/tables/demo_user_metadata/item"),
                                 ("POST", "/v1/publish"), ("POST", "/v1/move-tasks/cancel"), ("POST", "/v1/not-yet-a-route")] {
            let r = try await RawHTTP.request(port: p, method: method, target: target, headers: bearer, body: "{}")
            #expect(r.status == 403, "\(method) \(target)")
            #expect(r.body == #"{"code":"AccessDenied","message":"this token is read-only"}"#, "\(method) \(target)")
        }
        // The same change with a read-write token goes through.
        let allowed = try await RawHTTP.request(port: p, method: "POST", target: "/v1/queues/demo-user-ingestion-onboarding-queue/purge",
                                          headers: ["Authorization": "Bearer \(writer)", "Content-Type": "application/json"], body: "{}")
        #expect(allowed.status == 200, "\(allowed.body)")
        let redriven = try await remote(["redrive", "demo-user-ingestion-user-metadata-dead-letter-queue", "--wait", "--json"], url, token: writer)
        #expect(redriven.status == 0, "\(redriven.stderr)")
        #expect(redriven.stdout.contains("\"COMPLETED\""))
    }

    @Test("a token created while the engine runs is accepted at once; a revoked one is refused from the next request")
    func tokenLifecycleWhileRunning() async throws {
        let dir = IngestBinary.temporaryDirectory()
        let (engine, url) = try await startEngine(dir)
        defer { engine.terminate() }
        #expect(try await remote(["status"], url, token: "ingt_nothing-yet").status == 1)

        let token = try await createToken(dir, name: "late")
        let r = try await remote(["status", "--json"], url, token: token)
        #expect(r.status == 0, "\(r.stderr)")
        let listed = try await IngestBinary.run(["token", "list", "--json", "--data-dir", dir])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("\"late\""))
        #expect(!listed.stdout.contains(token))
        #expect(try await createToken(dir, name: "second").hasPrefix("ingt_"))
        #expect(try await IngestBinary.run(["token", "create", "--name", "late", "--data-dir", dir]).status == 1)   // names are unique

        let revoked = try await IngestBinary.run(["token", "revoke", "late", "--data-dir", dir])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let refused = try await remote(["status", "--json"], url, token: token)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Unauthorized"))
        #expect(try await IngestBinary.run(["token", "revoke", "late", "--data-dir", dir]).status == 1)
    }

    @Test("bad listen addresses, a lone certificate and a control listener beyond loopback without TLS are one line each")
    func refusedStartOptions() async throws {
        for (args, code, text) in [
            (["--listen", "127.0.0.1"], Int32(2), "--listen takes HOST:PORT"),
            (["--listen", "::1:8080"], 2, "--listen takes HOST:PORT"),
            (["--listen", "127.0.0.1:70000"], 2, "port must be a number from 0 to 65535"),
            (["--listen", "127.0.0.1:0", "--port", "1"], 2, "--listen replaces --host and --port"),
            (["--tls-cert", "/nonexistent.pem"], 2, "--tls-cert needs --tls-key"),
            (["--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"], 1, "cannot read the TLS certificate /nonexistent.pem"),
            (["--control-listen", "0.0.0.0:0"], 2, "beyond loopback"),
            (["--control-listen", "localhost"], 2, "--control-listen takes HOST:PORT"),
        ] {
            let r = try await IngestBinary.run(["up", "--headless", "--data-dir", IngestBinary.temporaryDirectory()] + args)
            #expect(r.status == code, "\(args): \(r.stderr)")
            #expect(r.stderr.contains(text), "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
        let badURL = try await IngestBinary.run(["status", "--engine", "ftp://x"])
        #expect(badURL.status == 2)
        #expect(badURL.stderr.contains("--engine takes a URL"))
    }

    @Test("--listen takes an IPv6 address in brackets")
    func ipv6Listen() async throws {
        let engine = try EngineProcess(arguments: ["--listen", "[::1]:0"])
        defer { engine.terminate() }
        do { _ = try await engine.waitUntilReady() } catch let e as EngineProcessError where e.description.contains("Cannot assign requested address") {
            return   // no IPv6 loopback on this machine
        }
        let url = try await engine.waitForBanner("gateway")
        #expect(url.hasPrefix("http://[::1]:"))
    }
}
