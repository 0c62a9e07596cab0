import IngestAPI
import IngestCore

extension ConsoleModel {
    /// Keys while a prompt has focus: text editing, Tab completion, Enter to accept, Esc to cancel.
    /// Nothing here reaches the key table, so plain letters never fire actions.
    mutating func handlePromptKey(_ key: Key, now: Timestamp) -> [Effect] {
        guard var p = prompt else { return [] }
        switch key {
        case .escape, .ctrl("c"):
            if case .filter(let previous) = p.kind { setViewFilter(previous) }
            prompt = nil
            return []
        case .enter:
            prompt = nil
            return accept(p, now: now)
        case .backspace, .delete:
            if p.text.isEmpty, key == .backspace {
                if case .filter(let previous) = p.kind { setViewFilter(previous) }
                prompt = nil
                return []
            }
            p.text = String(p.text.dropLast())
            p.completions = []
        case .ctrl("u"):
            p.text = ""
            p.completions = []
        case .char(let c):
            p.text.append(c)
            p.completions = []
        case .tab, .backTab:
            complete(&p, backwards: key == .backTab)
        default:
            return []
        }
        prompt = p
        if case .filter = p.kind { setViewFilter(p.text) }
        return []
    }

    /// Applies the filter text to the current view (the log view filters its ring).
    mutating func setViewFilter(_ text: String) {
        if case .panel(.logs) = view {
            var f = logs.filter
            f.text = RowFilter(text)
            logs.setFilter(f)
            followToEnd()
            return
        }
        filters[view] = text.isEmpty ? nil : RowFilter(text)
        cursors[view] = 0
    }

    private mutating func accept(_ p: Prompt, now: Timestamp) -> [Effect] {
        switch p.kind {
        case .filter:
            setViewFilter(p.text)
            return []
        case .command:
            return runCommandLine(p.text, now: now)
        case .handler(let function):
            // `HANDLER [NAME=VALUE ...]`: the handler, and environment variables to set with it (the local deploy of a fix).
            let words = p.text.split(separator: " ").map(String.init)
            guard let handler = words.first else { return [] }
            if handler == "code" { return deployCode(function, words: Array(words.dropFirst()), now: now) }
            // An engine that does not list its handlers refuses an unknown one itself.
            guard snapshot?.handlers?.contains(handler) ?? true else {
                setFlash("unknown handler '\(handler)' (built-in: \(handlerNames.joined(separator: ", ")))", .error, now: now)
                return []
            }
            var environment: [String: String] = [:]
            for word in words.dropFirst() {
                guard let eq = word.firstIndex(of: "="), eq != word.startIndex else {
                    setFlash("'\(word)' is not NAME=VALUE", .error, now: now)
                    return []
                }
                environment[String(word[..<eq])] = String(word[word.index(after: eq)...])
            }
            let current = snapshot?.functions.first { $0.name == function }?.handler ?? "?"
            let settings = environment.isEmpty ? "" : " with " + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            dialog = Dialog(title: "Switch handler",
                            message: ["Switch \(function) from \(current) to \(handler)\(settings)?",
                                      "New invocations run the new handler at once."],
                            action: .command(.configureFunction(name: function, body: .init(handler: handler,
                                                                                              environment: environment.isEmpty ? nil : environment,
                                                                                              enabled: nil))))
            return []
        case .resetStream(let table, let mapping):
            let text = p.text.trimming(" ")
            let body: ControlAPI.StreamReplayBody
            let target: String
            if let t = ISO8601.parse(text) {
                body = .init(mapping: mapping, sequence: nil, time: t)
                target = "the first record at or after \(t.iso8601)"
            } else if !text.isEmpty, text.allSatisfy(\.isNumber) {
                body = .init(mapping: mapping, sequence: text, time: nil)
                target = "sequence number \(text)"
            } else {
                setFlash("expected a sequence number or an ISO-8601 time, got '\(text)'", .error, now: now)
                return []
            }
            dialog = Dialog(title: "Reset stream consumer",
                            message: ["Reset \(mapping) on \(table) to \(target)?",
                                      "Records after that point are processed again."],
                            action: .command(.resetStream(body)))
            return []
        }
    }

    /// `code PATH`: deploys the function's code from PATH (`ingest function update-code`); `code` alone switches a
    /// function back to the code it has.
    private mutating func deployCode(_ function: String, words: [String], now: Timestamp) -> [Effect] {
        guard words.count <= 1 else {
            setFlash("code takes one PATH (a directory, .zip or source file)", .error, now: now)
            return []
        }
        guard let path = words.first else {
            dialog = Dialog(title: "Run its code",
                            message: ["Switch \(function) to its own code?", "New invocations start its runtime (a cold start)."],
                            action: .command(.configureFunction(name: function, body: .init(handler: "code", environment: nil, enabled: nil))))
            return []
        }
        dialog = Dialog(title: "Deploy code",
                        message: ["Deploy \(path) to \(function)?",
                                  "New invocations run it (a cold start); warm processes of the old code end after their invocation."],
                        action: .command(.updateCode(name: function, path: path)))
        return []
    }

    /// Tab: completes the word being typed from what the prompt accepts; repeated Tabs cycle.
    private func complete(_ p: inout Prompt, backwards: Bool) {
        if p.completions.isEmpty {
            let candidates = completionCandidates(for: p)
            guard !candidates.isEmpty else { return }
            p.completions = candidates
            p.completionIndex = backwards ? candidates.count - 1 : 0
        } else {
            let n = p.completions.count
            p.completionIndex = (p.completionIndex + (backwards ? n - 1 : 1)) % n
        }
        p.text = p.completions[p.completionIndex]
    }

    /// Full prompt texts that extend what was typed.
    func completionCandidates(for p: Prompt) -> [String] {
        switch p.kind {
        case .filter, .resetStream:
            return []
        case .handler:
            return (handlerNames + ["code"]).filter { $0.hasPrefix(p.text) }
        case .command:
            let words = p.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if words.count <= 1 {
                let typed = words.first ?? ""
                return commands.flatMap { [$0.name] + $0.aliases }.filter { $0.hasPrefix(typed) }.sorted()
            }
            guard let spec = commands.first(where: { $0.name == words[0] || $0.aliases.contains(words[0]) }) else { return [] }
            let prefix = words.dropLast().joined(separator: " ") + " "
            let typed = words.last ?? ""
            return argumentValues(spec.argument, words: Array(words.dropFirst().dropLast()))
                .filter { $0.hasPrefix(typed) }.map { prefix + $0 }
        }
    }

    private func argumentValues(_ argument: CommandSpec.Argument, words: [String]) -> [String] {
        let queues = snapshot?.status.queues ?? []
        switch argument {
        case .none, .panel: return []
        case .queue: return queues.map(\.name).sorted()
        case .deadLetterQueue: return queues.filter(\.isDeadLetterQueue).map(\.name).sorted()
        case .theme: return Theme.builtinNames
        case .function, .handler:
            // `:handler FUNCTION HANDLER`: functions first, then handlers.
            return words.isEmpty ? (snapshot?.functions ?? []).map(\.name).sorted() : handlerNames
        }
    }
}

extension ConsoleModel {
    /// The handlers a function can be switched to, as the engine's last snapshot lists them.
    var handlerNames: [String] { snapshot?.handlers ?? [] }
}
