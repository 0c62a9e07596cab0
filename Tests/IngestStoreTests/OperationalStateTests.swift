import Foundation
import IngestCore
import IngestStore
import IngestTestSupport
import Testing

/// Alarm states, function configuration changes and the log book survive a restart.
@Suite("Operational state: alarms, function configuration and the log book", .timeLimit(.minutes(1)))
struct OperationalStateTests {
    let dir: TempDir
    let t0 = Timestamp(millis: 1_767_225_600_000)
    init() throws { dir = try TempDir() }

    @Test("an alarm's state, reason, time and history come back; a function's configuration comes back sealed")
    func alarmAndFunction() async throws {
        let path = try dir.directory("s")
        let ring = try KeyRing.create(path: dir.file("k.key"))
        let store = try openStore(path, ring: ring, encrypted: ["q"])
        let history = [AlarmHistoryItem(alarmName: "A", timestamp: t0, type: .stateUpdate, summary: "Alarm updated from OK to ALARM", data: "{}")]
        let alarm = AlarmStateRecord(name: "A", state: .alarm, reason: "Threshold Crossed: 1 out of the last 1 datapoints", reasonData: nil,
                                     since: t0, history: history, lastValue: 3)
        let fn = FunctionConfigRecord(name: "f", handler: "fail", environment: ["SECRET_TOKEN": "s3cr3t-value"], mappingsEnabled: false)
        try await write(store, [.alarm(alarm), .function(fn)])
        store.close()
        #expect(!occurs("s3cr3t-value", in: rawStoreBytes(path)), "a function's environment is sealed when the store has a key")
        let s = try reload(path, ring: ring, encrypted: ["q"])
        #expect(s.alarms == [alarm])
        #expect(s.functions == [fn])
    }

    @Test("log lines come back in order, and new lines continue after the newest id")
    func logLines() async throws {
        let path = try dir.directory("l")
        let store = try openStore(path)
        let book = LogBook(capacity: 3, store: store)
        store.start()
        for i in 1...5 { book.append(level: .info, source: "f", requestId: "r\(i)", message: "line \(i) for a@example.com", at: t0.adding(seconds: i)) }
        store.close()
        let s = try reload(path)
        #expect(s.logLines.map(\.id) == [1, 2, 3, 4, 5])
        #expect(s.logLines.allSatisfy { !$0.message.contains("a@example.com") })   // redacted before it is stored
        let again = LogBook(capacity: 3)
        again.restore(s.logLines)
        #expect(again.query(LogQuery(limit: 10)).map { String($0.message.prefix(6)) } == ["line 3", "line 4", "line 5"])
        #expect(again.append(level: .info, source: "f", requestId: nil, message: "next", at: t0) == 6)
    }
}
