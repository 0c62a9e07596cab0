import IngestAPI
import IngestCore

/// A centered confirmation for a change to the engine. Cancel has focus when it opens, so a reflexive
/// Enter does nothing; with ``confirmWord`` (bulk and irreversible actions) OK stays disabled until that
/// word is typed.
public struct Dialog: Sendable, Hashable {
    /// A choice inside the dialog (destination, rate, time range), changed with ←/→ when focused.
    public struct Option: Sendable, Hashable {
        public var label: String
        public var values: [String]
        public var index: Int
    }

    /// What OK does once the options are chosen.
    enum Action: Sendable, Hashable {
        case command(ConsoleCommand)
        /// A redrive; options: destination (0 = each message's source), then rate.
        case redrive(source: String, messageIds: [String]?, destinations: [String])
        /// A replay; options: topic, subscription (0 = the whole topic), then range: the `from`...`to`
        /// given on the command line first when there is one, then the last 5 minutes to 24 hours.
        case replay(topics: [TopicStatus], from: Timestamp?, to: Timestamp?)
    }

    /// The dialog's title, in its top border.
    public var title: String
    /// Lines naming the target and the impact.
    public var message: [String]
    /// Choices shown above the buttons.
    public var options: [Option]
    /// Typed to enable OK, when set.
    public var confirmWord: String?
    /// What was typed into the type-to-confirm field.
    public var typed: String = ""
    /// 0..<options.count: an option; then OK; then Cancel.
    public var focus: Int
    var action: Action

    init(title: String, message: [String], options: [Option] = [], confirmWord: String? = nil, action: Action) {
        self.title = title
        self.message = message
        self.options = options
        self.confirmWord = confirmWord
        self.action = action
        focus = options.count + 1
    }

    /// The ``focus`` value of OK.
    public var okIndex: Int { options.count }
    /// The ``focus`` value of Cancel (the initial focus).
    public var cancelIndex: Int { options.count + 1 }
    /// Whether OK may be pressed: no word to type, or the word typed exactly.
    public var isConfirmEnabled: Bool { confirmWord.map { typed == $0 } ?? true }

    /// Rates a redrive offers, in messages per second; `nil` is "system optimized".
    static let rates: [Int?] = [nil, 1, 10, 50, 100, 500]
    /// Replay ranges, in minutes back from now.
    static let replayMinutes = [5, 15, 60, 360, 1440]

    /// The command OK sends, from the action and the chosen options.
    func command(now: Timestamp) -> ConsoleCommand {
        switch action {
        case .command(let c):
            return c
        case .redrive(let source, let ids, let destinations):
            let d = options.first?.index ?? 0
            let r = options.count > 1 ? options[1].index : 0
            return .redrive(RedriveRequest(source: source, destination: d == 0 ? nil : destinations[d - 1],
                                           maxPerSecond: Dialog.rates[r], messageIds: ids))
        case .replay(let topics, let from, let to):
            let topic = topics[options[0].index]
            let s = options[1].index
            let sub = s == 0 || s > topic.subscriptions.count ? nil : topic.subscriptions[s - 1].arn
            var range = options[2].index
            if let from {
                if range == 0 { return .replay(ControlAPI.ReplayRequest(topic: topic.name, from: from, to: to, subscription: sub)) }
                range -= 1
            }
            let minutes = Dialog.replayMinutes[range]
            return .replay(ControlAPI.ReplayRequest(topic: topic.name, from: now.adding(seconds: -60 * minutes), to: now,
                                                    subscription: sub))
        }
    }

    /// Keeps the subscription choices in step with the chosen topic.
    mutating func refreshReplaySubscriptions() {
        guard case .replay(let topics, _, _) = action, options.count == 3 else { return }
        let topic = topics[options[0].index]
        options[1].values = ["whole topic (every subscription)"] + topic.subscriptions.map { Format.lastComponent($0.arn) }
        options[1].index = min(options[1].index, options[1].values.count - 1)
    }
}
