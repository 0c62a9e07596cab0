import Foundation
import IngestAPI
import IngestCore
import Testing
@testable import IngestConsole

/// Text snapshots of every panel, detail, dialog and the help screen, at 80×24 and 160×50.
@Suite("Renderer snapshots")
struct RenderSnapshotTests {
    static let now = ConsoleFixtures.now
    static let sizes = [(80, 24), (160, 50)]

    /// A scene: a name and how to get the model there.
    struct Scene: CustomTestStringConvertible, Sendable {
        let name: String
        let build: @Sendable () -> ConsoleModel
        var testDescription: String { name }
    }

    static func dlqOpen() -> ConsoleModel {
        var m = ConsoleFixtures.model()
        m.press("3", .enter)
        m.reply(.deadLetters(queue: "users-dlq", after: nil, limit: ConsoleModel.pageSize), .deadLetters(ConsoleFixtures.deadLetterPage()))
        return m
    }

    static let scenes: [Scene] = [
        Scene(name: "1-pipeline") { ConsoleFixtures.model() },
        Scene(name: "2-queues") { var m = ConsoleFixtures.model(); m.press("2", .down); return m },
        Scene(name: "2-queues-filtered") { var m = ConsoleFixtures.model(); m.press("2", "/dlq", .enter); return m },
        Scene(name: "3-dlq-list") { var m = ConsoleFixtures.model(); m.press("3"); return m },
        Scene(name: "3-dlq-messages") { var m = dlqOpen(); m.press(.space, .down, .space); return m },
        Scene(name: "3-dlq-detail") {
            var m = dlqOpen()
            m.press(.enter)
            let id = "9f1c2b7e-1000-4b1e-a0f2-6c1d3e5f7a90"
            m.reply(.messageLogs(messageId: id), .logLines(ConsoleFixtures.logLines(24...27, at: now)))
            return m
        },
        Scene(name: "3-redrive-dialog") { var m = dlqOpen(); m.press(.space, .space, "r"); return m },
        Scene(name: "4-alarms") { var m = ConsoleFixtures.model(); m.press("4"); return m },
        Scene(name: "4-alarm-detail") {
            var m = ConsoleFixtures.model()
            m.press("4", .enter)
            let a = m.snapshot!.alarms.first { $0.name == "users-dlq-not-empty" }!
            let points = (0..<30).map { i in
                let v = Double(max(0, i - 18))
                return ControlAPI.MetricPoint(start: now.adding(seconds: -60 * (30 - i)),
                                              statistics: Statistics(sampleCount: 1, sum: v, minimum: v, maximum: v)!)
            }
            m.reply(m.alarmMetricCommand(a), .metric(ControlAPI.MetricSeries(namespace: a.metric.namespace, name: a.metric.name,
                                                                               dimensions: a.metric.dimensions, points: points)))
            m.reply(.alarmHistory(alarm: a.name), .alarmHistory([
                AlarmHistoryItem(alarmName: a.name, timestamp: now.adding(seconds: -300), type: .stateUpdate,
                                 summary: "Alarm updated from OK to ALARM", data: "{}"),
                AlarmHistoryItem(alarmName: a.name, timestamp: now.adding(seconds: -4000), type: .stateUpdate,
                                 summary: "Alarm updated from INSUFFICIENT_DATA to OK", data: "{}"),
            ]))
            return m
        },
        Scene(name: "5-logs") { var m = ConsoleFixtures.model(); m.press("5"); return m },
        Scene(name: "5-logs-paused-wrapped") { var m = ConsoleFixtures.model(); m.press("5", "w", "v", "k", "k"); return m },
        Scene(name: "6-functions") { var m = ConsoleFixtures.model(); m.press("6"); return m },
        Scene(name: "7-tables") { var m = ConsoleFixtures.model(); m.press("7"); return m },
        Scene(name: "7-table-detail") {
            var m = ConsoleFixtures.model()
            m.press("7", .enter)
            m.reply(.tableItems(table: "users", limit: 20), .tableItems(table: "users", items: [
                .object(["user_id": .string("u-1"), "plan": .string("free")]),
                .object(["user_id": .string("u-2"), "plan": .string("pro")]),
            ]))
            m.reply(.streamRecords(table: "users", limit: 20), .streamRecords(table: "users", records: [
                .object(["eventName": .string("INSERT"), "sequenceNumber": .string("000000000000000001181")]),
            ]))
            return m
        },
        Scene(name: "8-move-tasks") { var m = ConsoleFixtures.model(); m.press("8"); return m },
        Scene(name: "help") { var m = ConsoleFixtures.model(); m.press("?"); return m },
        Scene(name: "help-readonly") { var m = ConsoleFixtures.model(readOnly: true); m.press("?"); return m },
        Scene(name: "purge-confirm") { var m = ConsoleFixtures.model(); m.press("2", "j", "P", "users"); return m },
        Scene(name: "queues-readonly-ascii") { var m = ConsoleFixtures.model(readOnly: true, ascii: true); m.press("2"); return m },
        Scene(name: "command-line") { var m = ConsoleFixtures.model(); m.press(":", "dlq u", .tab); return m },
        Scene(name: "disconnected") {
            var m = ConsoleFixtures.model()
            m.press("2")
            _ = m.receive(.disconnected(reason: "connection refused", retryIn: 2), now: now)
            _ = m.receive(.reply(.purge(queue: "x"), .failure(ConsoleFailure("engine is read-only: purge refused"))), now: now)
            return m
        },
    ]

    @Test("every scene at 80×24 and 160×50", arguments: scenes)
    func scene(_ scene: Scene) {
        let model = scene.build()
        for (w, h) in Self.sizes {
            let grid = Renderer.render(model, width: w, height: h, now: Self.now)
            SnapshotSupport.assertSnapshot(grid.text, named: "\(scene.name)-\(w)x\(h)")
        }
    }

    @Test("below 80×24 only the notice is drawn")
    func tooSmall() {
        let grid = Renderer.render(ConsoleFixtures.model(), width: 79, height: 24, now: Self.now)
        SnapshotSupport.assertSnapshot(grid.text, named: "too-small-79x24")
        #expect(grid.text.contains("terminal too small (need 80x24)"))
        let short = Renderer.render(ConsoleFixtures.model(), width: 120, height: 23, now: Self.now)
        #expect(short.text.trimmingCharacters(in: .whitespacesAndNewlines) == "terminal too small (need 80x24)")
    }
}
