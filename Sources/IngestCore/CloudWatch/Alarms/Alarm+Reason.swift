/// State reason texts and `StateReasonData`, worded as CloudWatch words them.
///
/// - `Threshold Crossed: 2 out of the last 3 datapoints [1.0 (29/11/25 03:10:00), 1.0 (29/11/25 03:05:00)] were
///   greater than or equal to the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).`
///   The datapoints listed (newest first) are the real ones that support the new state: the breaching ones for
///   ALARM, the others for OK (`was not greater than ...`, `minimum N-M+1 datapoints for ALARM -> OK transition`).
/// - Filled datapoints add ` and 2 missing datapoints were treated as [Breaching]` before the minimum clause.
/// - When no real datapoint supports the new state: `Threshold Crossed: no datapoints were received for 3 periods
///   and 3 missing datapoints were treated as [NonBreaching].` (or `1 datapoint was received for 3 periods ...`).
/// - `Insufficient Data: 1 datapoint was unknown.`
/// - An alarm defined without `DatapointsToAlarm` uses the legacy wording:
///   `Threshold Crossed: 1 datapoint [0.0 (19/03/24 17:14:00)] was not greater than or equal to the threshold (1.0).`
extension AlarmEvaluation {
    /// AWS caps `StateReason` at 1,023 characters; the oldest listed datapoints are dropped to fit.
    static let maxReasonLength = 1023

    func reason(for state: AlarmState) -> String {
        let n = definition.evaluationPeriods, m = definition.datapointsToAlarm
        if state == .insufficientData {
            let unknown = evaluated.isEmpty ? n : filled
            return "Insufficient Data: \(AlarmText.count(unknown, "datapoint")) \(unknown == 1 ? "was" : "were") unknown."
        }
        let toAlarm = state == .alarm
        let supporting = evaluated.filter { $0.breaching == toAlarm }
        let fillsCount = filled > 0 && (treatment == .breaching || treatment == .notBreaching)
        let fillClause = fillsCount
            ? " and \(AlarmText.count(filled, "missing datapoint")) \(filled == 1 ? "was" : "were") treated as [\(treatment.reasonLabel)]"
            : ""
        if supporting.isEmpty {
            let received = evaluated.count
            let head = received == 0 ? "no datapoints were" : "\(AlarmText.count(received, "datapoint")) \(received == 1 ? "was" : "were")"
            return "Threshold Crossed: \(head) received for \(AlarmText.count(n, "period"))\(fillClause)."
        }
        let q = supporting.count
        let comparison = "\(q == 1 ? "was" : "were") \(toAlarm ? "" : "not ")\(definition.comparisonOperator.phrase) the threshold (\(AlarmText.number(definition.threshold)))"
        func text(_ listed: ArraySlice<AlarmDatapoint>) -> String {
            let list = listed.map { "\(AlarmText.number($0.value)) (\(AlarmText.datapointTime($0.start)))" }.joined(separator: ", ")
            if definition.datapointsToAlarmSpecified {
                let minimum = toAlarm ? m : n - m + 1
                let direction = toAlarm ? "OK -> ALARM" : "ALARM -> OK"
                return "Threshold Crossed: \(q) out of the last \(n) datapoints [\(list)] \(comparison)\(fillClause) (minimum \(AlarmText.count(minimum, "datapoint")) for \(direction) transition)."
            }
            return "Threshold Crossed: \(AlarmText.count(q, "datapoint")) [\(list)] \(comparison)\(fillClause)."
        }
        var listed = supporting[...]
        var result = text(listed)
        while result.count > Self.maxReasonLength, listed.count > 1 {
            listed = listed.dropLast()
            result = text(listed)
        }
        return String(result.prefix(Self.maxReasonLength))
    }

    /// `{"version":"1.0","queryDate":...,"startDate":...,"statistic":...,"period":...,"recentDatapoints":[...],
    /// "threshold":...,"evaluatedDatapoints":[...]}` with the evaluated datapoints newest first (filled ones carry
    /// only a timestamp) and `recentDatapoints` the real values oldest first.
    func reasonData(queryDate: Timestamp) -> String {
        let fills = missingStarts.prefix(filled)
        var points: [(start: Timestamp, datapoint: AlarmDatapoint?)] = evaluated.map { ($0.start, $0) }
        points += fills.map { ($0, nil) }
        points.sort { $0.start > $1.start }
        let start = points.last?.start ?? rangeStart
        func render(withEvaluated: Bool) -> String {
            var fields: [(String, OrderedJSON)] = [
                ("version", .string("1.0")),
                ("queryDate", .string(AlarmText.awsTime(queryDate))),
                ("startDate", .string(AlarmText.awsTime(start))),
                ("statistic", .string(definition.statistic.rawValue)),
                ("period", .number(String(definition.period))),
                ("recentDatapoints", .array(evaluated.reversed().map { .double($0.value) })),
                ("threshold", .double(definition.threshold)),
            ]
            if withEvaluated {
                fields.append(("evaluatedDatapoints", .array(points.map { p in
                    var item: [(String, OrderedJSON)] = [("timestamp", .string(AlarmText.awsTime(p.start)))]
                    if let d = p.datapoint {
                        item.append(("sampleCount", .double(d.sampleCount)))
                        item.append(("value", .double(d.value)))
                    }
                    return .object(item)
                })))
            }
            return OrderedJSON.object(fields).render()
        }
        let full = render(withEvaluated: true)
        return full.count <= 4000 ? full : render(withEvaluated: false)
    }
}

/// Number, time and plural formatting in CloudWatch's style.
enum AlarmText {
    /// `3 datapoints`, `1 datapoint`.
    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// A number as CloudWatch (Java's `Double.toString`) prints it: `1.0`, `30.5`, `0.0666851903306472`,
    /// `1.0E7`, `1.0E-4`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Shortest round-trip digits from Swift's description, then Java's layout.
        let text = "\(abs(value))"
        var mantissa = Substring(text), exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = "", point = 0, seenPoint = false
        for ch in mantissa {
            if ch == "." { seenPoint = true; continue }
            digits.append(ch)
            if !seenPoint { point += 1 }
        }
        while digits.first == "0", digits.count > 1 { digits.removeFirst(); point -= 1 }
        while digits.last == "0", digits.count > 1 { digits.removeLast() }
        let sci = point + exponent - 1
        let sign = value < 0 ? "-" : ""
        let d = Array(digits)
        if (-3...6).contains(sci) {
            if sci >= 0 {
                let intCount = sci + 1
                let intPart = d.count >= intCount ? String(d[0..<intCount]) : String(d) + String(repeating: "0", count: intCount - d.count)
                let frac = d.count > intCount ? String(d[intCount...]) : "0"
                return "\(sign)\(intPart).\(frac)"
            }
            return "\(sign)0.\(String(repeating: "0", count: -sci - 1))\(digits)"
        }
        let frac = d.count > 1 ? String(d[1...]) : "0"
        return "\(sign)\(d[0]).\(frac)E\(sci)"
    }

    /// `dd/MM/yy HH:mm:ss` in UTC, as datapoints appear in a state reason.
    static func datapointTime(_ t: Timestamp) -> String {
        let (y, mo, d, h, mi, s) = ISO8601.civil(t.epochSeconds)
        return "\(pad(d))/\(pad(mo))/\(pad(y % 100)) \(pad(h)):\(pad(mi)):\(pad(s))"
    }

    /// `2024-03-16T12:16:45.770+0000`, CloudWatch's timestamp format in notifications and reason data.
    static func awsTime(_ t: Timestamp) -> String {
        let iso = ISO8601.format(t)
        return String(iso.dropLast()) + "+0000"
    }

    private static func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
