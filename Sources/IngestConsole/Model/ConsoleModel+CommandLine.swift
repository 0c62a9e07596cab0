import IngestCore

extension ConsoleModel {
    /// Runs a `:` command line. Unknown commands, and dangerous ones in read-only mode, are refused
    /// with a flash; dangerous ones open the same dialogs as their keys.
    mutating func runCommandLine(_ line: String, now: Timestamp) -> [Effect] {
        let words = line.split(separator: " ").map(String.init)
        guard let name = words.first else { return [] }
        guard let spec = commands.first(where: { $0.name == name || $0.aliases.contains(name) }) else {
            let known = CommandSpec.all.contains { $0.name == name || $0.aliases.contains(name) }
            setFlash(known ? ":\(name) is not available in read-only mode" : "unknown command :\(name) (Tab completes)", .error, now: now)
            return []
        }
        let argument = words.count > 1 ? words[1] : nil
        switch spec.name {
        case "q": return quit()
        case "pipeline": return switchPanel(.pipeline, now: now)
        case "queues": return switchPanel(.queues, now: now)
        case "alarms": return switchPanel(.alarms, now: now)
        case "logs": return switchPanel(.logs, now: now)
        case "functions": return switchPanel(.functions, now: now)
        case "tables": return switchPanel(.tables, now: now)
        case "moves": return switchPanel(.moveTasks, now: now)
        case "help":
            isHelpShown = true
            return []
        case "dlq":
            setRoot(.deadLetters)
            guard let argument else { return [] }
            guard queueExists(argument, now: now) else { return [] }
            return openQueue(argument, now: now)
        case "alarm":
            guard let argument, let a = snapshot?.alarms.first(where: { $0.name == argument }) else {
                setFlash("no alarm named '\(argument ?? "")'", .error, now: now)
                return []
            }
            setRoot(.alarms)
            push(.alarm(a.name))
            return alarmLoads(a, now: now)
        case "theme":
            guard let argument, Theme.builtinNames.contains(argument) else {
                setFlash("unknown theme '\(argument ?? "")' (built-in: \(Theme.builtinNames.joined(separator: ", ")))", .error, now: now)
                return []
            }
            themeName = argument
            setFlash("theme \(argument)", .info, now: now)
            return []
        case "redrive":
            if let argument {
                guard queueExists(argument, now: now) else { return [] }
                let depth = snapshot?.status.queues.first { $0.name == argument }.map(ConsoleModel.backlog) ?? 0
                confirmRedrive(source: argument, ids: nil, count: depth)
                return []
            }
            if let b = deadLetters, case .deadLetters = view {
                return startDangerous(b.selected.isEmpty ? .redriveAllMessages : .redriveSelected, now: now)
            }
            if case .message = view { return startDangerous(.redriveMessage, now: now) }
            return startDangerous(.redriveAll, now: now)
        case "purge":
            guard let argument, queueExists(argument, now: now) else { return [] }
            let depth = snapshot?.status.queues.first { $0.name == argument }.map(ConsoleModel.backlog) ?? 0
            confirmPurge(argument, count: depth)
            return []
        case "handler":
            guard words.count == 3, snapshot?.functions.contains(where: { $0.name == words[1] }) == true else {
                setFlash("usage: :handler FUNCTION HANDLER", .error, now: now)
                return []
            }
            prompt = Prompt(.handler(function: words[1]), text: words[2])
            return handlePromptKey(.enter, now: now)
        case "replay":
            guard let argument else {
                openReplay(from: nil, to: nil)
                return []
            }
            guard let from = ISO8601.parse(argument) else {
                setFlash("usage: :replay [FROM [TO]] with ISO-8601 times, e.g. 2026-01-31T12:00:00Z", .error, now: now)
                return []
            }
            let to = words.count > 2 ? ISO8601.parse(words[2]) : nil
            if words.count > 2, to == nil {
                setFlash("'\(words[2])' is not an ISO-8601 time", .error, now: now)
                return []
            }
            openReplay(from: from, to: to)
            return []
        default:
            return []
        }
    }

    private mutating func queueExists(_ name: String, now: Timestamp) -> Bool {
        if snapshot?.status.queues.contains(where: { $0.name == name }) == true { return true }
        setFlash("no queue named '\(name)'", .error, now: now)
        return false
    }
}
