import IngestCore

/// Measures how long the pure renderer takes per frame at scale, for `ingest bench console`: many queues
/// whose DLQs report 1,000,000 messages in total (as counts: a snapshot never holds messages), a full log
/// ring, an open DLQ page of 100 messages. Not a test: it returns timings and asserts nothing.
public enum ConsoleBenchmark {
    /// The model the benchmark renders: `queues` source queues, each with a DLQ, the DLQs holding
    /// `deadLetters` messages between them, `logLines` log lines received, and `panel` shown.
    public static func model(queues: Int = 200, deadLetters: Int = 1_000_000, logLines: Int = 10_000,
                             panel: Panel = .queues) -> ConsoleModel {
        let start = Timestamp(millis: 1_780_000_000_000)
        var model = ConsoleModel(options: ConsoleOptions(sourceLabel: "bench", logCapacity: logLines))
        let n = max(1, queues)
        // Several snapshots a second apart, so rates and sparklines have history.
        for step in 0..<8 {
            let now = start.adding(seconds: step)
            var status = Blank.engine(startedAt: start.adding(seconds: -3600), now: now)
            for i in 0..<n {
                var source = Blank.queue(format6(i) + "-queue")
                var dlq = Blank.queue(format6(i) + "-dlq")
                let dead = deadLetters / n + (i < deadLetters % n ? 1 : 0)
                source.visible = (i * 37 + step * 11) % 500
                source.inFlight = i % 10
                source.counters.sent = 1_000 * step + i
                source.counters.received = 900 * step + i
                source.counters.deleted = 850 * step
                source.deadLetterQueue = dlq.name
                source.deadLetterQueueDepth = dead
                source.maxReceiveCount = 3
                dlq.isDeadLetterQueue = true
                dlq.sourceQueues = [source.name]
                dlq.visible = dead
                dlq.ageOfOldestMessage = 3_600
                status.queues += [source, dlq]
            }
            var snapshot = Blank.snapshot(status: status)
            let perStep = logLines / 8
            snapshot.logs = (0..<perStep).map { k in
                let id = UInt64(step * perStep + k + 1)
                return LogLine(id: id, at: now.adding(millis: Int64(k)), level: k % 50 == 0 ? .error : .info,
                               source: "fn-\(k % 5)", requestId: "req-\(id)", message: "processed message \(id) in \(k % 40) ms")
            }
            snapshot.lastLogId = UInt64((step + 1) * perStep)
            _ = model.receive(.snapshot(snapshot), now: now)
        }
        _ = model.handle(.char(Character(String(panel.rawValue))), now: start.adding(seconds: 8))
        if panel == .deadLetters {
            _ = model.handle(.enter, now: start.adding(seconds: 8))
            let queue = model.deadLetters?.queue ?? ""
            let messages = (0..<ConsoleModel.pageSize).map { k in
                Blank.deadLetter("msg-\(k)", body: #"{"user_id":"u-\#(k)","email":"[redacted]"}"#, cursor: UInt64(k))
            }
            let page = Blank.page(queue: queue, total: deadLetters / n, messages: messages, next: UInt64(ConsoleModel.pageSize))
            _ = model.receive(.reply(.deadLetters(queue: queue, after: nil, limit: ConsoleModel.pageSize), .success(.deadLetters(page))),
                              now: start.adding(seconds: 8))
        }
        return model
    }

    /// Renders `frames` frames of ``model(queues:deadLetters:logLines:panel:)`` at `width`×`height`, moving
    /// the cursor between frames, and returns each frame's render time in milliseconds.
    public static func frameTimes(frames: Int = 200, width: Int = 160, height: Int = 50, queues: Int = 200,
                                  panel: Panel = .queues) -> [Double] {
        var model = self.model(queues: queues, panel: panel)
        let now = Timestamp(millis: 1_780_000_010_000)
        let clock = ContinuousClock()
        var times: [Double] = []
        times.reserveCapacity(frames)
        var checksum = 0
        for f in 0..<max(0, frames) {
            _ = model.handle(f % 20 < 10 ? .down : .up, now: now)
            let started = clock.now
            let grid = Renderer.render(model, width: width, height: height, now: now)
            let elapsed = clock.now - started
            checksum &+= grid.cells.count
            times.append(elapsed.milliseconds)
        }
        precondition(checksum >= 0)
        return times
    }

    /// `000042`.
    private static func format6(_ i: Int) -> String {
        let s = String(i)
        return String(repeating: "0", count: max(0, 6 - s.count)) + s
    }
}
