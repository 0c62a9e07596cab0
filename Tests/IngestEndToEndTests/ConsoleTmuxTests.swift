import Foundation
import IngestAPI
import IngestCore
import IngestTestSupport
import Testing

/// The real binary's console on a real terminal (tmux): what an operator sees and does. Skipped when tmux is
/// missing; CI installs it. Every wait polls the screen or the engine with a deadline; nothing sleeps blind.
@Suite("The console in a terminal", .serialized, .enabled(if: TmuxSession.isAvailable), .timeLimit(.minutes(10)))
struct ConsoleTmuxTests {
    static let metadataDLQ = "demo-user-ingestion-user-metadata-dead-letter-queue"
    static let metadataQueue = "demo-user-ingestion-user-metadata-queue"
    static let dlqAlarm = "UserMetadataDlqApproximateNumberOfMessagesVisible"

    /// `ingest ARGS --json --data-dir DIR`, parsed.
    static func json(_ dir: String, _ args: [String]) async throws -> JSONValue? {
        let r = try await IngestBinary.run(args + ["--json", "--data-dir", dir])
        guard r.status == 0 else { return nil }
        return try? JSONValue.parse(r.stdout)
    }

    static func status(_ dir: String) async throws -> EngineStatus? {
        let r = try await IngestBinary.run(["status", "--json", "--data-dir", dir])
        guard r.status == 0 else { return nil }
        return try? JSONDecoder().decode(EngineStatus.self, from: Data(r.stdout.utf8))
    }

    static func alarmState(_ dir: String, _ name: String) async throws -> String? {
        try await json(dir, ["alarms"])?.arrayValue?.first { $0["name"]?.stringValue == name }?["state"]?.stringValue
    }

    /// Polls the engine (not the screen) until `condition` holds.
    static func eventually(_ what: String, seconds: Double, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try await !condition() {
            guard Date() < deadline else { throw TmuxError.timedOut(what, "(engine state, not the screen)") }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Whether a queue stays empty (nothing visible or in flight) for `seconds`, polled.
    static func staysEmpty(_ dir: String, _ queue: String, seconds: Double) async throws -> Bool {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until {
            let q = try await status(dir)?.queues.first { $0.name == queue }
            guard q?.visible == 0, q?.inFlight == 0 else { return false }
            try await Task.sleep(for: .milliseconds(250))
        }
        return true
    }

    /// The screen line that mentions `text`.
    static func line(_ screen: String, containing text: String) -> String? {
        screen.split(separator: "\n").map(String.init).first { $0.contains(text) }
    }

    @Test("demo: poison reaches the DLQ and its alarm fires; switching the handler, redriving from the keyboard drains it and the alarm returns to OK")
    func demoFixAndRedrive() async throws {
        let dir = IngestBinary.temporaryDirectory("console-demo")
        let tmux = try TmuxSession(command: "\(IngestBinary.path) up --demo --rate 20 --poison 0.3 --data-dir \(dir) --port 0 --refresh 0.2")
        defer { tmux.kill() }
        try await tmux.waitFor("LIVE", seconds: 60)

        // Poison lands in the metadata DLQ, and the queues panel shows it with the DLQ marked.
        try await Self.eventually("messages in \(Self.metadataDLQ)", seconds: 90) {
            await (try Self.status(dir)?.queues.first { $0.name == Self.metadataDLQ }?.visible ?? 0) > 0
        }
        try tmux.send("2")
        try await tmux.waitFor("2 Queues(6)")

        // The DLQ alarm goes to ALARM (one-minute periods in the demo), spelled out in the alarms panel.
        try tmux.send("4")
        try await tmux.waitFor("UserMetadataDlq in ALARM", seconds: 200) { screen in
            Self.line(screen, containing: "UserMetadataDlq").map { $0.contains("ALARM") } ?? false
        }

        // Deploy the fix: the metadata function's handler, now discarding invalid records.
        try tmux.send("6")
        try await tmux.waitFor("6 Functions")
        try tmux.send("/")
        try tmux.type("demo-user-metadata")
        try tmux.send("Enter")
        try tmux.send("H")
        try await tmux.waitFor("handler for demo-user-metadata")
        try tmux.type("user-metadata INVALID_RECORDS=discard")
        try tmux.send("Enter")
        try await tmux.waitFor("Switch demo-user-metadata")
        try tmux.send("Left", "Enter")
        try await Self.eventually("the metadata function configured", seconds: 30) {
            let fns = try await Self.json(dir, ["function", "list"])?.arrayValue ?? []
            return fns.first { $0["name"]?.stringValue == "demo-user-metadata" }?["environment"]?["INVALID_RECORDS"]?.stringValue == "discard"
        }

        // Redrive the whole DLQ from its browser: R, then type the queue name to confirm.
        try tmux.send("Escape")
        try tmux.send(":")
        try tmux.type("dlq \(Self.metadataDLQ)")
        try tmux.send("Enter")
        try await tmux.waitFor("DLQ browser › \(Self.metadataDLQ)")
        try tmux.send("R")
        try await tmux.waitFor("type \(Self.metadataDLQ)") { $0.contains("Redrive") && $0.contains(Self.metadataDLQ) }
        // OK without the name typed does nothing but say so.
        try tmux.send("Left", "Enter")
        // The flash (lower case), not the dialog's own "Type ... to confirm" line.
        try await tmux.waitFor("type \(Self.metadataDLQ) to confirm")
        #expect(try await Self.status(dir)?.moveTasks.isEmpty ?? false, "OK must stay disabled until the name is typed")
        try tmux.type(Self.metadataDLQ)
        try tmux.send("Enter")
        // Messages that had already failed five times under the old handler still move to the DLQ on their next
        // receive (the lazy move, as in SQS), so a few may land after the first redrive; on a loaded machine a valid
        // message whose batch outlives the demo's 2 s visibility timeout is received again and may dead-letter too.
        // Redrive again, as an operator would: the stragglers are finite once the fix is deployed.
        let rounds = 10
        for round in 1...rounds {
            try await Self.eventually("redrive \(round) finished", seconds: 60) {
                let tasks = try await Self.status(dir)?.moveTasks ?? []
                return tasks.count >= round && tasks.allSatisfy { $0.status == .completed }
            }
            // Stragglers dead-letter within a few visibility timeouts (2 s in the demo): empty means empty for 6 s.
            if try await Self.staysEmpty(dir, Self.metadataDLQ, seconds: 6) { break }
            try #require(round < rounds, "the DLQ still has messages after \(round) redrives")
            try tmux.send("R")
            try await tmux.waitFor("Redrive all")
            try tmux.type(Self.metadataDLQ)
            try tmux.send("Enter")
        }
        try tmux.send("8")
        try await tmux.waitFor("COMPLETED", seconds: 30)

        // With no more dead letters, the alarm returns to OK after a whole period.
        try tmux.send("4")
        try await tmux.waitFor("UserMetadataDlq back to OK", seconds: 200) { screen in
            Self.line(screen, containing: "UserMetadataDlq").map { $0.contains("OK") && !$0.contains("ALARM") } ?? false
        }
        #expect(try await Self.alarmState(dir, Self.dlqAlarm) == "OK")

        // q quits the console and stops the engine cleanly.
        try tmux.send("q")
        try await tmux.waitFor("the process ended", seconds: 30) { _ in !tmux.isRunning }
        #expect(tmux.exitStatus == 0)
    }

    @Test("resize below 80x24 shows a notice and back restores the panel; NO_COLOR draws no colour; q exits 0")
    func resizeAndNoColor() async throws {
        let dir = IngestBinary.temporaryDirectory("console-resize")
        let tmux = try TmuxSession(command: "\(IngestBinary.path) up --data-dir \(dir) --port 0 --memory", environment: ["NO_COLOR": "1"])
        defer { tmux.kill() }
        try await tmux.waitFor("LIVE", seconds: 60)
        try tmux.send("2")
        try await tmux.waitFor("2 Queues(6)")
        // Colours are escape sequences 30-37/90-97 (foreground), 40-47/100-107 (background) or 38;5 / 48;5.
        let colored = tmux.capture(colors: true)
        let colorCode = try Regex(#"\e\[[0-9;]*(3[0-7]|9[0-7]|4[0-7]|10[0-7]|[34]8;5;[0-9]+)m"#)
        #expect(colored.firstMatch(of: colorCode) == nil, "NO_COLOR, yet the screen has colours:\n\(colored)")
        #expect(colored.contains("OK") || colored.contains("LIVE"))

        try tmux.resize(width: 70, height: 20)
        try await tmux.waitFor("terminal too small")
        try tmux.resize(width: 120, height: 40)
        try await tmux.waitFor("2 Queues(6)")
        try tmux.send("q")
        try await tmux.waitFor("the process ended", seconds: 30) { _ in !tmux.isRunning }
        #expect(tmux.exitStatus == 0)
    }

    @Test("closing the terminal ends the console and stops the engine inside it: no process is left behind")
    func closedTerminal() async throws {
        let dir = IngestBinary.temporaryDirectory("console-closed")
        let tmux = try TmuxSession(command: "\(IngestBinary.path) up --data-dir \(dir) --port 0 --memory")
        try await tmux.waitFor("LIVE", seconds: 60)
        #expect(!Self.processes(mentioning: dir).isEmpty)
        tmux.kill()
        try await Self.eventually("every ingest process of \(dir) gone", seconds: 30) { Self.processes(mentioning: dir).isEmpty }
        #expect(try await IngestBinary.run(["status", "--data-dir", dir]).status != 0)
    }

    /// Pids of `ingest` processes whose command line mentions `text`.
    static func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
                  comm.trimmingCharacters(in: .whitespacesAndNewlines) == "ingest",
                  let cmd = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: cmd, as: UTF8.self).contains(text)
        }
    }

    @Test("an attached console shows the engine's state; --readonly hides redrive and the engine refuses it; a lost engine is shown and rejoined")
    func attachedReadOnly() async throws {
        // Short timeouts, so poison dead-letters within seconds.
        let engine = try EngineProcess(arguments: ["--parameter", "QueueTimeout=1", "--parameter", "FunctionTimeout=1"])
        let keys = try JSONValue.parse(try await engine.waitUntilReady())
        let dir = engine.dataDirectory
        let topic = try #require(keys["topicArns"]?.arrayValue?.compactMap(\.stringValue).first { $0.hasSuffix(":demo-user-ingestion-topic") })
        // Three poison sign-ups, so there is something to (not) redrive.
        for i in 0..<3 {
            let body = JSONValue.object(["topic": .string(topic), "message": .string("not json \(i)")]).serialized()
            #expect(try await RawHTTP.unixSocket(dir + "/control.sock", method: "POST", path: "/v1/publish", headers: ["content-type": "application/json"],
                                           body: body).status == 200)
        }
        try await Self.eventually("3 messages in \(Self.metadataDLQ)", seconds: 60) {
            try await Self.status(dir)?.queues.first { $0.name == Self.metadataDLQ }?.visible == 3
        }
        let tmux = try TmuxSession(command: "\(IngestBinary.path) console --readonly --data-dir \(dir) --refresh 0.2")
        defer { tmux.kill() }
        try await tmux.waitFor("READ-ONLY", seconds: 30)
        try await tmux.waitFor("LIVE")

        // The same numbers as the engine's own status.
        try tmux.send("2")
        let screen = try await tmux.waitFor("the DLQ's row with 3 visible") { screen in
            Self.line(screen, containing: "demo-user-ingestion-user-metadata").map { $0.contains(" 3 ") } ?? false
        }
        #expect(try await Self.status(dir)?.queues.first { $0.name == Self.metadataDLQ }?.visible == 3)
        #expect(!screen.contains("<R>redrive"), "read-only must not offer redrive:\n\(screen)")

        // R does nothing; the help lists no dangerous action.
        try tmux.send(":")
        try tmux.type("dlq \(Self.metadataDLQ)")
        try tmux.send("Enter")
        try await tmux.waitFor("DLQ browser › \(Self.metadataDLQ)")
        try tmux.send("R")
        try tmux.send("?")
        let help = try await tmux.waitFor("Quit")
        #expect(!help.contains("Redrive every message"), "\(help)")
        #expect(!help.contains("Purge"), "\(help)")
        try tmux.send("Escape")
        #expect(try await Self.status(dir)?.moveTasks.isEmpty == true)

        // The engine itself refuses a change from a read-only client, whatever the console shows.
        let refused = try await RawHTTP.unixSocket(dir + "/control.sock", method: "POST", path: "/v1/queues/\(Self.metadataDLQ)/purge",
                                             headers: [ControlAPI.readOnlyHeader: "true"], body: "{}")
        #expect(refused.status == 403)
        #expect(refused.body.contains("AccessDenied"))
        #expect(try await Self.status(dir)?.queues.first { $0.name == Self.metadataDLQ }?.visible == 3)

        // The engine goes away: the console says so and keeps trying; a new engine on the same data directory is rejoined.
        await engine.stop()
        try await tmux.waitFor("DISCONNECTED", seconds: 30)
        let again = try EngineProcess(dataDirectory: dir)
        defer { again.terminate() }
        _ = try await again.waitUntilReady()
        try await tmux.waitFor("LIVE", seconds: 30)
        try tmux.send("q")
        try await tmux.waitFor("the process ended", seconds: 30) { _ in !tmux.isRunning }
        #expect(tmux.exitStatus == 0)
    }
}
