import IngestAPI
import IngestCore

/// An alarm's detail: state, condition, value against threshold, a text chart of the metric with the
/// threshold drawn across it, and the state history.
enum AlarmDetail {
    static let chartHeight = 8

    static func lines(_ m: ConsoleModel, name: String, width: Int, now: Timestamp) -> [DetailText.Line] {
        guard let a = m.snapshot?.alarms.first(where: { $0.name == name }) else {
            return [DetailText.Line("alarm \(name) is not in the engine's snapshot", .dim)]
        }
        let state = PanelContent.alarmState(a.state)
        var out: [DetailText.Line] = [
            DetailText.Line("State      \(state.text) since \(a.since.iso8601) (\(Format.age(a.since, now: now)) ago)", state.role),
            DetailText.Line("Condition  \(a.condition)"),
            DetailText.Line("Value      \(Format.number(a.value)) \(a.comparisonSymbol) \(Format.number(a.threshold))?  \(a.value.map { a.comparison.breaches($0, threshold: a.threshold) ? "yes: breaching" : "no" } ?? "no data")"),
            DetailText.Line("Missing    \(a.treatMissingData.rawValue)   actions \(a.actionsEnabled ? "enabled" : "disabled") (\(a.actionCount))"),
            DetailText.Line("Reason     \(a.reason)", .dim),
            DetailText.Line(""),
        ]
        if let series = m.alarmSeries[name] {
            out.append(DetailText.Line("\(a.statistic.rawValue)(\(a.metric.name)) per minute, last \(series.points.count) min; \(String(m.options.ascii ? "-" : "┄")) is the threshold", .tableHeader))
            out += chart(series.points.map { a.statistic.value(of: $0) }, threshold: a.threshold, width: width, ascii: m.options.ascii)
        } else {
            out.append(DetailText.Line("METRIC (loading…)", .tableHeader))
        }
        out.append(DetailText.Line(""))
        let history = m.alarmHistory[name]
        out.append(DetailText.Line("HISTORY\(history == nil ? " (loading…)" : "")", .tableHeader))
        for item in history ?? [] {
            out.append(DetailText.Line("  \(item.timestamp.iso8601)  \(item.type.rawValue.padding(19)) \(item.summary)",
                                       item.summary.contains("to ALARM") ? .statusAlarm : .body))
        }
        return out
    }

    /// A bar chart `chartHeight` rows tall, one column per point (newest right), the threshold as a rule.
    static func chart(_ values: [Double], threshold: Double, width: Int, ascii: Bool) -> [DetailText.Line] {
        let labelWidth = 9
        let shown = values.suffix(max(1, width - labelWidth - 1)).map { $0.isFinite ? max(0, $0) : 0 }
        guard threshold.isFinite else { return [DetailText.Line("  the threshold is not a finite number", .dim)] }
        let top = max(shown.max() ?? 0, threshold) * 1.1
        guard top > 0 else { return [DetailText.Line("  no datapoints above zero yet", .dim)] }
        let full: Character = ascii ? "#" : "█"
        let rule: Character = ascii ? "-" : "┄"
        var out: [DetailText.Line] = []
        let thresholdRow = Int((threshold / top * Double(chartHeight)).rounded(.up))
        for row in stride(from: chartHeight, through: 1, by: -1) {
            let level = top * Double(row) / Double(chartHeight)
            let label = Format.fit(Format.number(row == thresholdRow ? threshold : level), labelWidth - 1, right: true) + " "
            var line = ""
            for v in shown {
                let height = Int((v / top * Double(chartHeight)).rounded())
                line.append(height >= row ? full : row == thresholdRow ? rule : " ")
            }
            out.append(DetailText.Line(label + line, row == thresholdRow ? .statusWarn : .sparkline))
        }
        return out
    }
}

extension Statistic {
    /// This statistic of a one-minute datapoint (0 for an empty one).
    func value(of p: ControlAPI.MetricPoint) -> Double {
        guard let s = Statistics(sampleCount: p.sampleCount, sum: p.sum, minimum: p.minimum, maximum: p.maximum) else { return 0 }
        return value(of: s)
    }
}
