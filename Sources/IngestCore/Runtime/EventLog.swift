import DequeModule

/// Something notable the engine did: a dead letter, a failed delivery, a move task transition.
public struct EngineEvent: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Codable { case info, warn, error }
    public var at: Timestamp
    public var level: Level
    public var source: String
    public var message: String
}

/// A bounded ring of engine events.
struct EventLog: Sendable {
    let capacity: Int
    private(set) var items: Deque<EngineEvent> = []

    init(capacity: Int) { self.capacity = capacity }

    mutating func append(_ e: EngineEvent) {
        items.append(e)
        if items.count > capacity { items.removeFirst() }
    }

    func last(_ n: Int) -> [EngineEvent] { Array(items.suffix(n)) }
}
