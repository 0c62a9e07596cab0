import IngestCore

extension LogQuery {
    /// The query items of `GET /v1/logs` for this query (what ``init(queryItems:)`` reads back).
    var queryItems: [QueryItem] {
        var items = [QueryItem("limit", String(limit))]
        if let source { items.append(QueryItem("source", source)) }
        if let minLevel { items.append(QueryItem("level", minLevel.rawValue)) }
        if let requestId { items.append(QueryItem("requestId", requestId)) }
        if let since { items.append(QueryItem("since", since.iso8601)) }
        if let contains { items.append(QueryItem("contains", contains)) }
        if let afterId { items.append(QueryItem("after", String(afterId))) }
        return items
    }

    /// A query from `GET /v1/logs` items: at most 200 lines by default and 10,000 in all; `nil` when a
    /// level, time, cursor or limit is unreadable.
    init?(queryItems: [QueryItem]) {
        self.init(limit: 200)
        for item in queryItems {
            let v = item.value
            switch item.name {
            case "source": source = v
            case "level": guard let l = LogLevel(rawValue: v.uppercased()) else { return nil }; minLevel = l
            case "requestId": requestId = v
            case "since": guard let t = ISO8601.parse(v) else { return nil }; since = t
            case "contains": contains = v
            case "after": guard let a = UInt64(v) else { return nil }; afterId = a
            case "limit": guard let n = Int(v), n > 0 else { return nil }; limit = min(n, 10_000)
            default: break
            }
        }
    }
}
