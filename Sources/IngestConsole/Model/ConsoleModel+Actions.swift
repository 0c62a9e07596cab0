import IngestCore

extension ConsoleModel {
    /// Starts a change to the engine: always through a dialog (or a prompt, then a dialog), never directly.
    mutating func startDangerous(_ action: KeyAction, now: Timestamp) -> [Effect] {
        switch action {
        case .purge:
            let rows = panel == .deadLetters ? deadLetterQueueRows : queueRows
            guard let q = current(rows) else { return [] }
            confirmPurge(q.name, count: ConsoleModel.backlog(q))
        case .purgeDeadLetters:
            guard let b = deadLetters else { return [] }
            confirmPurge(b.queue, count: b.page?.total ?? 0)
        case .redriveAll:
            let rows = panel == .deadLetters ? deadLetterQueueRows : queueRows
            guard let q = current(rows) else { return [] }
            guard q.isDeadLetterQueue else {
                setFlash("\(q.name) is not a dead-letter queue; open its DLQ (l) to redrive", .warn, now: now)
                return []
            }
            confirmRedrive(source: q.name, ids: nil, count: ConsoleModel.backlog(q))
        case .redriveAllMessages:
            guard let b = deadLetters else { return [] }
            confirmRedrive(source: b.queue, ids: nil, count: b.page?.total ?? 0)
        case .redriveSelected:
            guard let b = deadLetters else { return [] }
            let ids = b.selected.isEmpty ? current(deadLetterRows).map { [$0.messageId] } ?? [] : b.selected.sorted()
            guard !ids.isEmpty else { return [] }
            confirmRedrive(source: b.queue, ids: ids, count: ids.count)
        case .redriveMessage:
            guard case .message(let queue, let id) = view else { return [] }
            confirmRedrive(source: queue, ids: [id], count: 1)
        case .deleteMessage, .deleteDetailMessage:
            guard let (queue, id) = targetMessage else { return [] }
            dialog = Dialog(title: "Delete message", message: ["Delete message \(id) from \(queue)?", "This cannot be undone."],
                            confirmWord: "delete", action: .command(.deleteMessage(queue: queue, messageId: id)))
        case .editMessage, .editDetailMessage:
            guard let (queue, id) = targetMessage, let m = deadLetters?.message(id) else { return [] }
            return [.editBody(queue: queue, messageId: id, body: DetailText.prettyBody(m.body))]
        case .switchHandler:
            guard let f = current(functionRows) else { return [] }
            prompt = Prompt(.handler(function: f.name))
        case .toggleMappings:
            guard let f = current(functionRows) else { return [] }
            let maps = mappings(of: f.name)
            guard !maps.isEmpty else {
                setFlash("\(f.name) has no event source mappings", .info, now: now)
                return []
            }
            let enable = !maps.contains(where: \.enabled)
            let verb = enable ? "Enable" : "Disable"
            dialog = Dialog(title: "\(verb) mappings",
                            message: ["\(verb) \(Format.count(maps.count)) event source mapping\(maps.count == 1 ? "" : "s") of \(f.name)?",
                                      enable ? "Polling resumes at once." : "Messages wait in their queues until enabled again."],
                            action: .command(.configureFunction(name: f.name, body: .init(handler: nil, environment: nil, enabled: enable))))
        case .resetStream:
            let table: String
            if case .table(let t) = view { table = t } else if let t = current(tableRows) { table = t.name } else { return [] }
            guard let consumer = streamConsumers(of: table).first else {
                setFlash("\(table) has no stream consumer", .info, now: now)
                return []
            }
            prompt = Prompt(.resetStream(table: table, mapping: consumer.logicalId))
        case .cancelMoveTask:
            guard let t = current(moveTaskRows) else { return [] }
            guard t.status == .running else {
                setFlash("that move task is \(t.status.rawValue), not running", .info, now: now)
                return []
            }
            let source = Format.lastComponent(t.sourceArn)
            dialog = Dialog(title: "Cancel move task",
                            message: ["Cancel the redrive from \(source)?",
                                      "\(Format.count(t.approximateNumberOfMessagesMoved)) of \(Format.count(t.approximateNumberOfMessagesToMove)) moved so far; the rest stay in \(source)."],
                            action: .command(.cancelMoveTask(source: source)))
        case .replay:
            openReplay(from: nil, to: nil)
        default:
            break
        }
        return []
    }

    /// The replay dialog; `from`/`to` (from `:replay FROM [TO]`) become the first range offered.
    mutating func openReplay(from: Timestamp?, to: Timestamp?) {
        let topics = (snapshot?.status.topics ?? []).sorted { $0.name < $1.name }
        guard !topics.isEmpty else { return }
        let custom = from.map { ["\($0.iso8601) to \(to?.iso8601 ?? "now")"] } ?? []
        let ranges = custom + Dialog.replayMinutes.map { "last \(Format.minutes($0))" }
        var d = Dialog(title: "Replay topic archive",
                       message: ["Replay archived messages to the topic's subscriptions again.",
                                 "Subscribers must be idempotent: they will see these messages twice."],
                       options: [Dialog.Option(label: "Topic", values: topics.map(\.name), index: 0),
                                 Dialog.Option(label: "To", values: [], index: 0),
                                 Dialog.Option(label: "Range", values: ranges, index: from == nil ? 1 : 0)],
                       action: .replay(topics: topics, from: from, to: to))
        d.refreshReplaySubscriptions()
        dialog = d
    }

    /// The DLQ message an action applies to: the detail shown, or the row under the cursor.
    private var targetMessage: (String, String)? {
        if case .message(let q, let id) = view { return (q, id) }
        guard let b = deadLetters, let m = current(deadLetterRows) else { return nil }
        return (b.queue, m.messageId)
    }

    mutating func confirmPurge(_ queue: String, count: Int) {
        dialog = Dialog(title: "Purge queue",
                        message: ["Purge \(Format.count(count)) message\(count == 1 ? "" : "s") from \(queue)?",
                                  "Every message is deleted; this cannot be undone."],
                        confirmWord: queue, action: .command(.purge(queue: queue)))
    }

    mutating func confirmRedrive(source: String, ids: [String]?, count: Int) {
        let destinations = (snapshot?.status.queues ?? []).filter { !$0.isDeadLetterQueue && $0.name != source }.map(\.name).sorted()
        let what = ids == nil ? "all \(Format.count(count)) messages" : "\(Format.count(count)) selected message\(count == 1 ? "" : "s")"
        dialog = Dialog(title: ids == nil ? "Redrive all" : "Redrive",
                        message: ["Redrive \(what) from \(source)?", "Progress shows in 8 Move tasks."],
                        options: [Dialog.Option(label: "To", values: ["their source queues"] + destinations, index: 0),
                                  Dialog.Option(label: "Rate", values: Dialog.rates.map { $0.map { "\($0)/s" } ?? "system optimized" }, index: 0)],
                        confirmWord: ids == nil ? source : nil,
                        action: .redrive(source: source, messageIds: ids, destinations: destinations))
    }

    // MARK: dialog keys

    mutating func handleDialogKey(_ key: Key, now: Timestamp) -> [Effect] {
        guard var d = dialog else { return [] }
        let buttons = d.cancelIndex + 1
        switch key {
        case .escape, .ctrl("c"):
            dialog = nil
            return []
        case .tab: d.focus = (d.focus + 1) % buttons
        case .backTab: d.focus = (d.focus + buttons - 1) % buttons
        case .up: d.focus = max(0, d.focus - 1)
        case .down: d.focus = min(d.cancelIndex, d.focus + 1)
        case .left, .right:
            if d.focus < d.okIndex {
                let n = d.options[d.focus].values.count
                d.options[d.focus].index = (d.options[d.focus].index + (key == .right ? 1 : n - 1)) % max(1, n)
                d.refreshReplaySubscriptions()
            } else {
                d.focus = d.focus == d.okIndex ? d.cancelIndex : d.okIndex
            }
        case .backspace:
            if d.confirmWord != nil { d.typed = String(d.typed.dropLast()) }
        case .char(let c):
            // Typing the word is the deliberate act: the field belongs to OK, so focus moves there.
            if d.confirmWord != nil {
                d.typed.append(c)
                d.focus = d.okIndex
            }
        case .enter:
            if d.focus == d.cancelIndex {
                dialog = nil
                return []
            }
            guard d.focus == d.okIndex else { return [] }
            guard d.isConfirmEnabled else {
                setFlash("type \(d.confirmWord ?? "") to confirm", .warn, now: now)
                return []
            }
            dialog = nil
            let command = d.command(now: now)
            guard !isReadOnly || !command.isChange else { return [] }
            pending.insert(command)
            return [.command(command)]
        default:
            break
        }
        dialog = d
        return []
    }
}
