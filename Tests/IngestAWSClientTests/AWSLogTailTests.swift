@testable import IngestAWSClient
import IngestCore
import Testing

/// Lambda's CloudWatch log lines as the console shows them: level, request id, body, redaction, dedupe.
@Suite("AWSLogTail: Lambda log events as console lines")
struct AWSLogTailTests {
    static let rid = "8f5c2a3e-9b1d-4c7e-a2f0-6d3b9e1c4a57"
    static let group = "/aws/lambda/demo_user_onboarding"

    func event(_ message: String, at millis: Int64 = 1_796_684_146_000, id: String) -> LogEvent {
        LogEvent(group: Self.group, stream: "2026/12/07/[$LATEST]0123456789abcdef", timestamp: millis, message: message, eventId: id)
    }

    func line(_ message: String) -> LogLine { AWSLogTail.line(event(message, id: "e"), id: 1) }

    @Test("Node's time\\tRID\\tLEVEL\\tmessage: level, request id, the message alone")
    func nodeFormat() {
        let l = line("2026-12-07T22:55:46.123Z\t\(Self.rid)\tERROR\tInvoke Error \t{\"errorType\":\"Error\",\"errorMessage\":\"boom\"}\n")
        #expect(l.level == .error)
        #expect(l.requestId == Self.rid)
        #expect(l.message == "Invoke Error \t{\"errorType\":\"Error\",\"errorMessage\":\"boom\"}")
        #expect(l.source == "demo_user_onboarding")
        #expect(l.at == Timestamp(millis: 1_796_684_146_000))

        let warn = line("2026-12-07T22:55:46.124Z\t\(Self.rid)\tWARN\tslow downstream")
        #expect(warn.level == .warn)
        #expect(warn.message == "slow downstream")
        let info = line("2026-12-07T22:55:46.125Z\t\(Self.rid)\tINFO\tprocessed 3 records")
        #expect(info.level == .info)
        #expect(info.message == "processed 3 records")
    }

    @Test("Python's [LEVEL]\\ttime\\tRID\\tmessage: level, request id, the message alone")
    func pythonFormat() {
        let l = line("[ERROR]\t2026-12-07T22:55:46.123Z\t\(Self.rid)\tKeyError: 'user_id'\n")
        #expect(l.level == .error)
        #expect(l.requestId == Self.rid)
        #expect(l.message == "KeyError: 'user_id'")

        let warning = line("[WARNING]\t2026-12-07T22:55:46.123Z\t\(Self.rid)\tretrying")
        #expect(warning.level == .warn)
        #expect(warning.message == "retrying")
        let debug = line("[DEBUG]\t2026-12-07T22:55:46.123Z\t\(Self.rid)\tpayload size 12")
        #expect(debug.level == .debug)
        #expect(debug.message == "payload size 12")
    }

    @Test("CRITICAL and FATAL lines are errors")
    func criticalIsError() {
        #expect(line("[CRITICAL]\t2026-12-07T22:55:46.123Z\t\(Self.rid)\tdatabase gone").level == .error)
        #expect(line("2026-12-07T22:55:46.123Z\t\(Self.rid)\tFATAL\tout of memory").level == .error)
    }

    @Test("START, END and REPORT: the request id, info level, the text as Lambda wrote it")
    func platformLines() {
        let start = line("START RequestId: \(Self.rid) Version: $LATEST\n")
        #expect(start.requestId == Self.rid)
        #expect(start.level == .info)
        #expect(start.message == "START RequestId: \(Self.rid) Version: $LATEST")

        let end = line("END RequestId: \(Self.rid)\n")
        #expect(end.requestId == Self.rid)
        #expect(end.message == "END RequestId: \(Self.rid)")

        let report = "REPORT RequestId: \(Self.rid)\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 150.01 ms"
        let r = line(report + "\t\n")
        #expect(r.requestId == Self.rid)
        #expect(r.level == .info)
        #expect(r.message == report)
    }

    @Test("a timeout is an error; a line without a request id has none; an upper-case id is lower-cased")
    func otherLines() {
        let timeout = line("2026-12-07T22:55:49.130Z \(Self.rid) Task timed out after 3.00 seconds")
        #expect(timeout.level == .error)
        #expect(timeout.requestId == Self.rid)
        #expect(line("INIT_START Runtime Version: nodejs:20.v22").requestId == nil)
        #expect(AWSLogTail.requestId(in: "END RequestId: \(Self.rid.uppercased())") == Self.rid)
        // A tab-separated line that is not a runtime's format keeps every field.
        #expect(AWSLogTail.body(of: "a\tb\tc\td") == "a\tb\tc\td")
    }

    @Test("e-mail addresses are redacted from the body")
    func redaction() {
        let l = line("2026-12-07T22:55:46.123Z\t\(Self.rid)\tINFO\twelcome mail sent to jane.doe@example.com")
        #expect(!l.message.contains("jane.doe@example.com"))
        #expect(!l.message.contains("jane.doe"))
        #expect(l.message == "welcome mail sent to j***@example.com")
    }

    @Test("an event two polls both return is kept once; a new event at the same millisecond is kept")
    func dedupe() {
        var tail = AWSLogTail()
        let first = event("START RequestId: \(Self.rid) Version: $LATEST", at: 1000, id: "event-1")
        tail.append([first])
        #expect(tail.start(of: Self.group, since: 0) == 1000)
        // FilterLogEvents' startTime is inclusive: the next poll returns event-1 again.
        tail.append([first, event("END RequestId: \(Self.rid)", at: 1000, id: "event-2")])
        tail.append([event("END RequestId: \(Self.rid)", at: 1000, id: "event-2"), event("REPORT RequestId: \(Self.rid)", at: 1001, id: "event-3")])
        #expect(tail.lines.map(\.message) == ["START RequestId: \(Self.rid) Version: $LATEST", "END RequestId: \(Self.rid)", "REPORT RequestId: \(Self.rid)"])
        #expect(tail.lines.map(\.id) == [1, 2, 3])
        #expect(tail.lastId == 3)
        #expect(tail.start(of: Self.group, since: 0) == 1001)
        #expect(tail.start(of: "/aws/lambda/other", since: 42) == 42)
    }

    @Test("one poll's events are numbered oldest first, whatever order they came in")
    func ordering() {
        var tail = AWSLogTail()
        tail.append([event("second", at: 2000, id: "b"), event("first", at: 1000, id: "a")])
        #expect(tail.lines.map(\.message) == ["first", "second"])
    }

    @Test("lines(after:limit:): the newest without a cursor, those after it with one, at most limit")
    func linesAfter() {
        var tail = AWSLogTail()
        tail.append((1...5).map { event("line \($0)", at: Int64($0), id: "e\($0)") })
        #expect(tail.lines(after: nil, limit: 2).map(\.message) == ["line 4", "line 5"])
        #expect(tail.lines(after: 2, limit: 2).map(\.message) == ["line 3", "line 4"])
        #expect(tail.lines(after: 2, limit: 10).map(\.id) == [3, 4, 5])
        #expect(tail.lines(after: 5, limit: 10).isEmpty)
    }

    @Test("the tail keeps at most its capacity, dropping the oldest")
    func capacity() {
        var tail = AWSLogTail(capacity: 3)
        tail.append((1...5).map { event("line \($0)", at: Int64($0), id: "e\($0)") })
        #expect(tail.lines.map(\.id) == [3, 4, 5])
    }
}
