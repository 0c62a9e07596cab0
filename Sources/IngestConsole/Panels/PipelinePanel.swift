import IngestAPI
import IngestCore

/// Panel 1: gateway → topic → queues → functions → tables → stream, one stage a row with its rate,
/// errors, backlog and health in words (and colour), the stage's members below it when there is room.
enum PipelinePanel {
    /// A stage's health, always shown as a word.
    enum Health {
        case ok, degraded, failing, idle

        var cell: TableView.Cell {
            switch self {
            case .ok: return .init("OK", .statusOK)
            case .degraded: return .init("DEGRADED", .statusWarn)
            case .failing: return .init("FAILING", .statusAlarm)
            case .idle: return .init("IDLE", .dim)
            }
        }
    }

    struct Stage {
        var name: String
        var what: String
        var rate: String
        var errors: String
        var backlog: String
        var health: Health
        var members: [[String]] = []
    }

    static let columns: [TableView.Column] = [
        .init(title: "STAGE", width: 9),
        .init(title: "WHAT", width: 14, flex: true),
        .init(title: "RATE", width: 14, right: true),
        .init(title: "ERRORS", width: 12, right: true),
        .init(title: "BACKLOG", width: 13, right: true),
        .init(title: "HEALTH", width: 8),
    ]

    static func draw(_ ctx: RenderContext, into grid: inout Grid) {
        guard let s = ctx.model.snapshot else {
            grid.put("waiting for the engine…", x: ctx.contentX + 1, y: ctx.contentY + 1, role: .dim)
            return
        }
        let stages = self.stages(s, ctx.model, now: ctx.now)
        if ctx.contentWidth >= wideWidth, ctx.contentRows >= boxHeight + 4 {
            drawDiagram(stages, ctx, into: &grid)
            return
        }
        let skeleton = stages.count * 2 - 1
        let withMembers = skeleton + stages.reduce(0) { $0 + $1.members.count } <= ctx.contentRows - 1
        var rows: [TableView.Row] = []
        for (i, st) in stages.enumerated() {
            rows.append(.init(cells: [.init(st.name.uppercased(), .header), .init(st.what), .init(st.rate), .init(st.errors),
                                      .init(st.backlog), st.health.cell]))
            if withMembers {
                for member in st.members {
                    rows.append(.init(cells: member.enumerated().map { .init(($0.offset == 1 ? "  " : "") + $0.element, .dim) }))
                }
            }
            if i < stages.count - 1 { rows.append(.init(cells: [.init("  " + ctx.glyphs.arrowDown, .border)])) }
        }
        TableView(columns: columns, rows: rows).draw(into: &grid, x: ctx.contentX - 1, y: ctx.contentY, width: ctx.contentWidth + 1,
                                                     height: ctx.contentRows, cursor: nil, top: 0, glyphs: ctx.glyphs)
        let warnings = s.status.warnings
        if !warnings.isEmpty, ctx.contentRows - 1 > rows.count + 1 {
            grid.put("! " + Format.clip(warnings.joined(separator: "; "), ctx.contentWidth - 2), x: ctx.contentX,
                     y: ctx.contentY + rows.count + 2, role: .statusWarn)
        }
    }

    /// Content width from which the stages are drawn side by side as boxes.
    static let wideWidth = 140
    static let boxHeight = 7

    /// Wide screens: the six stages as boxes joined by arrows, their members in a table below.
    static func drawDiagram(_ stages: [Stage], _ ctx: RenderContext, into grid: inout Grid) {
        let g = ctx.glyphs
        let arrow = g.cursor == ">" ? "->" : "─▶"
        let gap = DisplayWidth.of(arrow) + 2
        let boxWidth = (ctx.contentWidth - gap * (stages.count - 1)) / stages.count
        let y = ctx.contentY
        for (i, st) in stages.enumerated() {
            let x = ctx.contentX + i * (boxWidth + gap)
            BoxDrawing.outline(x: x, y: y, width: boxWidth, height: boxHeight, title: st.name.uppercased(), glyphs: g,
                               role: st.health == .failing ? .statusAlarm : st.health == .degraded ? .statusWarn : .border, into: &grid)
            let health = st.health.cell
            grid.put(health.text, x: x + 2, y: y + 1, role: health.role)
            for (n, line) in [st.what, st.rate, st.errors, st.backlog].enumerated() {
                grid.put(Format.clip(line, boxWidth - 4), x: x + 2, y: y + 2 + n, role: n == 0 ? .dim : .body)
            }
            if i < stages.count - 1 { grid.put(arrow, x: x + boxWidth + 1, y: y + boxHeight / 2, role: .border) }
        }
        var rows: [TableView.Row] = []
        for st in stages {
            for (n, member) in st.members.enumerated() {
                var cells = member.map { TableView.Cell($0) }
                cells[0] = TableView.Cell(n == 0 ? st.name.uppercased() : "", .header)
                rows.append(.init(cells: cells))
            }
        }
        let memberColumns: [TableView.Column] = [
            .init(title: "STAGE", width: 10), .init(title: "MEMBER", width: 30, flex: true),
            .init(title: "", width: 16, right: true), .init(title: "", width: 16, right: true), .init(title: "", width: 14, right: true),
        ]
        TableView(columns: memberColumns, rows: rows).draw(into: &grid, x: ctx.contentX - 1, y: y + boxHeight + 1,
                                                           width: ctx.contentWidth + 1, height: ctx.contentRows - boxHeight - 1,
                                                           cursor: nil, top: 0, glyphs: g)
    }

    static func perMinute(_ v: Double?, _ unit: String) -> String { v.map { "\(Format.number($0)) \(unit)/min" } ?? "–" }

    /// The six stages from a snapshot and the model's sampled history.
    static func stages(_ s: ConsoleSnapshot, _ m: ConsoleModel, now: Timestamp) -> [Stage] {
        let gw = s.gateway
        let gateway = Stage(name: "Gateway", what: gw.url ?? "not listening",
                            rate: "\(Format.count(gw.requestsLastMinute)) req/min",
                            errors: "4xx \(gw.clientErrorsLastMinute) 5xx \(gw.serverErrorsLastMinute)",
                            backlog: Format.millis(gw.latencyMillis),
                            health: gw.url == nil ? .idle : gw.serverErrorsLastMinute > 0 ? .failing : .ok)

        let topics = s.status.topics.sorted { $0.name < $1.name }
        let topicRate = topics.compactMap { m.samples.ratePerMinute("t.published." + $0.name, now: now) }.reduce(0, +)
        let subFailures = topics.flatMap(\.subscriptions).reduce(0) { $0 + $1.failed + $1.failedToRedriveToDLQ }
        let topic = Stage(name: "Topic", what: topics.map(\.name).joined(separator: ", "),
                          rate: perMinute(topics.isEmpty ? nil : topicRate, "msg"), errors: "\(Format.count(subFailures)) failed",
                          backlog: "\(Format.count(topics.reduce(0) { $0 + $1.archived })) arch",
                          health: subFailures > 0 ? .degraded : topics.isEmpty ? .idle : .ok,
                          members: topics.flatMap { t in t.subscriptions.map { sub in
                              ["", "\(Format.lastComponent(sub.endpoint)) (\(sub.protocol))", "\(Format.count(sub.delivered)) dlvd",
                               "\(Format.count(sub.failed)) failed", "\(Format.count(sub.filteredOut)) filt"]
                          } })

        let queues = s.status.queues.sorted { $0.name < $1.name }
        let sources = queues.filter { !$0.isDeadLetterQueue }
        let dlqs = queues.filter(\.isDeadLetterQueue)
        let dlqDepth = dlqs.reduce(0) { $0 + ConsoleModel.backlog($1) }
        let received = sources.compactMap { m.samples.ratePerMinute("q.received." + $0.name, now: now) }.reduce(0, +)
        let queue = Stage(name: "Queues", what: "\(sources.count) queues, \(dlqs.count) DLQs",
                          rate: perMinute(received, "recv"), errors: "DLQ \(Format.count(dlqDepth))",
                          backlog: "\(Format.count(sources.reduce(0) { $0 + ConsoleModel.backlog($1) })) waiting",
                          health: dlqDepth > 0 ? .degraded : .ok,
                          members: queues.map { q in
                              ["", q.name + (q.isDeadLetterQueue ? " [DLQ]" : ""), "", q.isDeadLetterQueue ? "\(Format.count(ConsoleModel.backlog(q))) dead" : "",
                               Format.count(ConsoleModel.backlog(q))]
                          })

        let fns = s.functions.sorted { $0.name < $1.name }
        let invocations = fns.compactMap { m.samples.ratePerMinute("f.invocations." + $0.name, now: now) }.reduce(0, +)
        let errorRate = fns.compactMap { m.samples.ratePerMinute("f.errors." + $0.name, now: now) }.reduce(0, +)
        let throttles = fns.reduce(0) { $0 + $1.throttles }
        let function = Stage(name: "Functions", what: "\(fns.count) functions", rate: perMinute(invocations, "inv"),
                             errors: "\(Format.number(errorRate)) err/min", backlog: "\(fns.reduce(0) { $0 + $1.running }) running",
                             health: errorRate > 0 ? .failing : throttles > 0 ? .degraded : fns.isEmpty ? .idle : .ok,
                             members: fns.map { f in
                                 ["", "\(f.name) (\(f.handler))", "\(Format.count(f.invocations)) inv", "\(Format.count(f.errors)) err",
                                  "\(f.running) running"]
                             })

        let tables = s.tables.sorted { $0.name < $1.name }
        let growth = tables.compactMap { m.samples.ratePerMinute("table.items." + $0.name, now: now) }.reduce(0, +)
        let table = Stage(name: "Tables", what: tables.map(\.name).joined(separator: ", "), rate: perMinute(growth, "items"),
                          errors: "", backlog: "\(Format.count(tables.reduce(0) { $0 + $1.itemCount })) items",
                          health: tables.isEmpty ? .idle : .ok)

        let consumers = s.mappings.compactMap(\.stream).sorted { $0.mapping < $1.mapping }
        let lag = consumers.reduce(0) { $0 + $1.lag }
        let retrying = consumers.filter(\.retrying).count
        let stream = Stage(name: "Stream", what: "\(consumers.count) consumer\(consumers.count == 1 ? "" : "s")",
                           rate: "", errors: retrying > 0 ? "\(retrying) retrying" : "0 retrying", backlog: "lag \(Format.count(lag))",
                           health: consumers.isEmpty ? .idle : retrying > 0 ? .failing : lag > 0 ? .degraded : .ok,
                           members: consumers.map { c in
                               ["", "\(c.mapping) to \(c.function)", c.enabled ? "enabled" : "DISABLED",
                                "\(c.discardedBatches) discarded", "lag \(Format.count(c.lag))"]
                           })
        return [gateway, topic, queue, function, table, stream]
    }

}
