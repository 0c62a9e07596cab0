import Foundation
import IngestCore
import IngestTestSupport
import Testing

@Suite("Log book: a bounded, redacting, queryable ring", .timeLimit(.minutes(1)))
struct LogBookTests {
    let t0 = Timestamp(millis: 1_767_225_600_000)

    func filled(_ book: LogBook) {
        book.append(level: .info, source: "engine", requestId: nil, message: "started", at: t0)
        book.append(level: .debug, source: "demo-user-metadata", requestId: "r1", message: "debug detail", at: t0.adding(seconds: 1))
        book.append(level: .info, source: "demo-user-metadata", requestId: "r1", message: "stored metadata for user u1", at: t0.adding(seconds: 2))
        book.append(level: .error, source: "demo-user-metadata", requestId: "r2", message: "message m2 rejected: email is missing", at: t0.adding(seconds: 3))
        book.append(level: .warn, source: "gateway", requestId: "g1", message: "429 Too Many Requests", at: t0.adding(seconds: 4))
    }

    @Test("ids increase by one and lastId follows the newest line")
    func ids() {
        let book = LogBook()
        #expect(book.lastId == 0)
        let a = book.append(level: .info, source: "engine", requestId: nil, message: "a", at: t0)
        let b = book.append(level: .info, source: "engine", requestId: nil, message: "b", at: t0)
        #expect(a == 1 && b == 2)
        #expect(book.lastId == 2)
        #expect(book.query(LogQuery()).map(\.id) == [1, 2])
    }

    @Test("log lines never contain the e-mail address")
    func redacts() {
        let book = LogBook()
        book.append(level: .info, source: "demo-user-metadata", requestId: "r", message: "Received message: {\"email\":\"jane.doe@example.com\"}", at: t0)
        book.logger(source: "fn", requestId: "r", clock: ManualClock()).error("bad address jane.doe@example.com with x-api-key: abc")
        let lines = book.query(LogQuery())
        #expect(lines.count == 2)
        for l in lines { #expect(!l.message.contains("jane.doe@example.com")) }
        #expect(lines[0].message == "Received message: {\"email\":\"j***@example.com\"}")
        #expect(lines[1].message == "bad address j***@example.com with x-api-key: ****")
    }

    @Test("filters by source, level, request id, time and text")
    func filters() {
        let book = LogBook()
        filled(book)
        #expect(book.query(LogQuery(source: "demo-user-metadata")).count == 3)
        #expect(book.query(LogQuery(minLevel: .warn)).map(\.source) == ["demo-user-metadata", "gateway"])
        #expect(book.query(LogQuery(requestId: "r1")).map(\.level) == [.debug, .info])
        #expect(book.query(LogQuery(since: t0.adding(seconds: 3))).count == 2)
        #expect(book.query(LogQuery(contains: "STORED")).map(\.message) == ["stored metadata for user u1"])
        #expect(book.query(LogQuery(source: "demo-user-metadata", minLevel: .info, contains: "user")).count == 1)
    }

    @Test("without afterId the newest matches come back, oldest first")
    func newestMatches() {
        let book = LogBook()
        for i in 1...10 { book.append(level: .info, source: "engine", requestId: nil, message: "line \(i)", at: t0) }
        #expect(book.query(LogQuery(limit: 3)).map(\.message) == ["line 8", "line 9", "line 10"])
    }

    @Test("with afterId the next matches come back in order, for following")
    func afterId() {
        let book = LogBook()
        for i in 1...10 { book.append(level: i % 2 == 0 ? .error : .info, source: "engine", requestId: nil, message: "line \(i)", at: t0) }
        #expect(book.query(LogQuery(afterId: 3, limit: 3)).map(\.id) == [4, 5, 6])
        #expect(book.query(LogQuery(minLevel: .error, afterId: 3, limit: 2)).map(\.id) == [4, 6])
        #expect(book.query(LogQuery(afterId: 10)).isEmpty)
        #expect(book.query(LogQuery(afterId: 0, limit: 2)).map(\.id) == [1, 2])
    }

    @Test("the ring keeps only the newest lines up to its capacity")
    func bounded() {
        let book = LogBook(capacity: 5)
        for i in 1...12 { book.append(level: .info, source: "engine", requestId: nil, message: "line \(i)", at: t0) }
        #expect(book.count == 5)
        #expect(book.lastId == 12)
        #expect(book.query(LogQuery(limit: 100)).map(\.id) == [8, 9, 10, 11, 12])
        // A follower that fell behind the ring continues from the oldest line still held.
        #expect(book.query(LogQuery(afterId: 2, limit: 2)).map(\.id) == [8, 9])
    }

    @Test("a function logger stamps source, request id and the clock's time")
    func logger() {
        let book = LogBook()
        let clock = ManualClock()
        let log = book.logger(source: "demo-user-onboarding", requestId: "req-1", clock: clock)
        log.info("one")
        clock.advance(seconds: 1.5)
        log.warn("two")
        let lines = book.query(LogQuery())
        #expect(lines.map(\.source) == ["demo-user-onboarding", "demo-user-onboarding"])
        #expect(lines.map(\.requestId) == ["req-1", "req-1"])
        #expect(lines.map(\.level) == [.info, .warn])
        #expect(lines[1].at.millis(since: lines[0].at) == 1_500)
    }

    @Test("wait returns at once when a newer line exists")
    func waitImmediate() async {
        let book = LogBook()
        book.append(level: .info, source: "engine", requestId: nil, message: "x", at: t0)
        await book.wait(afterId: 0)
        #expect(book.lastId == 1)
    }

    @Test("wait resumes when a newer line is appended, without polling")
    func waitResumes() async {
        let book = LogBook()
        book.append(level: .info, source: "engine", requestId: nil, message: "x", at: t0)
        let waiter = Task { await book.wait(afterId: 1); return book.lastId }
        // Give the waiter time to suspend, then append.
        try? await Task.sleep(for: .milliseconds(20))
        book.append(level: .info, source: "engine", requestId: nil, message: "y", at: t0)
        #expect(await waiter.value == 2)
    }

    @Test("a cancelled wait returns")
    func waitCancelled() async {
        let book = LogBook()
        let waiter = Task { await book.wait(afterId: 0) }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        await waiter.value
        #expect(book.lastId == 0)
    }

    @Test("log lines encode to JSON and back")
    func codable() throws {
        let line = LogLine(id: 7, at: t0, level: .error, source: "engine", requestId: nil, message: "m")
        let data = try JSONEncoder().encode(line)
        #expect(try JSONDecoder().decode(LogLine.self, from: data) == line)
    }

    @Test("appends from many tasks at once all arrive with distinct ids")
    func concurrent() async {
        let book = LogBook(capacity: 10_000)
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<500 { book.append(level: .info, source: "t\(t)", requestId: nil, message: "\(i)", at: Timestamp(millis: 0)) }
                }
            }
        }
        let lines = book.query(LogQuery(limit: 10_000))
        #expect(lines.count == 4_000)
        #expect(Set(lines.map(\.id)).count == 4_000)
        #expect(lines.map(\.id) == Array(1...4_000))
    }
}
