import IngestCore

extension ConsoleModel {
    /// Handles one key press. A focused dialog or prompt gets the key first; otherwise the key table
    /// decides, in the current view's scope, then `list`, then `global`. Unbound keys do nothing.
    public mutating func handle(_ key: Key, now: Timestamp) -> [Effect] {
        if key == .resize { return [] }
        if dialog != nil { return handleDialogKey(key, now: now) }
        if prompt != nil {
            let effects = handlePromptKey(key, now: now)
            rememberCursor()
            return effects
        }
        if isHelpShown { return handleHelpKey(key) }
        guard let binding = keyTable.binding(for: key, in: scopes) else { return [] }
        let effects = perform(binding.action, now: now)
        rememberCursor()
        return effects
    }

    /// Runs an action of the key table (also used by `:` commands that mirror keys).
    mutating func perform(_ action: KeyAction, now: Timestamp) -> [Effect] {
        guard keyTable.contains(action) else { return [] }
        switch action {
        case .quit: return quit()
        case .help:
            isHelpShown = true
            helpTop = 0
            return []
        case .filter:
            let previous = view == .panel(.logs) ? logs.filter.text.text : filters[view]?.text ?? ""
            prompt = Prompt(.filter(previous: previous), text: previous)
            return []
        case .command:
            prompt = Prompt(.command)
            return []
        case .back: return back()
        case .refresh:
            if let b = deadLetters, case .deadLetters = view { return [.refreshNow] + load(b.readCommand, now: now) }
            return [.refreshNow]
        case .suspend: return [.suspend]
        case .nextPanel: return switchPanel(panel.cycled(by: 1), now: now)
        case .previousPanel: return switchPanel(panel.cycled(by: -1), now: now)
        case .panelPipeline: return switchPanel(.pipeline, now: now)
        case .panelQueues: return switchPanel(.queues, now: now)
        case .panelDeadLetters: return switchPanel(.deadLetters, now: now)
        case .panelAlarms: return switchPanel(.alarms, now: now)
        case .panelLogs: return switchPanel(.logs, now: now)
        case .panelFunctions: return switchPanel(.functions, now: now)
        case .panelTables: return switchPanel(.tables, now: now)
        case .panelMoveTasks: return switchPanel(.moveTasks, now: now)
        case .down: moveCursor(by: 1)
        case .up: moveCursor(by: -1)
        case .top: moveCursor(to: 0)
        case .bottom: moveCursor(to: Int.max)
        case .pageDown: moveCursor(by: pageRows)
        case .pageUp: moveCursor(by: -pageRows)
        case .open: return open(now: now)
        case .linkedQueue: jumpToLinkedQueue(now: now)
        case .toggleSelect: toggleSelection()
        case .selectPage: selectPage()
        case .nextPage: return nextPage(now: now)
        case .previousPage: return previousPage(now: now)
        case .wrap: logsWrap.toggle()
        case .timestamps: logsTimestamps.toggle()
        case .fullscreen: logsFullscreen.toggle()
        case .mark: logs.append(.mark(now)); if following { followToEnd() }
        case .save: return [.saveLogs(logs.filtered.compactMap(\.line))]
        case .cycleSource: cycleLogSource()
        case .cycleLevel: cycleLogLevel()
        case .scrollLeft: logsColumn = max(0, logsColumn - max(1, viewport.width / 2))
        case .scrollRight: logsColumn += max(1, viewport.width / 2)
        case .replay, .purge, .redriveAll, .redriveSelected, .redriveAllMessages, .purgeDeadLetters, .deleteMessage,
             .editMessage, .redriveMessage, .editDetailMessage, .deleteDetailMessage, .switchHandler, .toggleMappings,
             .resetStream, .cancelMoveTask:
            return startDangerous(action, now: now)
        }
        return []
    }

    /// Esc: clears the view's filter first, then goes back one level.
    mutating func back() -> [Effect] {
        if let f = filters[view], !f.text.isEmpty {
            filters[view] = nil
            clampCursor()
            return []
        }
        if case .panel(.logs) = view, logs.filter.isActive {
            logs.setFilter(LogFilter())
            followToEnd()
            return []
        }
        pop()
        return []
    }

    private mutating func handleHelpKey(_ key: Key) -> [Effect] {
        switch keyTable.binding(for: key, in: [.list, .global])?.action {
        case .help?, .back?: isHelpShown = false
        case .quit?: return quit()
        case .down?: helpTop += 1
        case .up?: helpTop -= 1
        case .pageDown?: helpTop += pageRows
        case .pageUp?: helpTop -= pageRows
        case .top?: helpTop = 0
        case .bottom?: helpTop = Int.max
        default: break
        }
        // The help box leaves four rows for its frame and the header.
        helpTop = min(max(0, helpTop), max(0, HelpScreen.lines(self).count - (viewport.height - 4)))
        return []
    }

    // MARK: logs

    private mutating func cycleLogSource() {
        var f = logs.filter
        let all = logs.sources
        if let s = f.source, let i = all.firstIndex(of: s) {
            f.source = i + 1 < all.count ? all[i + 1] : nil
        } else {
            f.source = all.first
        }
        logs.setFilter(f)
        followToEnd()
    }

    private mutating func cycleLogLevel() {
        var f = logs.filter
        switch f.minLevel {
        case nil: f.minLevel = .info
        case .debug?, .info?: f.minLevel = .warn
        case .warn?: f.minLevel = .error
        case .error?: f.minLevel = nil
        }
        logs.setFilter(f)
        followToEnd()
    }

    /// Follows the newest line again (G, End, scrolling back to the bottom, a new filter).
    mutating func followToEnd() {
        following = true
        cursors[.panel(.logs)] = max(0, logs.count - 1)
    }
}
