import IngestCore

extension ConsoleModel {
    /// Seconds between reloads of an open DLQ page, alarm or table detail.
    static let deadLetterReloadSeconds: Int64 = 3
    static let alarmReloadSeconds: Int64 = 10
    static let tableReloadSeconds: Int64 = 5

    /// Called about every 50 ms: expires the flash and reloads what is open on screen when it is stale.
    public mutating func tick(now: Timestamp) -> [Effect] {
        if let f = flash, now >= f.until { flash = nil }
        guard case .connected = connection else { return [] }
        switch view {
        case .deadLetters, .message:
            // The page behind a message's detail too, so a message deleted or redriven elsewhere shows so.
            // Where reading a message receives it (SQS), the page is read again only when asked (^R).
            guard let b = deadLetters, options.peekNotice == nil else { return [] }
            return reloadIfStale(b.readCommand, every: ConsoleModel.deadLetterReloadSeconds, now: now)
        case .alarm(let name):
            guard let a = snapshot?.alarms.first(where: { $0.name == name }) else { return [] }
            return reloadIfStale(.alarmHistory(alarm: name), every: ConsoleModel.alarmReloadSeconds, now: now)
                + reloadIfStale(alarmMetricCommand(a), every: ConsoleModel.alarmReloadSeconds, now: now)
        case .table(let name):
            let every = ConsoleModel.tableReloadSeconds
            return reloadIfStale(.tableItems(table: name, limit: 20), every: every, now: now)
                + reloadIfStale(.streamRecords(table: name, limit: 20), every: every, now: now)
        default:
            return []
        }
    }

    private mutating func reloadIfStale(_ command: ConsoleCommand, every seconds: Int64, now: Timestamp) -> [Effect] {
        if let at = loadedAt[command], now.millis(since: at) < seconds * 1000 { return [] }
        return load(command, now: now)
    }
}
