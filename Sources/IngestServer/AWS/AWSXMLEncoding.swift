import Foundation
import IngestCore

/// Writes a reply as the query protocol does: `<{Action}Response>` with a `<{Action}Result>` and
/// `<ResponseMetadata><RequestId>`, in the service's namespace.
public enum AWSXMLEncoding {
    /// The namespace of every SQS query reply.
    public static let namespace = "https://queue.amazonaws.com/doc/2012-11-05/"

    /// The whole reply document of `action`.
    public static func response(action: String, result: AWSValue, requestId: String, namespace: String = namespace) -> String {
        var out = "<?xml version=\"1.0\"?><\(action)Response xmlns=\"\(namespace)\">"
        if case .structure(let members) = result, members.isEmpty {
            // Operations without output have no Result element.
        } else {
            out += "<\(action)Result>"
            content(result, into: &out)
            out += "</\(action)Result>"
        }
        out += "<ResponseMetadata><RequestId>\(escape(requestId))</RequestId></ResponseMetadata></\(action)Response>"
        return out
    }

    /// The error document: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
    public static func error(type: String, code: String, message: String, requestId: String, namespace: String = namespace) -> String {
        "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"\(namespace)\"><Error><Type>\(escape(type))</Type><Code>\(escape(code))</Code>"
            + "<Message>\(escape(message))</Message></Error><RequestId>\(escape(requestId))</RequestId></ErrorResponse>"
    }

    /// The children of an element holding `value`.
    static func content(_ value: AWSValue, into out: inout String) {
        switch value {
        case .string(let s): out += escape(s)
        case .integer(let n): out += String(n)
        case .double(let d): out += AWSJSONEncoding.number(d)
        case .boolean(let b): out += b ? "true" : "false"
        case .timestamp(let date): out += iso8601(date)
        case .raw(let value):
            if case .string(let s) = value { out += escape(s) } else { out += escape(value.serialized()) }
        case .structure(let members):
            for m in members { element(m.name, m.value, into: &out) }
        case .list(let member, let items):
            for i in items { element(member, i, into: &out) }
        case .map(let entry, let key, let valueName, let entries):
            for e in entries {
                out += "<\(entry)><\(key)>\(escape(e.name))</\(key)>"
                element(valueName, e.value, into: &out)
                out += "</\(entry)>"
            }
        case .wrappedList(let items):
            for i in items { element("member", i, into: &out) }
        case .wrappedMap(let entries):
            for e in entries {
                out += "<entry><key>\(escape(e.name))</key>"
                element("value", e.value, into: &out)
                out += "</entry>"
            }
        }
    }

    /// `2026-12-04T10:11:12.345Z`, as the query protocol writes timestamps.
    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// A member named `name`: flattened lists and maps repeat their own element names instead.
    static func element(_ name: String, _ value: AWSValue, into out: inout String) {
        switch value {
        case .list, .map: content(value, into: &out)
        default:
            out += "<\(name)>"
            content(value, into: &out)
            out += "</\(name)>"
        }
    }

    /// Escapes text for XML content; characters XML 1.0 cannot carry (SQS refuses them in bodies) as references.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#xD;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
